/**
 * Row functions by SQL name → floe expressions: calendar parts (year … second, millisecond,
 * microsecond, quarter, dayofyear, dayofweek, isodow, date, date_trunc, strftime, date_diff), strings (lower, upper,
 * length, trim, ltrim, rtrim, substr, left, right, strpos, replace, split_part, starts_with,
 * ends_with, contains, concat, lpad, rpad, reverse, repeat, regexp_matches, regexp_full_match, regexp_replace, regexp_extract), coalesce, nullif, isnan, pow, and numbers' round, floor, ceil(ing), trunc,
 * abs, sign, sqrt, exp, ln, log10, log2, log (DuckDB's: base 10, or log(b, x)). An unknown name is an error that says
 * so and lists these; an argument of the wrong type is one that names the call (argument-types.ts).
 */
import { compileStrftime, type ExprNode, type MathFn } from '@floe/dataframe';
import type { SqlNode } from './sql-ast.js';
import { SqlError, type SqlPosition } from './sql-error.js';
import { translateExpr, type ExprContext } from './translate-expr.js';
import { checkDateTruncUnit, dateTrunc } from './date-trunc.js';
import { checkArguments, type Need } from './argument-types.js';
import { dayOfYear, microsecond, millisecond, quarter } from './calendar-parts.js';
import { concatenation } from './string-concat.js';
import { dateDiff } from './temporal-arithmetic.js';
import { regexpExtract, regexpFullMatch, regexpMatches, regexpReplace } from './regexp-functions.js';

type Builder = (args: ExprNode[], raw: SqlNode[], at: SqlPosition | null, cx: ExprContext) => ExprNode;

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

const T: Need[] = ['temporal'];
const S: Need[] = ['string'];
const N: Need[] = ['number'];

/**
 * Each function's number of arguments, what it needs of them, and its translation; `first`
 * checks constant arguments before the types are (date_trunc's unit).
 */
const FUNCTIONS: Record<string, { arity: [number, number]; needs?: readonly (Need | null)[]; first?: (args: ExprNode[], at: SqlPosition | null) => void; build: Builder }> = {
  year: { arity: [1, 1], needs: T, build: dt('year') },
  month: { arity: [1, 1], needs: T, build: dt('month') },
  day: { arity: [1, 1], needs: T, build: dt('day') },
  dayofmonth: { arity: [1, 1], needs: T, build: dt('day') },
  hour: { arity: [1, 1], needs: T, build: dt('hour') },
  minute: { arity: [1, 1], needs: T, build: dt('minute') },
  second: { arity: [1, 1], needs: T, build: dt('second') },
  date: { arity: [1, 1], needs: T, build: dt('date') },
  // floe's weekday is Monday = 0; SQL's dayofweek/dow is Sunday = 0, isodow Monday = 1
  dayofweek: { arity: [1, 1], needs: T, build: ([x]) => ({ kind: 'binary', op: 'mod', left: add({ kind: 'dt', arg: x, field: 'weekday' }, lit(1, 'int64')), right: lit(7, 'int64') }) },
  dow: { arity: [1, 1], needs: T, build: (a, r, at, cx) => FUNCTIONS.dayofweek.build(a, r, at, cx) },
  isodow: { arity: [1, 1], needs: T, build: ([x]) => add({ kind: 'dt', arg: x, field: 'weekday' }, lit(1, 'int64')) },
  quarter: { arity: [1, 1], needs: T, build: ([x]) => quarter(x) },
  dayofyear: { arity: [1, 1], needs: T, build: ([x]) => dayOfYear(x) },
  millisecond: { arity: [1, 1], needs: T, build: ([x]) => millisecond(x) },
  microsecond: { arity: [1, 1], needs: T, build: ([x]) => microsecond(x) },
  date_trunc: {
    arity: [2, 2],
    needs: [null, 'temporal'],
    first: ([unit], at) => checkDateTruncUnit(String(constant(unit, "date_trunc's unit", at)), at),
    build: ([unit, x], _raw, at) => dateTrunc(String(constant(unit, "date_trunc's unit", at)), x, at),
  },
  lower: { arity: [1, 1], needs: S, build: ([x]) => ({ kind: 'strFn', arg: x, fn: { op: 'lower' } }) },
  upper: { arity: [1, 1], needs: S, build: ([x]) => ({ kind: 'strFn', arg: x, fn: { op: 'upper' } }) },
  length: { arity: [1, 1], needs: S, build: ([x]) => ({ kind: 'strFn', arg: x, fn: { op: 'len' } }) },
  char_length: { arity: [1, 1], needs: S, build: ([x]) => ({ kind: 'strFn', arg: x, fn: { op: 'len' } }) },
  trim: {
    arity: [1, 2],
    needs: S,
    // spaces only, as SQL's trim (PostgreSQL, DuckDB): a tab or a line feed stays
    build: ([x, chars], _raw, at) => ({ kind: 'strFn', arg: x, fn: { op: 'strip', chars: chars ? String(constant(chars, "trim's characters", at)) : ' ' } }),
  },
  ltrim: { arity: [1, 2], needs: S, build: ([x, chars], _raw, at) => trimEnd(x, 'start', chars, at) },
  rtrim: { arity: [1, 2], needs: S, build: ([x, chars], _raw, at) => trimEnd(x, 'end', chars, at) },
  substr: { arity: [2, 3], needs: S, build: substring },
  substring: { arity: [2, 3], needs: S, build: substring },
  left: { arity: [2, 2], needs: S, build: ([x, n], _raw, at) => ({ kind: 'strFn', arg: x, fn: { op: 'slice', start: 0, stop: intConstant(n, "left's count", at) } }) },
  right: { arity: [2, 2], needs: S, build: ([x, n], _raw, at) => ({ kind: 'strFn', arg: x, fn: { op: 'slice', ...rightSlice(intConstant(n, "right's count", at)) } }) },
  strpos: { arity: [2, 2], needs: S, build: ([x, p], _raw, at) => position(x, String(constant(p, "strpos's part", at))) },
  replace: {
    arity: [3, 3],
    needs: S,
    build: ([x, from, to], _raw, at) => {
      const pattern = String(constant(from, "replace's pattern", at));
      if (pattern === '') throw new SqlError("replace's pattern must not be empty", at);
      return { kind: 'strFn', arg: x, fn: { op: 'replace', pattern, regex: false, flags: '', value: String(constant(to, "replace's replacement", at)) } };
    },
  },
  split_part: {
    arity: [3, 3],
    needs: S,
    build: ([x, sep, index], _raw, at) => {
      const s = String(constant(sep, "split_part's separator", at));
      const i = intConstant(index, "split_part's index", at);
      if (i === 0) return EMPTY(x); // as DuckDB: no part 0
      if (s === '') throw new SqlError('split_part needs a non-empty separator', at);
      // SQL gives '' past the last part; floe null (a null input stays null)
      const part: ExprNode = { kind: 'fillNull', arg: { kind: 'strFn', arg: x, fn: { op: 'split', sep: s, index: i > 0 ? i - 1 : i } }, value: lit('') };
      return { kind: 'when', cond: { kind: 'isNull', arg: x, negate: false }, value: lit(null), otherwise: part };
    },
  },
  starts_with: { arity: [2, 2], needs: S, build: ([x, p], _r, at) => ({ kind: 'str', arg: x, op: 'startsWith', pattern: String(constant(p, 'the prefix', at)) }) },
  prefix: { arity: [2, 2], build: (a, r, at, cx) => FUNCTIONS.starts_with.build(a, r, at, cx) },
  ends_with: { arity: [2, 2], needs: S, build: ([x, p], _r, at) => ({ kind: 'str', arg: x, op: 'endsWith', pattern: String(constant(p, 'the suffix', at)) }) },
  suffix: { arity: [2, 2], build: (a, r, at, cx) => FUNCTIONS.ends_with.build(a, r, at, cx) },
  contains: { arity: [2, 2], needs: S, build: ([x, p], _r, at) => ({ kind: 'str', arg: x, op: 'contains', pattern: String(constant(p, 'the part', at)) }) },
  regexp_matches: { arity: [2, 3], needs: S, build: (a, _r, at) => regexpMatches(a, at) },
  regexp_full_match: { arity: [2, 3], needs: S, build: (a, _r, at) => regexpFullMatch(a, at) },
  regexp_replace: { arity: [3, 4], needs: S, build: (a, _r, at) => regexpReplace(a, at) },
  regexp_extract: { arity: [2, 4], needs: S, build: (a, _r, at) => regexpExtract(a, at) },
  date_diff: { arity: [3, 3], needs: [null, 'temporal', 'temporal'], build: ([part, a, b], _raw, at) => dateDiff(String(constant(part, "date_diff's part", at)), a, b, at) },
  datediff: { arity: [3, 3], needs: [null, 'temporal', 'temporal'], build: (args, r, at, cx) => FUNCTIONS.date_diff.build(args, r, at, cx) },
  strftime: {
    arity: [2, 2],
    needs: T,
    build: ([x, f], _raw, at) => {
      const format = String(constant(f, "strftime's format", at));
      try {
        compileStrftime(format);
      } catch (err) {
        throw new SqlError((err as Error).message, at);
      }
      return { kind: 'strftime', arg: x, format };
    },
  },
  lpad: { arity: [3, 3], needs: S, build: ([x, w, f], _raw, at) => padded(x, w, f, true, at) },
  rpad: { arity: [3, 3], needs: S, build: ([x, w, f], _raw, at) => padded(x, w, f, false, at) },
  reverse: { arity: [1, 1], needs: S, build: ([x]) => ({ kind: 'strFn', arg: x, fn: { op: 'reverse' } }) },
  repeat: { arity: [2, 2], needs: S, build: ([x, n], _raw, at) => ({ kind: 'strFn', arg: x, fn: { op: 'repeat', times: intConstant(n, "repeat's count", at) } }) },
  // nulls add nothing (|| makes the whole null)
  concat: { arity: [1, Infinity], build: (args, raw, at, cx) => concatenation(args, raw, cx, 'concat()', true, at) },
  // a NULL argument adds nothing (and as a float64 literal it would not fit a date or text column)
  coalesce: {
    arity: [1, Infinity],
    build: (args) => {
      const given = args.filter((x) => !(x.kind === 'lit' && x.value === null));
      return given.length === 0 ? lit(null) : given.reduceRight((acc, x) => ({ kind: 'fillNull', arg: x, value: acc }));
    },
  },
  ifnull: { arity: [2, 2], build: (args, r, at, cx) => FUNCTIONS.coalesce.build(args, r, at, cx) },
  // NaN is the one value not equal to itself (0/0 in a float column); null stays null
  isnan: { arity: [1, 1], needs: N, build: ([x]) => ({ kind: 'binary', op: 'neq', left: x, right: x }) },
  nullif: { arity: [2, 2], build: ([a, b]) => ({ kind: 'when', cond: { kind: 'binary', op: 'eq', left: a, right: b }, value: lit(null), otherwise: a }) },
  pow: { arity: [2, 2], needs: N, build: power },
  power: { arity: [2, 2], needs: N, build: power },
  abs: { arity: [1, 1], needs: N, build: math('abs') },
  // half away from zero, as DuckDB rounds a double; round(x, -1) to tens
  round: { arity: [1, 2], needs: N, build: ([x, d], _raw, at) => mathNode(x, 'round', d === undefined ? 0 : roundDigits(d, at)) },
  floor: { arity: [1, 1], needs: N, build: math('floor') },
  ceil: { arity: [1, 1], needs: N, build: math('ceil') },
  ceiling: { arity: [1, 1], needs: N, build: math('ceil') },
  trunc: { arity: [1, 1], needs: N, build: math('trunc') },
  sign: { arity: [1, 1], needs: N, build: math('sign') },
  sqrt: { arity: [1, 1], needs: N, build: math('sqrt') },
  exp: { arity: [1, 1], needs: N, build: math('exp') },
  ln: { arity: [1, 1], needs: N, build: math('ln') },
  log10: { arity: [1, 1], needs: N, build: math('log10') },
  log2: { arity: [1, 1], needs: N, build: ([x]) => mathNode(x, 'log', 2) },
  // DuckDB's log(x) is base 10; log(b, x) base b
  log: { arity: [1, 2], needs: N, build: ([a, b], _raw, at) => (b === undefined ? mathNode(a, 'log10', 0) : mathNode(b, 'log', logBase(a, at))) },
};

/** pow(x, n) for a constant whole n from 0 to 4 (products; exact for n = 2): floe has no general power yet. */
function math(fn: MathFn): Builder {
  return ([x]) => mathNode(x, fn, 0);
}

export function mathNode(x: ExprNode, fn: MathFn, n: number): ExprNode {
  return { kind: 'math', arg: x, fn, n };
}

function roundDigits(d: ExprNode, at: SqlPosition | null): number {
  const n = intConstant(d, "round's digits", at);
  if (n < -18 || n > 18) throw new SqlError(`round's digits must be from -18 to 18, got ${n}`, at);
  return n;
}

function logBase(b: ExprNode, at: SqlPosition | null): number {
  const v = constant(b, "log's base", at);
  if (typeof v !== 'number' || !(v > 0) || v === 1 || !Number.isFinite(v)) throw new SqlError(`log(b, x) needs a constant base b > 0 other than 1, got ${String(v)}`, at);
  return v;
}

function power([x, n]: ExprNode[], _raw: SqlNode[], at: SqlPosition | null): ExprNode {
  const k = n.kind === 'lit' && typeof n.value === 'number' ? n.value : NaN;
  if (!(Number.isInteger(k) && k >= 0 && k <= 4)) throw new SqlError('pow(x, n) is supported only for a constant whole n from 0 to 4 yet', at);
  // x⁰ is 1 (∞⁰ and NaN⁰ too), but null⁰ is null (as DuckDB)
  if (k === 0) return { kind: 'when', cond: { kind: 'isNull', arg: x, negate: false }, value: lit(null), otherwise: lit(1, 'float64') };
  let out: ExprNode = { kind: 'cast', arg: x, to: 'float64' };
  for (let i = 1; i < k; i++) out = { kind: 'binary', op: 'mul', left: out, right: { kind: 'cast', arg: x, to: 'float64' } };
  return out;
}

/**
 * SQL substr(s, start[, length]) as DuckDB has it, onto floe's slice (0-based, negative from the
 * end). A start of 1 or more counts from 1, start 0 is the position before the first character,
 * a negative start counts from the end; a negative length takes the characters before the start.
 * The range is then clipped to the string ('he', 5, -3 is 'e').
 */
function substring([x, start, len]: ExprNode[], _raw: SqlNode[], at: SqlPosition | null): ExprNode {
  const s = intConstant(start, 'substr start', at);
  const n = len ? intConstant(len, 'substr length', at) : null;
  return { kind: 'strFn', arg: x, fn: { op: 'slice', ...sliceOf(s, n) } };
}

/** The slice of SQL's [start, start + length) (or [start + length, start) for a negative length). */
function sliceOf(start: number, len: number | null): { start: number; stop: number | null } {
  if (start >= 0) {
    const from = start - 1; // -1 for start 0: before the first character
    if (len === null) return { start: Math.max(from, 0), stop: null };
    const [a, b] = len >= 0 ? [from, from + len] : [from + len, from];
    return { start: Math.max(a, 0), stop: Math.max(b, 0) };
  }
  // from the end: floe's negative indices, and its clipping, are SQL's
  if (len === null) return { start, stop: null };
  if (len < 0) return { start: start + len, stop: start };
  return { start, stop: start + len < 0 ? start + len : null };
}

/** '' for a string, null for null. */
const EMPTY = (x: ExprNode): ExprNode => ({ kind: 'strFn', arg: x, fn: { op: 'slice', start: 0, stop: 0 } });

/** ltrim / rtrim: spaces (as trim), or any of `chars`, removed from one end. */
function trimEnd(x: ExprNode, end: 'start' | 'end', chars: ExprNode | undefined, at: SqlPosition | null): ExprNode {
  const set = chars ? `[${Array.from(String(constant(chars, `${end === 'start' ? 'ltrim' : 'rtrim'}'s characters`, at)), (c) => c.replace(/[\]\\^-]/g, '\\$&')).join('')}]` : ' ';
  if (set === '[]') return x;
  return { kind: 'strFn', arg: x, fn: { op: 'replace', pattern: end === 'start' ? `^${set}+` : `${set}+$`, regex: true, flags: 'u', value: '' } };
}

/** right(s, n): the last n characters; for a negative n, all but the first -n. */
function rightSlice(n: number): { start: number; stop: number | null } {
  return n === 0 ? { start: 0, stop: 0 } : { start: -n, stop: null };
}

/** strpos(s, part): where part first starts (from 1), 0 when it is not in s: the length of what precedes it, plus one. */
function position(x: ExprNode, part: string): ExprNode {
  const isNull: ExprNode = { kind: 'isNull', arg: x, negate: false };
  if (part === '') return { kind: 'when', cond: isNull, value: lit(null), otherwise: lit(1, 'int64') };
  const before: ExprNode = { kind: 'strFn', arg: x, fn: { op: 'split', sep: part, index: 0 } };
  const found: ExprNode = add({ kind: 'strFn', arg: before, fn: { op: 'len' } }, lit(1, 'int64'));
  return { kind: 'when', cond: isNull, value: lit(null), otherwise: { kind: 'when', cond: { kind: 'str', arg: x, op: 'contains', pattern: part }, value: found, otherwise: lit(0, 'int64') } };
}

/** Functions DuckDB has that floe cannot build from its expressions yet, and why. */
const NOT_YET: Record<string, string> = {}; // none at present

/** lpad / rpad as DuckDB: to `width` characters, a longer value cut to its first `width` (an empty fill pads nothing; DuckDB errors where it would have to). */
function padded(x: ExprNode, w: ExprNode, f: ExprNode, start: boolean, at: SqlPosition | null): ExprNode {
  const width = intConstant(w, `${start ? 'lpad' : 'rpad'}'s width`, at);
  const fill = String(constant(f, `${start ? 'lpad' : 'rpad'}'s fill`, at));
  return { kind: 'strFn', arg: x, fn: { op: 'pad', width, fill, start, truncate: true } };
}

const EXTRACT_FIELDS = ['year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond', 'microsecond', 'quarter', 'dayofyear', 'dow', 'isodow'];

/** `call`: the call as written, for messages (`year(s)`). */
export function scalarFunction(name: string, raw: SqlNode[], cx: ExprContext, at: SqlPosition | null, style = 'call', call: string | null = null): ExprNode {
  // extract(microseconds from …), extract(years from …): DuckDB takes the plural
  if (style === 'extract' && !EXTRACT_FIELDS.includes(name) && name.endsWith('s') && EXTRACT_FIELDS.includes(name.slice(0, -1))) name = name.slice(0, -1);
  const f = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!f || (style === 'extract' && !EXTRACT_FIELDS.includes(name))) {
    const what = style === 'extract' ? `extract(${name} from …)` : `function ${name}()`;
    const why = style !== 'extract' && Object.hasOwn(NOT_YET, name) ? `: ${NOT_YET[name]}` : '';
    throw new SqlError(`${what} is not supported yet${why}; ${style === 'extract' ? `fields: ${EXTRACT_FIELDS.join(', ')}` : `row functions: ${Object.keys(FUNCTIONS).join(', ')}`}`, at);
  }
  const [lo, hi] = f.arity;
  if (raw.length < lo || raw.length > hi) throw new SqlError(`${name}() takes ${lo === hi ? lo : `${lo} to ${hi === Infinity ? 'any number of' : hi}`} argument(s), got ${raw.length}`, at);
  const args = raw.map((r) => translateExpr(r, cx));
  f.first?.(args, at);
  const shown = call ?? (style === 'extract' ? `extract(${name} from …)` : `${name}()`);
  return f.build(f.needs ? checkArguments(args, f.needs, raw, cx, shown, at) : args, raw, at, cx);
}
