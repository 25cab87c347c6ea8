/**
 * Expressions as plain data: structured-cloneable, so they travel to workers inside tasks.
 * The api/expr.ts builder produces them; kernels/eval-expr.ts evaluates them over a batch.
 */
import { formatDate, formatTimestamp } from '../kernels/civil-time.js';
import type { DType } from '../types/dtype.js';
import type { LogicalPlan } from './logical-plan.js';

export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'mod'
  /** Integer division (SQL's `//`): of two int64s the quotient truncated toward zero, otherwise `div`; null where the divisor is 0. */
  | 'idiv'
  | 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte'
  | 'and' | 'or';

export type DtField = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'weekday' | 'date';

export type AggFn =
  | 'sum' | 'mean' | 'count' | 'size' | 'min' | 'max' | 'var' | 'std'
  | 'nUnique' | 'median' | 'quantile' | 'first' | 'last' | 'corr' | 'stringAgg';

/**
 * Functions of a row's place in its window partition (kernels/window.ts): ranks among peers
 * (rows of equal order keys), `ntile` buckets, values `n` rows before or after (lag/lead), and
 * the first, last or n-th value of the row's frame.
 */
export type WindowFn =
  | 'rowNumber' | 'rank' | 'rankMax' | 'rankAverage' | 'denseRank' | 'percentRank' | 'cumeDist' | 'ntile'
  | 'lag' | 'lead' | 'firstValue' | 'lastValue' | 'nthValue';

/**
 * The rows around each row that an aggregate or first/last/nth value sees: offsets from it, or
 * null for the partition's edge. 'rows': −n is n rows before, n after, 0 the row itself;
 * 'range': the rows whose one order key is within the offsets of the row's, in the key's units
 * (days of a date, milliseconds of a timestamp), 0 the row and its peers. `openStart`: a key
 * exactly `start` away is left out (a window closed on the right, as Polars' rolling windows).
 */
export interface WindowFrame { unit: 'rows' | 'range'; start: number | null; end: number | null; openStart?: boolean }

export interface WindowOrder { expr: ExprNode; descending: boolean }

/** A string → string (or → length) function applied to each distinct string of a column. */
export type StrFn =
  | { op: 'lower' } | { op: 'upper' } | { op: 'len' }
  /** Removes leading and trailing whitespace, or any of `chars` when given. */
  | { op: 'strip'; chars: string | null }
  /** Code points [start, stop) with Python/JS negative-index rules; stop null = to the end. */
  | { op: 'slice'; start: number; stop: number | null }
  /**
   * Every match of `pattern` (a literal string, or a regular expression when `regex`) becomes
   * `value`; with `first`, only the first match (SQL's regexp_replace without 'g'); with `re2`,
   * an empty match right after a match is no match, as RE2 (DuckDB) takes it (JavaScript's
   * 'x*' over 'xay' replaced one more).
   */
  | { op: 'replace'; pattern: string; regex: boolean; flags: string; value: string; first?: boolean; re2?: boolean }
  /** The `index`-th part (negative from the end) of the string split on `sep`; null when there is none. */
  | { op: 'split'; sep: string; index: number }
  /**
   * Padded with `fill` (repeated, cut to fit) to `width` characters, at the start or the end;
   * with `truncate`, a longer value is cut to its first `width` (SQL's lpad/rpad), else kept.
   */
  | { op: 'pad'; width: number; fill: string; start: boolean; truncate: boolean }
  /** The characters in reverse order (user-perceived ones: an accent stays on its letter, a flag whole). */
  | { op: 'reverse' }
  /** The value `times` times over ('' for 0 or less). */
  | { op: 'repeat'; times: number }
  /** Group `group` (0: the whole match) of the first match of the regular expression `pattern`; null when it does not match. */
  | { op: 'extract'; pattern: string; flags: string; group: number };

/**
 * Number functions (kernels/math-ops.ts): `n` is round's decimals (negative: tens, hundreds …)
 * and log's base; the others take none.
 */
export type MathFn = 'round' | 'floor' | 'ceil' | 'trunc' | 'abs' | 'sign' | 'sqrt' | 'exp' | 'ln' | 'log10' | 'log';

/** Strategies of fillNull that need a value from the whole frame or from neighbouring rows. */
export type FillStrategy = 'forward' | 'backward' | 'mean' | 'min' | 'max' | 'zero';

/** Casts that keep floe's storage types but check or round to a narrower type. */
export type NarrowType = 'int8' | 'int16' | 'int32' | 'float32';

export type LiteralValue = number | bigint | string | boolean | null | Date;

export type ExprNode =
  | { kind: 'col'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'lit'; value: number | string | boolean | null; dtype: DType | null }
  | { kind: 'binary'; op: BinaryOp; left: ExprNode; right: ExprNode }
  | { kind: 'not'; arg: ExprNode }
  | { kind: 'neg'; arg: ExprNode }
  | { kind: 'isNull'; arg: ExprNode; negate: boolean }
  | { kind: 'fillNull'; arg: ExprNode; value: ExprNode }
  /** `value` where `cond` is true, else `otherwise` (a null condition counts as false): SQL's case when. */
  | { kind: 'when'; cond: ExprNode; value: ExprNode; otherwise: ExprNode }
  /**
   * `strict`: text converts by SQL's rules (a number that is not whole rounds to an integer) and a
   * value that does not convert fails the query, naming it (SQL's CAST), instead of giving null.
   * `orNull`: a value that does not convert, or is outside the narrow type's range, is null
   * (SQL's TRY_CAST), never an error.
   */
  | { kind: 'cast'; arg: ExprNode; to: DType; narrow?: NarrowType; strict?: true; orNull?: true }
  | { kind: 'alias'; arg: ExprNode; name: string }
  | { kind: 'dt'; arg: ExprNode; field: DtField }
  /** A timestamp or date as text in a strftime `format` (kernels/strftime.ts). */
  | { kind: 'strftime'; arg: ExprNode; format: string }
  /** `like`: an SQL LIKE pattern (`%` any text, `_` any one character, no escape). */
  /** `regex`: `pattern` is a regular expression (kernels/regex.ts) found anywhere in the value, with `flags`. */
  | { kind: 'str'; arg: ExprNode; op: 'startsWith' | 'contains' | 'endsWith' | 'like' | 'regex'; pattern: string; flags?: string }
  | { kind: 'strFn'; arg: ExprNode; fn: StrFn }
  /** The strings of `args` joined, row by row (`.str.concat(...)`, SQL's `||`); null where any is null. */
  | { kind: 'concat'; args: ExprNode[] }
  | { kind: 'math'; arg: ExprNode; fn: MathFn; n: number }
  /** True where the value equals one of `values` (literals); null where the value is null. */
  | { kind: 'isIn'; arg: ExprNode; values: ExprNode[] }
  /** Built by the api; the DataFrame turns it into fillNull of a `scalar` (mean/min/max) before planning further. */
  | { kind: 'fillStrategy'; arg: ExprNode; strategy: FillStrategy }
  /**
   * One value computed by another query before this one runs (api/scalar-subquery.ts replaces it
   * with a literal): output `column` of the one-row `plan`. Never reaches a worker.
   */
  | { kind: 'scalar'; plan: LogicalPlan; column: string; dtype: DType; label: string }
  /** `arg2`: the second input of two-input aggregates (corr); `q`: the quantile of quantile. */
  | { kind: 'agg'; fn: AggFn; arg: ExprNode; ddof?: number; q?: number; arg2?: ExprNode; sep?: string }
  /**
   * A window function or an aggregate over a window: the rows of equal `partitionBy` (all rows
   * when empty), in `orderBy` order (input order when empty), each row getting its own value.
   * `frame` (aggregates, first/last/nth value): the rows seen, null for the whole partition;
   * `n`: lag/lead's distance, ntile's buckets, nthValue's position; `fill`: lag/lead's value
   * where no row is that far (a literal); `minPeriods`: an aggregate is null over fewer non-null
   * values; `nullRank`: a rank of a null value is null (Polars' rank), `nullWhereNull`: so is any
   * value of a null row (Polars' cumulative functions); `frameMs`: the frame's
   * RANGE offsets are milliseconds (a duration), whatever the order key's units. Built by the
   * api; the DataFrame plans it as a window node (api/window-plan.ts) before it reaches a worker.
   */
  | {
    kind: 'window'; fn: WindowFn | AggFn; arg: ExprNode | null; partitionBy: ExprNode[]; orderBy: WindowOrder[]; nullsLast: boolean;
    frame: WindowFrame | null; n?: number; fill?: ExprNode; minPeriods?: number; nullRank?: boolean; nullWhereNull?: boolean; ddof?: number; q?: number; sep?: string; frameMs?: boolean;
  };

/** The direct sub-expressions of `e`, in evaluation order: the one list every tree walk uses. */
export function exprChildren(e: ExprNode): ExprNode[] {
  switch (e.kind) {
    case 'binary': return [e.left, e.right];
    case 'fillNull': return [e.arg, e.value];
    case 'when': return [e.cond, e.value, e.otherwise];
    case 'isIn': return [e.arg, ...e.values];
    case 'concat': return e.args;
    case 'not': case 'neg': case 'isNull': case 'cast': case 'alias': case 'dt': case 'strftime': case 'str': case 'strFn': case 'math': case 'fillStrategy':
      return [e.arg];
    case 'agg': return e.arg2 ? [e.arg, e.arg2] : [e.arg];
    case 'window': return [...(e.arg ? [e.arg] : []), ...(e.fill ? [e.fill] : []), ...e.partitionBy, ...e.orderBy.map((o) => o.expr)];
    default: return [];
  }
}

/** `e` with its direct sub-expressions replaced by `k` (same order and number as exprChildren(e)). */
export function withExprChildren(e: ExprNode, k: ExprNode[]): ExprNode {
  switch (e.kind) {
    case 'binary': return { ...e, left: k[0], right: k[1] };
    case 'fillNull': return { ...e, arg: k[0], value: k[1] };
    case 'when': return { ...e, cond: k[0], value: k[1], otherwise: k[2] };
    case 'isIn': return { ...e, arg: k[0], values: k.slice(1) };
    case 'concat': return { ...e, args: k };
    case 'not': case 'neg': case 'isNull': case 'cast': case 'alias': case 'dt': case 'strftime': case 'str': case 'strFn': case 'math': case 'fillStrategy':
      return { ...e, arg: k[0] } as ExprNode;
    case 'agg': return e.arg2 ? { ...e, arg: k[0], arg2: k[1] } : { ...e, arg: k[0] };
    case 'window': {
      let i = 0;
      const arg = e.arg ? k[i++] : null;
      const fill = e.fill ? k[i++] : undefined;
      const partitionBy = k.slice(i, i + e.partitionBy.length);
      const orderBy = e.orderBy.map((o, j) => ({ ...o, expr: k[i + e.partitionBy.length + j] }));
      return { ...e, arg, ...(fill ? { fill } : {}), partitionBy, orderBy };
    }
    default: return e;
  }
}

/** Visits every node of an expression tree, depth first. */
export function walkExpr(e: ExprNode, visit: (n: ExprNode) => void): void {
  visit(e);
  for (const k of exprChildren(e)) walkExpr(k, visit);
}

/** Rebuilds an expression bottom-up; `f` may replace any node. */
export function mapExpr(e: ExprNode, f: (n: ExprNode) => ExprNode): ExprNode {
  const kids = exprChildren(e);
  return f(kids.length === 0 ? e : withExprChildren(e, kids.map((k) => mapExpr(k, f))));
}

/**
 * A key that tells expressions (or any plain data holding them) apart: equal keys, equal values.
 * JSON.stringify alone wrote Infinity, -Infinity and NaN all as null (so `sum(x * inf)` and
 * `sum(x * -inf)` were merged into one call) and -0 as 0.
 */
export function exprKey(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => {
    if (typeof v === 'bigint') return { $bigint: String(v) };
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { $number: Object.is(v, -0) ? '-0' : String(v) };
    return v;
  });
}

/** Names of the columns an expression reads. */
export function columnsOf(e: ExprNode, out: Set<string> = new Set()): Set<string> {
  walkExpr(e, (n) => { if (n.kind === 'col') out.add(n.name); });
  return out;
}

/** The output name of an expression: its alias, else the first column it reads (Polars' rule). */
export function outputName(e: ExprNode): string {
  if (e.kind === 'alias') return e.name;
  if (e.kind === 'col') return e.name;
  if (e.kind === 'lit') return 'literal';
  if (e.kind === 'wildcard') return '*';
  if (e.kind === 'agg' && e.arg.kind === 'wildcard') return e.fn === 'count' || e.fn === 'size' ? 'count' : '*';
  if (e.kind === 'window' && (e.arg === null || e.arg.kind === 'wildcard')) return e.fn;
  let name: string | null = null;
  walkExpr(e, (n) => { if (name === null && n.kind === 'col') name = n.name; });
  return name ?? 'literal';
}

export function exprToString(e: ExprNode): string {
  switch (e.kind) {
    case 'col': return `col(${JSON.stringify(e.name)})`;
    case 'wildcard': return 'col("*")';
    case 'lit':
      // a timestamp or date literal as its ISO text (explain showed 1546300800000)
      if (typeof e.value === 'number' && e.dtype === 'timestamp') return `timestamp '${formatTimestamp(e.value)}'`;
      if (typeof e.value === 'number' && e.dtype === 'date') return `date '${formatDate(e.value)}'`;
      return e.value === null ? 'null' : typeof e.value === 'string' ? JSON.stringify(e.value) : Object.is(e.value, -0) ? '-0' : String(e.value);
    case 'binary': return `(${exprToString(e.left)} ${OP_SYMBOL[e.op]} ${exprToString(e.right)})`;
    case 'not': return `not(${exprToString(e.arg)})`;
    case 'neg': return `-(${exprToString(e.arg)})`;
    case 'isNull': return `${exprToString(e.arg)}.${e.negate ? 'isNotNull' : 'isNull'}()`;
    case 'fillNull': return `${exprToString(e.arg)}.fillNull(${exprToString(e.value)})`;
    case 'when': return `when(${exprToString(e.cond)}, ${exprToString(e.value)}, ${exprToString(e.otherwise)})`;
    case 'cast': return `${exprToString(e.arg)}.cast(${e.narrow ?? e.to}${e.strict === true ? ', strict' : ''}${e.orNull === true ? ', or null' : ''})`;
    case 'alias': return `${exprToString(e.arg)}.alias(${JSON.stringify(e.name)})`;
    case 'dt': return `${exprToString(e.arg)}.dt.${e.field}()`;
    case 'strftime': return `${exprToString(e.arg)}.dt.strftime(${JSON.stringify(e.format)})`;
    case 'str': return e.op === 'regex' ? `${exprToString(e.arg)}.str.contains(/${e.pattern}/${e.flags ?? ''})` : `${exprToString(e.arg)}.str.${e.op}(${JSON.stringify(e.pattern)})`;
    case 'strFn': return `${exprToString(e.arg)}.str.${strFnToString(e.fn)}`;
    case 'concat': return `${exprToString(e.args[0])}.str.concat(${e.args.slice(1).map(exprToString).join(', ')})`;
    case 'math': return `${exprToString(e.arg)}.${e.fn}(${e.fn === 'round' ? (e.n === 0 ? '' : e.n) : e.fn === 'log' ? e.n : ''})`;
    case 'isIn': return `${exprToString(e.arg)}.isIn([${e.values.map(exprToString).join(', ')}])`;
    case 'fillStrategy': return `${exprToString(e.arg)}.fillNull({ strategy: ${JSON.stringify(e.strategy)} })`;
    case 'scalar': return e.label;
    case 'window': return windowToString(e);
    case 'agg':
      if (e.arg2) return `${e.fn}(${exprToString(e.arg)}, ${exprToString(e.arg2)})`;
      if (e.fn === 'stringAgg') return `${exprToString(e.arg)}.str.join(${JSON.stringify(e.sep ?? ',')})`;
      // ddof shown where it is not the default: var(0) and var() are two aggregates (a SQL var_pop beside var_samp took the other's value)
      return `${exprToString(e.arg)}.${e.fn}(${e.q !== undefined ? e.q : e.ddof !== undefined && e.ddof !== 1 ? e.ddof : ''})`;
  }
}

function windowToString(e: Extract<ExprNode, { kind: 'window' }>): string {
  const args = [...(e.n !== undefined ? [String(e.n)] : []), ...(e.fill ? [exprToString(e.fill)] : [])].join(', ');
  const f = e.arg === null ? `${e.fn}(${args})` : `${exprToString(e.arg)}.${e.fn}(${args})`;
  const over = [
    ...(e.partitionBy.length > 0 ? [`partition by ${e.partitionBy.map(exprToString).join(', ')}`] : []),
    ...(e.orderBy.length > 0 ? [`order by ${e.orderBy.map((o) => `${exprToString(o.expr)}${o.descending ? ' desc' : ''}`).join(', ')}`] : []),
    ...(e.frame ? [frameToString(e.frame)] : []),
  ];
  return `${f}.over(${over.join(' ')})`;
}

/** A frame as SQL spells it: `rows between 2 preceding and current row`. */
export function frameToString(f: WindowFrame): string {
  const edge = (x: number | null, side: string): string => (x === null ? `unbounded ${side}` : x === 0 ? 'current row' : x < 0 ? `${-x} preceding` : `${x} following`);
  return `${f.unit} between ${edge(f.start, 'preceding')}${f.openStart === true ? ' (excluded)' : ''} and ${edge(f.end, 'following')}`;
}

function strFnToString(fn: StrFn): string {
  switch (fn.op) {
    case 'lower': case 'upper': case 'len': return `${fn.op}()`;
    case 'strip': return `strip(${fn.chars === null ? '' : JSON.stringify(fn.chars)})`;
    case 'slice': return `slice(${fn.start}${fn.stop === null ? '' : `, ${fn.stop}`})`;
    case 'replace': return `replace(${fn.regex ? `/${fn.pattern}/${fn.flags}` : JSON.stringify(fn.pattern)}, ${JSON.stringify(fn.value)})`;
    case 'split': return `split(${JSON.stringify(fn.sep)}, ${fn.index})`;
    case 'extract': return `extract(/${fn.pattern}/${fn.flags}${fn.group === 1 ? '' : `, ${fn.group}`})`;
    case 'pad': return `${fn.start ? 'padStart' : 'padEnd'}(${fn.width}, ${JSON.stringify(fn.fill)}${fn.truncate ? ', truncate' : ''})`;
    case 'reverse': return 'reverse()';
    case 'repeat': return `repeat(${fn.times})`;
  }
}

const OP_SYMBOL: Record<BinaryOp, string> = {
  add: '+', sub: '-', mul: '*', div: '/', mod: '%', idiv: '//',
  eq: '==', neq: '!=', lt: '<', lte: '<=', gt: '>', gte: '>=', and: 'and', or: 'or',
};
