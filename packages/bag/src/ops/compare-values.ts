/**
 * The order of max, min, topk and bottomk: how Python compares the values a bag holds.
 * Numbers and bigints compare with each other, strings with strings (by UTF-16 code units),
 * booleans with booleans (false first), Dates by time, and arrays element by element, as Python
 * compares tuples (a shorter prefix first). Other pairs (a string and a number, null, a plain
 * object) are a TypeError, as Python's `'<' not supported between …`.
 *
 * NaN (and an invalid Date) never beats a value: whichever the direction it goes last, at any
 * depth, so max/min/topk/bottomk pass over it while there are other values (Python's answer
 * would depend on where the NaN happens to be). Ties keep their order: callers only move an
 * element ahead of another when it strictly comes first.
 */
import { preview } from './preview.js';

/** Negative when `a` comes first. */
export type Order = (a: unknown, b: unknown) => number;

type Kind = 'number' | 'string' | 'boolean' | 'date' | 'array';

/** Largest first when `descending`, else smallest first; `verb` names the operation in errors. */
export function valueOrder(verb: string, descending: boolean): Order {
  const sign = descending ? -1 : 1;
  const order: Order = (a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return compareNumbers(a, b, sign);
    const kind = kindOf(a);
    if (kind === null || kind !== kindOf(b)) throw incomparable(verb, a, b);
    switch (kind) {
      case 'number':
        return compareNumbers(a as number | bigint, b as number | bigint, sign);
      case 'date':
        return compareNumbers((a as Date).getTime(), (b as Date).getTime(), sign);
      case 'array':
        return compareArrays(a as unknown[], b as unknown[], sign, order);
      default:
        return (a as string) < (b as string) ? -sign : (a as string) > (b as string) ? sign : 0;
    }
  };
  return order;
}

function kindOf(v: unknown): Kind | null {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'object':
      return v instanceof Date ? 'date' : Array.isArray(v) ? 'array' : null;
    default:
      return null;
  }
}

/** NaN after everything (both directions), equal to NaN; a number and a bigint compare exactly. */
function compareNumbers(a: number | bigint, b: number | bigint, sign: number): number {
  const aNaN = a !== a;
  const bNaN = b !== b;
  if (aNaN || bNaN) return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
  return a < b ? -sign : a > b ? sign : 0;
}

/** The first position that differs decides; else the shorter comes first (smallest first). */
function compareArrays(a: unknown[], b: unknown[], sign: number, order: Order): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = order(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -sign : sign;
}

function incomparable(verb: string, a: unknown, b: unknown): TypeError {
  return new TypeError(
    `${verb}(): cannot compare ${describe(a)} with ${describe(b)}; elements (or keys) must be numbers, bigints, strings, booleans or Dates, or arrays of them with one kind at each position (as Python compares tuples)`,
  );
}

function describe(v: unknown): string {
  const type = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  return type === 'null' || type === 'undefined' ? type : `${type} ${preview(v)}`;
}
