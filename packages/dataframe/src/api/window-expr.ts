/**
 * Window expressions as the api builds them (Polars' names): `col('v').sum().over('k')`,
 * `col('v').rank()`, `col('v').cumSum()`, `col('v').shift(1)`, `col('v').rollingMean(7)`,
 * `rowNumber().over('k', { orderBy: 't' })`. Each is an ExprNode 'window' that select(),
 * withColumns() and filter() plan as a window node (api/window-plan.ts).
 */
import { describeValue } from './check-options.js';
import { exprToString, mapExpr, walkExpr, type AggFn, type ExprNode, type WindowFn, type WindowOrder } from '../plan/expr-node.js';

type WindowNode = Extract<ExprNode, { kind: 'window' }>;

/** How over() orders each partition's rows: by `orderBy` (a column, an expression or an array of them), `descending` for all or one a key. */
export interface OverOptions {
  orderBy?: unknown;
  descending?: boolean | readonly boolean[];
  /** Nulls of the order keys last (the default) or first. */
  nullsLast?: boolean;
}

/** rank(): how ties rank — 'average' (the default, Polars'), 'min' (SQL's rank), 'max', 'dense' (dense_rank), 'ordinal' (row_number). */
export interface RankOptions {
  method?: 'average' | 'min' | 'max' | 'dense' | 'ordinal';
  descending?: boolean;
}

export interface RollingOptions {
  /** Fewest non-null values in the window for a value (else null); the window's size unless given. */
  minPeriods?: number;
}

const RANK_METHODS: Record<NonNullable<RankOptions['method']>, WindowFn> = { average: 'rankAverage', min: 'rank', max: 'rankMax', dense: 'denseRank', ordinal: 'rowNumber' };

function windowNode(fn: WindowFn | AggFn, arg: ExprNode | null, extra: Partial<WindowNode> = {}): WindowNode {
  return { kind: 'window', fn, arg, partitionBy: [], orderBy: [], nullsLast: true, frame: null, ...extra };
}

/**
 * `e.over(partitionBy, { orderBy })`: every aggregate in `e` becomes its value over the row's
 * partition, and every window function in it runs within the partition (in `orderBy` order).
 * `order`: the order keys as nodes (from options.orderBy), or null.
 */
export function overExpr(e: ExprNode, partitionBy: ExprNode[], order: ExprNode[] | null, options: OverOptions): ExprNode {
  const desc = options.descending ?? false;
  if (Array.isArray(desc) ? !(order !== null && desc.length === order.length && desc.every((d) => typeof d === 'boolean')) : typeof desc !== 'boolean') {
    throw new TypeError(`over(): descending must be true, false or one boolean an orderBy key, got ${describeValue(desc)}`);
  }
  if (options.nullsLast !== undefined && typeof options.nullsLast !== 'boolean') throw new TypeError(`over(): nullsLast must be true or false, got ${describeValue(options.nullsLast)}`);
  const orderBy: WindowOrder[] = (order ?? []).map((expr, k) => ({ expr, descending: Array.isArray(desc) ? (desc as boolean[])[k] : (desc as boolean) }));
  let found = false;
  const out = mapExpr(e, (n) => {
    if (n.kind === 'agg') {
      found = true;
      if (n.arg2) throw new TypeError(`over(): ${exprToString(n)} takes two inputs; a window aggregate takes one`);
      const arg = n.arg.kind === 'wildcard' ? null : n.arg;
      return windowNode(arg === null && n.fn === 'count' ? 'size' : n.fn, arg, { partitionBy, orderBy, nullsLast: options.nullsLast ?? true, ...(n.ddof !== undefined ? { ddof: n.ddof } : {}), ...(n.q !== undefined ? { q: n.q } : {}), ...(n.sep !== undefined ? { sep: n.sep } : {}) });
    }
    if (n.kind === 'window') {
      found = true;
      if (n.partitionBy.length > 0) throw new TypeError(`over() is given twice: ${exprToString(n)}`);
      // rank() orders by its own values
      if (n.orderBy.length > 0 && order !== null && n.nullRank === true) throw new TypeError(`rank() orders by the values it ranks; over() takes no orderBy for it (rank another column instead: col('t').rank().over(…))`);
      return { ...n, partitionBy, orderBy: n.orderBy.length > 0 ? n.orderBy : orderBy, nullsLast: n.nullRank === true ? true : options.nullsLast ?? n.nullsLast };
    }
    return n;
  });
  if (!found) throw new TypeError(`over() applies to an aggregate or a window function (e.g. col('v').sum().over('k'), col('v').cumSum().over('k')), but ${exprToString(e)} has none`);
  return out;
}

export function rankExpr(arg: ExprNode, options: RankOptions = {}): ExprNode {
  const method = options.method ?? 'average';
  if (!Object.hasOwn(RANK_METHODS, method)) throw new TypeError(`rank(): method must be one of ${Object.keys(RANK_METHODS).join(', ')}, got ${describeValue(method)}`);
  if (options.descending !== undefined && typeof options.descending !== 'boolean') throw new TypeError(`rank(): descending must be true or false, got ${describeValue(options.descending)}`);
  return windowNode(RANK_METHODS[method], arg, { orderBy: [{ expr: arg, descending: options.descending ?? false }], nullRank: true });
}

/** cumSum / cumMin / cumMax / cumCount: over the rows so far (in the window's order, or input order); null before the first value (count: 0). */
export function cumulativeExpr(arg: ExprNode, fn: 'sum' | 'min' | 'max' | 'count'): ExprNode {
  return windowNode(fn, arg, { frame: { unit: 'rows', start: null, end: 0 } });
}

/** shift(n, fill): the value n rows before (n < 0: after), or `fill` (null) where there is none. */
export function shiftExpr(arg: ExprNode, n: unknown, fill: ExprNode): ExprNode {
  if (!Number.isInteger(n)) throw new TypeError(`shift(n) needs a whole number of rows, got ${describeValue(n)}`);
  const k = n as number;
  const isNull = fill.kind === 'lit' && fill.value === null;
  return windowNode(k >= 0 ? 'lag' : 'lead', arg, { n: Math.abs(k), ...(isNull ? {} : { fill }) });
}

/** rollingSum / rollingMean / rollingMin / rollingMax over the `window` rows up to each row. */
export function rollingExpr(arg: ExprNode, fn: 'sum' | 'mean' | 'min' | 'max', window: unknown, options: RollingOptions = {}): ExprNode {
  const name = `rolling${fn[0].toUpperCase()}${fn.slice(1)}`;
  if (!(Number.isInteger(window) && (window as number) >= 1)) throw new TypeError(`${name}(window) needs a whole number of rows, 1 or more, got ${describeValue(window)}`);
  const w = window as number;
  const minPeriods = options.minPeriods ?? w;
  if (!(Number.isInteger(minPeriods) && minPeriods >= 0)) throw new TypeError(`${name}(): minPeriods must be a whole number from 0, got ${describeValue(minPeriods)}`);
  return windowNode(fn, arg, { frame: { unit: 'rows', start: -(w - 1), end: 0 }, minPeriods });
}

/** rowNumber(): 1, 2, 3 … along each partition (in its order). */
export function rowNumberExpr(): ExprNode {
  return windowNode('rowNumber', null);
}

/** Whether an expression holds a window function or a window aggregate. */
export function hasWindow(e: ExprNode): boolean {
  let found = false;
  walkExpr(e, (n) => { if (n.kind === 'window') found = true; });
  return found;
}
