/**
 * Window expressions as the api builds them (Polars' names): `col('v').sum().over('k')`,
 * `col('v').rank()`, `col('v').cumSum()`, `col('v').shift(1)`, `col('v').rollingMean(7)`,
 * `rowNumber().over('k', { orderBy: 't' })`. Each is an ExprNode 'window' that select(),
 * withColumns() and filter() plan as a window node (api/window-plan.ts).
 */
import { describeValue } from './check-options.js';
import { exprToString, mapExpr, type AggFn, type ExprNode, type WindowFn, type WindowOrder } from '../plan/expr-node.js';

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
  /** Fewest non-null values in the window for a value (else null): the window's rows, or 1 with `by`. */
  minPeriods?: number;
  /**
   * A column of dates, timestamps or numbers: the window is the rows whose value is within the
   * window's length before this row's, this row's end included and its start not (Polars'
   * rolling_*_by): a duration for dates and timestamps ('7d', '12h', '1h30m'; units ms s m h d
   * w), a number in the column's units otherwise.
   */
  by?: unknown;
  /**
   * The window around the row instead of ending at it (pandas' and Polars' `center`): the rows
   * from ⌈(window−1)/2⌉ before to ⌊(window−1)/2⌋ after (window 4: two before, one after). Rows only.
   */
  center?: boolean;
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
      // rank() orders by its own values, a rolling window with `by` by that column
      if (n.orderBy.length > 0 && order !== null) {
        throw new TypeError(n.nullRank === true
          ? `rank() orders by the values it ranks; over() takes no orderBy for it (rank another column instead: col('t').rank().over(…))`
          : `${exprToString(n)} is ordered by its by column; over() takes no orderBy for it`);
      }
      return { ...n, partitionBy, orderBy: n.orderBy.length > 0 ? n.orderBy : orderBy, nullsLast: n.orderBy.length > 0 ? n.nullsLast : options.nullsLast ?? n.nullsLast };
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

/**
 * cumSum / cumMin / cumMax / cumCount: over the rows so far (in the window's order, or input
 * order); as Polars, null where the row's value is null (count: the non-null values so far).
 */
export function cumulativeExpr(arg: ExprNode, fn: 'sum' | 'min' | 'max' | 'count'): ExprNode {
  return windowNode(fn, arg, { frame: { unit: 'rows', start: null, end: 0 }, ...(fn === 'count' ? {} : { nullWhereNull: true }) });
}

/** shift(n, fill): the value n rows before (n < 0: after), or `fill` (null) where there is none. */
export function shiftExpr(arg: ExprNode, n: unknown, fill: ExprNode): ExprNode {
  if (!Number.isInteger(n)) throw new TypeError(`shift(n) needs a whole number of rows, got ${describeValue(n)}`);
  const k = n as number;
  const isNull = fill.kind === 'lit' && fill.value === null;
  return windowNode(k >= 0 ? 'lag' : 'lead', arg, { n: Math.abs(k), ...(isNull ? {} : { fill }) });
}

/**
 * rollingSum / rollingMean / rollingMin / rollingMax over the `window` rows up to each row, or
 * with `by` (its node), over the rows whose `by` is within `window` before this row's.
 */
export function rollingExpr(arg: ExprNode, fn: 'sum' | 'mean' | 'min' | 'max', window: unknown, options: RollingOptions = {}, by: ExprNode | null = null): ExprNode {
  const name = `rolling${fn[0].toUpperCase()}${fn.slice(1)}`;
  const minPeriods = options.minPeriods ?? (by === null ? window : 1);
  if (options.center !== undefined && typeof options.center !== 'boolean') throw new TypeError(`${name}(): center must be true or false, got ${describeValue(options.center)}`);
  if (by !== null) {
    if (options.center === true) throw new TypeError(`${name}(): center is for a window of rows; a window { by } a column ends at each row's value`);
    const ms = typeof window === 'string' ? durationMs(window, name) : null;
    const length = ms ?? window;
    if (!(typeof length === 'number' && Number.isFinite(length) && length > 0)) throw new TypeError(`${name}(window, { by }) needs a duration such as '7d' or '12h', or a number above 0 in the by column's units, got ${describeValue(window)}`);
    checkMinPeriods(name, minPeriods);
    return windowNode(fn, arg, { orderBy: [{ expr: by, descending: false }], frame: { unit: 'range', start: -length, end: 0, openStart: true }, minPeriods: minPeriods as number, ...(ms !== null ? { frameMs: true } : {}) });
  }
  if (!(Number.isInteger(window) && (window as number) >= 1)) throw new TypeError(`${name}(window) needs a whole number of rows, 1 or more, or a duration with { by }, got ${describeValue(window)}`);
  checkMinPeriods(name, minPeriods);
  const ahead = options.center === true ? Math.floor(((window as number) - 1) / 2) : 0;
  return windowNode(fn, arg, { frame: { unit: 'rows', start: -((window as number) - 1 - ahead), end: ahead }, minPeriods: minPeriods as number });
}

function checkMinPeriods(name: string, minPeriods: unknown): void {
  if (!(Number.isInteger(minPeriods) && (minPeriods as number) >= 0)) throw new TypeError(`${name}(): minPeriods must be a whole number from 0, got ${describeValue(minPeriods)}`);
}

const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** '7d', '12h', '1h30m', '500ms' in milliseconds (Polars' duration strings, fixed-length units). */
export function durationMs(text: string, name: string): number {
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((m) => m[0]).join('') !== text) throw new TypeError(`${name}(): ${JSON.stringify(text)} is not a duration; write e.g. '7d', '12h', '1h30m' (units ms s m h d w)`);
  return parts.reduce((ms, m) => ms + Number(m[1]) * DURATION_MS[m[2]], 0);
}

/** rowNumber(): 1, 2, 3 … along each partition (in its order). */
export function rowNumberExpr(): ExprNode {
  return windowNode('rowNumber', null);
}
