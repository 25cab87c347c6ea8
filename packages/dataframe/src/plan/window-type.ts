/**
 * The type of a window function's column, and the checks of its arguments and frame (planning
 * only: kernels/window.ts computes it).
 */
import { isNumeric, type DType } from '../types/dtype.js';
import { frameToString, type AggFn, type WindowFn, type WindowFrame } from './expr-node.js';
import { PlanError } from './plan-error.js';

/** Aggregates a frame smaller than the whole partition can run (a running or sliding accumulator). */
const FRAME_AGGREGATES: readonly string[] = ['sum', 'mean', 'count', 'size', 'min', 'max'];

export interface WindowCallShape {
  fn: WindowFn | AggFn;
  frame: WindowFrame | null;
  n?: number;
}

/**
 * The column type of a window call whose input is of type `t` (null: it has none); `wholeType`
 * gives (and checks) an aggregate's type over the whole partition, as a grouped aggregate's.
 * `what` names the call in errors.
 */
export function windowCallType(c: WindowCallShape, t: DType | null, wholeType: () => DType, what: string): DType {
  if (c.frame !== null) checkFrame(c.frame, what);
  switch (c.fn) {
    case 'rowNumber': case 'rank': case 'rankMax': case 'denseRank': return 'int64';
    case 'rankAverage': case 'percentRank': case 'cumeDist': return 'float64';
    case 'ntile':
      if (!(Number.isInteger(c.n) && c.n! >= 1)) throw new PlanError(`ntile() needs a whole number of buckets, 1 or more, got ${String(c.n)}: ${what}`);
      return 'int64';
    case 'lag': case 'lead':
      if (!Number.isInteger(c.n)) throw new PlanError(`${c.fn}() needs a whole number of rows, got ${String(c.n)}: ${what}`);
      return needArg(t, what);
    case 'nthValue':
      if (!(Number.isInteger(c.n) && c.n! >= 1)) throw new PlanError(`nthValue() needs a position, 1 or more, got ${String(c.n)}: ${what}`);
      return needArg(t, what);
    case 'firstValue': case 'lastValue': return needArg(t, what);
    default: break;
  }
  if (c.frame === null) return wholeType();
  if (!FRAME_AGGREGATES.includes(c.fn)) {
    throw new PlanError(`${c.fn}() over an ordered window or a frame (${frameToString(c.frame)}) is not supported — sum, mean, count, min and max are; over a whole partition (no order, no frame) every aggregate is: ${what}`);
  }
  if (c.fn === 'count' || c.fn === 'size') return 'int64';
  const arg = needArg(t, what);
  if ((c.fn === 'sum' || c.fn === 'mean') && !isNumeric(arg)) throw new PlanError(`${c.fn}() needs a numeric column, but its input is ${arg}: ${what}`);
  return c.fn === 'mean' ? 'float64' : c.fn === 'sum' ? (arg === 'float64' ? 'float64' : 'int64') : arg;
}

function needArg(t: DType | null, what: string): DType {
  if (t === null) throw new PlanError(`this window function needs an input column: ${what}`);
  return t;
}

function checkFrame(f: WindowFrame, what: string): void {
  for (const x of [f.start, f.end]) {
    if (x !== null && (f.unit === 'rows' ? !Number.isInteger(x) : !Number.isFinite(x))) throw new PlanError(`a ROWS frame's offsets are whole numbers of rows, got ${x}: ${what}`);
  }
  if (f.openStart === true && (f.unit !== 'range' || f.start === null)) throw new PlanError(`internal: an open frame start needs a RANGE offset: ${what}`);
}

/** Whether a frame measures its edges in values of the order key (a RANGE frame with offsets). */
export function hasRangeOffsets(f: WindowFrame | null): boolean {
  return f !== null && f.unit === 'range' && ((f.start !== null && f.start !== 0) || (f.end !== null && f.end !== 0) || f.openStart === true);
}

/** A RANGE frame with offsets measures them along one order key of numbers, dates or timestamps. */
export function checkRangeKey(f: WindowFrame | null, keys: readonly DType[], what: string): void {
  if (!hasRangeOffsets(f)) return;
  if (keys.length !== 1 || !(isNumeric(keys[0]) || keys[0] === 'date' || keys[0] === 'timestamp')) {
    throw new PlanError(`a RANGE frame with offsets (${frameToString(f!)}) needs one order key of numbers, dates or timestamps, got ${keys.length === 0 ? 'none' : keys.join(', ')}: ${what}`);
  }
}
