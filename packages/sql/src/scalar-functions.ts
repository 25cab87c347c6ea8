/**
 * Row functions by SQL name → floe expressions: calendar parts (year … second, dayofweek,
 * isodow, date, date_trunc), strings (lower, upper, length, trim, substr, replace,
 * split_part, starts_with, ends_with, contains), coalesce, nullif, isnan, abs, pow. An unknown name is an
 * error that says so and lists these.
 */
import type { ExprNode } from '@floe/dataframe';
import type { SqlNode } from './sql-ast.js';
import { SqlError, type SqlPosition } from './sql-error.js';
import { translateExpr, type ExprContext } from './translate-expr.js';
import { dateTrunc } from './date-trunc.js';

type Builder = (args: ExprNode[], raw: SqlNode[], at: SqlPosition | null) => ExprNode;

const lit = (value: number | string | null, dtype: 'int64' | 'float64' | null = null): ExprNode => ({ kind: 'lit', value, dtype });
const dt = (field: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'weekday' | 'date'): Builder => ([x]) => ({ kind: 'dt', arg: x, field });
const add = (a: ExprNode, b: ExprNode): ExprNode => ({ kind: 'binary', op: 'add', left: a, right: b });

/** A constant argument (a literal or a bound value) of a function. */
function constant(e: ExprNode, what: string, at: SqlPosition | null): number | string {
  if (e.kind !== 'lit' || e.value === null || typeof e.value === 'boolean') throw new SqlError(`${what} must be a constant`, at);
  return e.value;
}

function intConstant(e: ExprNode, what: string, at: SqlPosition | null): number {
  const v = constant(e, what, at);
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new SqlError(`${what} must be an integer constant`, at);
  return v;
}

const FUNCTIONS: Record<string, { arity: [number, number]; build: Builder }> = {
  year: { arity: [1, 1], build: dt('year') },
  month: { arity: [1, 1], build: dt('month') },
  day: { arity: [1, 1], build: dt('day') },
  dayofmonth: { arity: [1, 1], build: dt('day') },
  hour: { arity: [1, 1], build: dt('hour') },
  minute: { arity: [1, 1], build: dt('minute') },
  second: { arity: [1, 1], build: dt('second') },
  date: { arity: [1, 1], build: dt('date') },
  // floe's weekday is Monday = 0; SQL's dayofweek/dow is Sunday = 0, isodow Monday = 1
  dayofweek: { arity: [1, 1], build: ([x]) => ({ kind: 'binary', op: 'mod', left: add({ kind: 'dt', arg: x, field: 'weekday' }, lit(1, 'int64')), right: lit(7, 'int64') }) },
  dow: { arity: [1, 1], build: (a, r, at) => FUNCTIONS.dayofweek.build(a, r, at) },
  isodow: { arity: [1, 1], build: ([x]) => add({ kind: 'dt', arg: x, field: 'weekday' }, lit(1, 'int64')) },
  date_trunc: {
    arity: [2, 2],
    build: ([unit, x], _raw, at) => dateTrunc(String(constant(unit, "date_trunc's unit", at)), x, at),
  },
  lower: { arity: [1, 1], build: ([x]) => ({ kind: 'strFn', arg: x, fn: { op: 'lower' } }) },
  upper: { arity: [1, 1], build: ([x]) => ({ kind: 'strFn', arg: x, fn: { op: 'upper' } }) },
  length: { arity: [1, 1], build: ([x]) => ({ kind: 'strFn', arg: x, fn: { op: 'len' } }) },
  char_length: { arity: [1, 1], build: ([x]) => ({ kind: 'strFn', arg: x, fn: { op: 'len' } }) },
  trim: {
    arity: [1, 2],
    build: ([x, chars], _raw, at) => ({ kind: 'strFn', arg: x, fn: { op: 'strip', chars: chars ? String(constant(chars, "trim's characters", at)) : null } }),
  },
  substr: { arity: [2, 3], build: substring },
  substring: { arity: [2, 3], build: substring },
  replace: {
    arity: [3, 3],
    build: ([x, from, to], _raw, at) => {
      const pattern = String(constant(from, "replace's pattern", at));
      if (pattern === '') throw new SqlError("replace's pattern must not be empty", at);
      return { kind: 'strFn', arg: x, fn: { op: 'replace', pattern, regex: false, flags: '', value: String(constant(to, "replace's replacement", at)) } };
    },
  },
  split_part: {
    arity: [3, 3],
    build: ([x, sep, index], _raw, at) => {
      const s = String(constant(sep, "split_part's separator", at));
      const i = intConstant(index, "split_part's index", at);
      if (s === '' || i === 0) throw new SqlError('split_part needs a non-empty separator and an index other than 0', at);
      // SQL gives '' past the last part; floe null (a null input stays null)
      const part: ExprNode = { kind: 'fillNull', arg: { kind: 'strFn', arg: x, fn: { op: 'split', sep: s, index: i > 0 ? i - 1 : i } }, value: lit('') };
      return { kind: 'when', cond: { kind: 'isNull', arg: x, negate: false }, value: lit(null), otherwise: part };
    },
  },
  starts_with: { arity: [2, 2], build: ([x, p], _r, at) => ({ kind: 'str', arg: x, op: 'startsWith', pattern: String(constant(p, 'the prefix', at)) }) },
  prefix: { arity: [2, 2], build: (a, r, at) => FUNCTIONS.starts_with.build(a, r, at) },
  ends_with: { arity: [2, 2], build: ([x, p], _r, at) => ({ kind: 'str', arg: x, op: 'endsWith', pattern: String(constant(p, 'the suffix', at)) }) },
  suffix: { arity: [2, 2], build: (a, r, at) => FUNCTIONS.ends_with.build(a, r, at) },
  contains: { arity: [2, 2], build: ([x, p], _r, at) => ({ kind: 'str', arg: x, op: 'contains', pattern: String(constant(p, 'the part', at)) }) },
  coalesce: { arity: [1, Infinity], build: (args) => args.reduceRight((acc, x) => ({ kind: 'fillNull', arg: x, value: acc })) },
  ifnull: { arity: [2, 2], build: ([a, b]) => ({ kind: 'fillNull', arg: a, value: b }) },
  // NaN is the one value not equal to itself (0/0 in a float column); null stays null
  isnan: { arity: [1, 1], build: ([x]) => ({ kind: 'binary', op: 'neq', left: x, right: x }) },
  nullif: { arity: [2, 2], build: ([a, b]) => ({ kind: 'when', cond: { kind: 'binary', op: 'eq', left: a, right: b }, value: lit(null), otherwise: a }) },
  pow: { arity: [2, 2], build: power },
  power: { arity: [2, 2], build: power },
  abs: { arity: [1, 1], build: ([x]) => ({ kind: 'when', cond: { kind: 'binary', op: 'lt', left: x, right: lit(0, 'int64') }, value: { kind: 'neg', arg: x }, otherwise: x }) },
};

/** pow(x, n) for a constant whole n from 0 to 4 (products; exact for n = 2): floe has no general power yet. */
function power([x, n]: ExprNode[], _raw: SqlNode[], at: SqlPosition | null): ExprNode {
  const k = n.kind === 'lit' && typeof n.value === 'number' ? n.value : NaN;
  if (!(Number.isInteger(k) && k >= 0 && k <= 4)) throw new SqlError('pow(x, n) is supported only for a constant whole n from 0 to 4 yet', at);
  // x⁰ is 1 (∞⁰ and NaN⁰ too), but null⁰ is null (as DuckDB)
  if (k === 0) return { kind: 'when', cond: { kind: 'isNull', arg: x, negate: false }, value: lit(null), otherwise: lit(1, 'float64') };
  let out: ExprNode = { kind: 'cast', arg: x, to: 'float64' };
  for (let i = 1; i < k; i++) out = { kind: 'binary', op: 'mul', left: out, right: { kind: 'cast', arg: x, to: 'float64' } };
  return out;
}

/** SQL substr(s, start[, length]) counts from 1; floe's slice from 0. */
function substring([x, start, len]: ExprNode[], _raw: SqlNode[], at: SqlPosition | null): ExprNode {
  const s = intConstant(start, 'substr start', at);
  if (s < 1) throw new SqlError('substr start must be 1 or more', at);
  const stop = len ? s - 1 + intConstant(len, 'substr length', at) : null;
  return { kind: 'strFn', arg: x, fn: { op: 'slice', start: s - 1, stop } };
}

export function scalarFunction(name: string, raw: SqlNode[], cx: ExprContext, at: SqlPosition | null, style = 'call'): ExprNode {
  const f = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!f || (style === 'extract' && !['year', 'month', 'day', 'hour', 'minute', 'second', 'dow', 'isodow'].includes(name))) {
    const what = style === 'extract' ? `extract(${name} from …)` : `function ${name}()`;
    throw new SqlError(`${what} is not supported yet; row functions: ${Object.keys(FUNCTIONS).join(', ')}`, at);
  }
  const [lo, hi] = f.arity;
  if (raw.length < lo || raw.length > hi) throw new SqlError(`${name}() takes ${lo === hi ? lo : `${lo} to ${hi === Infinity ? 'any number of' : hi}`} argument(s), got ${raw.length}`, at);
  return f.build(raw.map((r) => translateExpr(r, cx)), raw, at);
}
