/**
 * One SQL expression → a floe expression node, over the columns of a scope. Aggregates are left
 * to the caller's `hook` (translate-aggregate.ts); here they are an error ("not allowed in WHERE").
 * Anything floe cannot compute exactly is refused with its position, never approximated.
 */
import { formatTimestamp, type DataFrame, type DType, type ExprNode } from '@floe/dataframe';
import { isAggregateCall } from './aggregate-functions.js';
import { mathNode, scalarFunction } from './scalar-functions.js';
import { likePredicate } from './like-pattern.js';
import { boundLiteral, MS_PER_DAY, numberLiteral, stringLiteral, temporalLiteral, temporalMs } from './literal.js';
import { resolveColumn, type Scope } from './scope.js';
import { child, children, columnRef, functionArgs, functionName, positionOf, subqueryOf, textOf, type SqlNode } from './sql-ast.js';
import { SqlError, UnconvertibleLiteral, type SqlPosition } from './sql-error.js';
import { findWord } from './source-text.js';
import { castType } from './cast-type.js';
import { TRY_CAST_MARKER } from './parse-sql.js';
import { typeIn } from './type-in.js';
import { concatenation, concatOperands } from './string-concat.js';
import { daysBetween, intervalMs, literalInterval, plusDays, plusMs, unitMs } from './temporal-arithmetic.js';
import { windowFunction, type WindowSpecAst } from './window-functions.js';

export interface ExprContext {
  scope: Scope;
  text: string;
  params: readonly unknown[];
  /** The clause being translated, for messages ("WHERE"). */
  clause: string;
  /** Tried first at every node: a node it returns replaces the translation (used for aggregates and group keys). */
  hook?: (n: SqlNode, cx: ExprContext) => ExprNode | undefined;
  /** The frame the translated expressions are evaluated over, when it is not the scope's (after an aggregate). */
  frame?: () => DataFrame;
  /** The query's named windows (WINDOW w AS (…)), by lower-case name. */
  windows?: ReadonlyMap<string, WindowSpecAst>;
  /** Translates an uncorrelated subquery (for scalar subqueries). */
  subquery?: (ast: SqlNode) => DataFrame;
}

const COMPARE: Record<string, 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte'> = { '=': 'eq', '<>': 'neq', '!=': 'neq', '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };
const ARITH: Record<string, 'add' | 'sub' | 'mul' | 'div' | 'mod'> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod' };

export function translateExpr(n: SqlNode, cx: ExprContext): ExprNode {
  const hooked = cx.hook?.(n, cx);
  if (hooked) return hooked;
  const at = positionOf(n);
  const sub = subqueryOf(n);
  if (sub) return scalarSubquery(sub, cx, at);
  switch (n.type) {
    case 'column_ref': {
      const ref = columnRef(n);
      if (ref.name === '*') throw new SqlError(`* can only be a select item or count(*), not part of an expression in ${cx.clause}`, at);
      return { kind: 'col', name: resolveColumn(cx.scope, ref.table, ref.name, at ?? findWord(cx.text, ref.name)).internal };
    }
    case 'number': case 'bigint': return numberLiteral(n.value, at ?? findWord(cx.text, String(n.value)));
    case 'single_quote_string': case 'string': case 'natural_string': return stringLiteral(String(n.value));
    case 'double_quote_string': return { kind: 'col', name: resolveColumn(cx.scope, null, String(n.value), findWord(cx.text, String(n.value))).internal };
    case 'bool': return { kind: 'lit', value: n.value === true, dtype: 'bool' };
    case 'null': return { kind: 'lit', value: null, dtype: null };
    case 'date': case 'timestamp': case 'datetime':
      return temporalLiteral(String(n.value), n.type === 'date' ? 'date' : 'timestamp', at ?? findWord(cx.text, n.type));
    case 'var': {
      if (n.prefix !== '$' || typeof n.name !== 'number') throw new SqlError(`variables (${String(n.prefix)}${String(n.name)}) are not supported; bind values with sql\`… \${value} …\``, at);
      return boundLiteral(cx.params, n.name, at ?? findWord(cx.text, `$${n.name}`));
    }
    case 'unary_expr': {
      const arg = translateExpr(child(n, 'expr'), cx);
      if (n.operator === 'NOT') return { kind: 'not', arg };
      if (n.operator === '-') return arg.kind === 'lit' && typeof arg.value === 'number' ? { ...arg, value: -arg.value } : { kind: 'neg', arg };
      if (n.operator === '+') return arg;
      throw new SqlError(`unary operator ${String(n.operator)} is not supported yet`, at);
    }
    case 'binary_expr': return binary(n, cx, at);
    case 'case': return caseWhen(n, cx);
    case 'cast': return cast(n, cx, at);
    case 'extract': {
      const args = n.args as { field: string; source: SqlNode; cast_type?: string | null };
      // extract(dow from date '2024-01-07'): the parser keeps the literal's type apart from its text
      const typed = /^(date|timestamp)$/i.test(args.cast_type ?? '') && (args.source.type === 'single_quote_string' || args.source.type === 'string');
      const source: SqlNode = typed ? { type: args.cast_type!.toLowerCase(), value: args.source.value } : args.source;
      return scalarFunction(String(args.field).toLowerCase(), [source], cx, at ?? findWord(cx.text, 'extract'), 'extract', textOf(n, cx.text));
    }
    case 'function': case 'aggr_func': {
      if (n.over) return windowFunction(n, cx, at);
      if (n.type === 'function' && functionName(n) === 'not' && functionArgs(n).length === 1) return { kind: 'not', arg: translateExpr(functionArgs(n)[0], cx) };
      if (isAggregateCall(n)) throw new SqlError(`aggregate functions are not allowed in ${cx.clause}${cx.clause === 'WHERE' ? '; use HAVING for conditions on aggregates' : ''}`, at);
      return scalarFunction(functionName(n), functionArgs(n), cx, at, 'call', textOf(n, cx.text));
    }
    case 'window_func': return windowFunction(n, cx, at ?? findWord(cx.text, 'over'));
    case 'interval': throw new SqlError('an INTERVAL is only added to or subtracted from a date or timestamp (ts + INTERVAL 1 DAY)', at ?? findWord(cx.text, 'interval'));
    default:
      throw new SqlError(`${String(n.type ?? 'this')} expressions are not supported yet`, at);
  }
}

function binary(n: SqlNode, cx: ExprContext, at: SqlPosition | null): ExprNode {
  const op = String(n.operator).toUpperCase();
  const leftAst = child(n, 'left');
  const rightAst = child(n, 'right');
  const where = at ?? findWord(cx.text, op.split(' ').pop()!);
  if (op === 'AND' || op === 'OR') return { kind: 'binary', op: op === 'AND' ? 'and' : 'or', left: translateExpr(leftAst, cx), right: translateExpr(rightAst, cx) };
  if (op in COMPARE) {
    const left = comparand(leftAst, cx);
    const right = comparand(rightAst, cx);
    return { kind: 'binary', op: COMPARE[op], left: textAsDate(left, right, leftAst, cx), right: textAsDate(right, left, rightAst, cx) };
  }
  if (op === '%') return truncatedMod(translateExpr(leftAst, cx), translateExpr(rightAst, cx));
  if (op === '//') return integerDivision(translateExpr(leftAst, cx), translateExpr(rightAst, cx));
  if (op === '+' || op === '-') return plusOrMinus(op, leftAst, rightAst, cx, where);
  if (op in ARITH) return { kind: 'binary', op: ARITH[op], left: translateExpr(leftAst, cx), right: translateExpr(rightAst, cx) };
  if (op === 'IS' || op === 'IS NOT') {
    if (rightAst.type !== 'null') throw new SqlError(`${op} ${String(rightAst.value).toUpperCase()} is not supported yet; only IS [NOT] NULL`, where);
    return { kind: 'isNull', arg: translateExpr(leftAst, cx), negate: op === 'IS NOT' };
  }
  if (op === 'LIKE' || op === 'NOT LIKE' || op === 'ILIKE' || op === 'NOT ILIKE') {
    if (rightAst.type !== 'single_quote_string' && rightAst.type !== 'var') throw new SqlError(`${op} needs a constant pattern ('abc%')`, where);
    // an ESCAPE character was ignored, and the pattern taken with it as text ('%!%%' escape '!' matched nothing)
    if ((rightAst as { escape?: unknown }).escape) throw new SqlError(`${op} … ESCAPE is not supported yet; for a literal % or _ use contains(s, '%'), starts_with or ends_with`, where ?? findWord(cx.text, 'escape'));
    const pattern = translateExpr(rightAst, cx);
    if (pattern.kind !== 'lit' || typeof pattern.value !== 'string') throw new SqlError(`${op} needs a string pattern`, where);
    const pred = likePredicate(translateExpr(leftAst, cx), pattern.value, op.includes('ILIKE'), where);
    return op.startsWith('NOT') ? { kind: 'not', arg: pred } : pred;
  }
  if (op === 'IN' || op === 'NOT IN') {
    const list = (rightAst.value as SqlNode[] | undefined) ?? [];
    if (list.some((x) => subqueryOf(x))) {
      throw new SqlError(`${op} (subquery) is supported only as a WHERE condition joined to the others by AND`, where);
    }
    const arg = translateExpr(leftAst, cx);
    const values = list.map((x) => comparand(x, cx));
    if (values.some((v) => v.kind === 'lit' && v.value === null)) throw new SqlError(`NULL in an ${op} list is not supported (x IN (…, NULL) is never false); use IS NULL`, where);
    const pred: ExprNode = values.every((v) => v.kind === 'lit')
      ? { kind: 'isIn', arg, values }
      : values.map((v): ExprNode => ({ kind: 'binary', op: 'eq', left: arg, right: v })).reduce((a, b) => ({ kind: 'binary', op: 'or', left: a, right: b }));
    return op === 'NOT IN' ? { kind: 'not', arg: pred } : pred;
  }
  if (op === 'BETWEEN' || op === 'NOT BETWEEN') {
    const [lo, hi] = (rightAst.value as SqlNode[]).map((x) => comparand(x, cx));
    const arg = translateExpr(leftAst, cx);
    const pred: ExprNode = { kind: 'binary', op: 'and', left: { kind: 'binary', op: 'gte', left: arg, right: lo }, right: { kind: 'binary', op: 'lte', left: arg, right: hi } };
    return op === 'NOT BETWEEN' ? { kind: 'not', arg: pred } : pred;
  }
  if (op === '||') {
    const operands = concatOperands(n);
    return concatenation(operands.map((x) => translateExpr(x, cx)), operands, cx, '||', false, where);
  }
  throw new SqlError(`operator ${op} is not supported yet`, where);
}

/** A side of a comparison: a date/timestamp literal stays an ISO string, which floe fits to the other side's type. */
/**
 * A text literal compared with a date column is cast to a date, as SQL casts it to the column's
 * type: '1998-01-08 10:00:00' is 1998-01-08 (d = '… 10:00:00' matched nothing). A typed
 * `timestamp '…'` is not text: it compares as a timestamp.
 */
function textAsDate(side: ExprNode, other: ExprNode, ast: SqlNode, cx: ExprContext): ExprNode {
  if (ast.type !== 'single_quote_string' || side.kind !== 'lit' || typeof side.value !== 'string' || other.kind !== 'col') return side;
  if ((cx.frame?.() ?? cx.scope.frame).dtypes[other.name] !== 'date') return side;
  let ms: number;
  try {
    ms = temporalMs(side.value, 'timestamp', null);
  } catch {
    return side; // not a date: the type check names it
  }
  return { kind: 'lit', value: Math.floor(ms / MS_PER_DAY), dtype: 'date' };
}

function comparand(n: SqlNode, cx: ExprContext): ExprNode {
  if (n.type === 'date' || n.type === 'timestamp' || n.type === 'datetime') {
    const kind = n.type === 'date' ? 'date' : 'timestamp';
    const ms = temporalMs(String(n.value), kind, positionOf(n) ?? findWord(cx.text, n.type)); // checks the text
    // a timestamp as floe spells it: '… 24:00:00' and a trailing Z read as SQL reads them, microseconds kept
    return { kind: 'lit', value: kind === 'date' ? String(n.value).trim() : formatTimestamp(ms), dtype: null };
  }
  return translateExpr(n, cx);
}

function caseWhen(n: SqlNode, cx: ExprContext): ExprNode {
  const subject = n.expr ? translateExpr(child(n, 'expr'), cx) : null;
  const args = n.args as { type: string; cond?: SqlNode; result: SqlNode }[];
  const otherwise = args.find((a) => a.type === 'else');
  let acc: ExprNode = otherwise ? translateExpr(otherwise.result, cx) : { kind: 'lit', value: null, dtype: null };
  for (const a of args.filter((x) => x.type === 'when').reverse()) {
    const c = subject ? { kind: 'binary' as const, op: 'eq' as const, left: subject, right: comparand(a.cond!, cx) } : translateExpr(a.cond!, cx);
    acc = { kind: 'when', cond: c, value: translateExpr(a.result, cx), otherwise: acc };
  }
  return acc;
}

function cast(n: SqlNode, cx: ExprContext, at: SqlPosition | null): ExprNode {
  const target = (n.target as { dataType: string }[])[0]?.dataType ?? '';
  const { to, narrow } = castType(target, at ?? findWord(cx.text, target.split(' ')[0]));
  const value = tryCastValue(n);
  const out = value === null ? castTo(n, cx, at, target, to) : tryCastTo({ ...n, expr: value }, cx, at, target, to);
  // TINYINT, SMALLINT, INTEGER: the value checked against their range (out of it: an error, or null
  // for try_cast); REAL: rounded to float32
  if (narrow) return value === null ? { kind: 'cast', arg: out, to, narrow } : { kind: 'cast', arg: out, to, narrow, orNull: true };
  // decimal(p, s) / numeric(p, s): floe holds it as a double, rounded to its scale as DuckDB
  // rounds (half away from zero) — a text literal's too; DECIMAL alone is DuckDB's decimal(18, 3)
  const decimal = /^(DECIMAL|NUMERIC)$/i.test(target.trim()) ? (n.target as { scale?: number; length?: number }[])[0] : null;
  if (decimal) return mathNode(out, 'round', decimal.scale ?? (decimal.length !== undefined ? 0 : 3));
  return out;
}

/** The value of `try_cast(value as …)` (parse-sql.ts wraps it in its marker's call); null for a plain cast. */
function tryCastValue(n: SqlNode): SqlNode | null {
  const e = child(n, 'expr');
  if (e?.type !== 'function') return null;
  const name = (e.name as { name?: { value: string }[] } | undefined)?.name;
  if (name?.length !== 1 || name[0].value !== TRY_CAST_MARKER) return null;
  return children(child(e, 'args'), 'value')[0];
}

/**
 * DuckDB's TRY_CAST: as CAST, with null for a value that does not convert — text to numbers and to
 * dates and timestamps (ISO text) leniently, and a literal that would be refused as null.
 */
function tryCastTo(n: SqlNode, cx: ExprContext, at: SqlPosition | null, target: string, to: DType): ExprNode {
  const source = child(n, 'expr');
  if (source.type === 'single_quote_string' || source.type === 'string') {
    try {
      return castTo(n, cx, at, target, to);
    } catch (err) {
      if (err instanceof UnconvertibleLiteral) return { kind: 'lit', value: null, dtype: to };
      throw err;
    }
  }
  const arg = translateExpr(source, cx);
  const from = typeIn(cx.frame ? cx.frame() : cx.scope.frame, arg);
  // text: converted as CAST converts it (a number that is not whole rounds), null where CAST fails
  if (from === 'string' && to !== 'string') return { kind: 'cast', arg, to, strict: true, orNull: true };
  return castTo(n, cx, at, target, to);
}

/** To the nearest integer, halves away from zero (SQL's DECIMAL to an integer: 2.5 → 3, -2.5 → -3). */
const roundHalfAway = (x: number): number => Math.sign(x) * Math.round(Math.abs(x));

/** The value of a number literal written with a decimal point and no exponent (2.5, -0.5), possibly negated; null for anything else. */
function decimalLiteral(n: SqlNode): number | null {
  if (n.type === 'unary_expr' && n.operator === '-') {
    const inner = decimalLiteral(n.expr as SqlNode);
    return inner === null ? null : -inner;
  }
  // the parser gives a number's text ('2.5', '-2.5'); with an exponent (2.5e0) it is a DOUBLE in DuckDB
  if (n.type !== 'number' || !/^-?\d*\.\d*$/.test(String(n.value).trim())) return null;
  const x = Number(n.value);
  return Number.isFinite(x) ? x : null;
}

/** The words DuckDB casts to the non-finite doubles ('nan'::double, 'inf', '-Infinity'; any case). */
const SPECIAL_DOUBLES = new Map<string, number>([
  ['nan', NaN], ['+nan', NaN], ['-nan', NaN],
  ['inf', Infinity], ['+inf', Infinity], ['infinity', Infinity], ['+infinity', Infinity],
  ['-inf', -Infinity], ['-infinity', -Infinity],
]);

function castTo(n: SqlNode, cx: ExprContext, at: SqlPosition | null, target: string, to: DType): ExprNode {
  const source = child(n, 'expr');
  if ((to === 'date' || to === 'timestamp') && (source.type === 'single_quote_string' || source.type === 'string')) {
    return temporalLiteral(String(source.value), to, at);
  }
  if ((to === 'int64' || to === 'float64') && (source.type === 'single_quote_string' || source.type === 'string')) {
    const special = to === 'float64' ? SPECIAL_DOUBLES.get(String(source.value).trim().toLowerCase()) : undefined;
    if (special !== undefined) return { kind: 'lit', value: special, dtype: to };
    const x = Number(String(source.value).trim());
    if (String(source.value).trim() === '' || !Number.isFinite(x)) throw new UnconvertibleLiteral(`cannot cast '${String(source.value)}' to ${target.toLowerCase()}`, at ?? findWord(cx.text, 'cast'));
    // a number that is not whole rounds, halves away from zero, as a text column's values do ('2.5' → 3, as DuckDB)
    if (to === 'int64' && !Number.isInteger(x)) return { kind: 'lit', value: roundHalfAway(x), dtype: 'int64' };
    // an integer a double would round: refused as an integer literal is (literal.ts)
    if (to === 'int64' && !Number.isSafeInteger(x)) throw new SqlError(`cannot cast '${String(source.value)}' to ${target.toLowerCase()}: it is beyond 2^53, where a literal would be rounded`, at ?? findWord(cx.text, 'cast'));
    return { kind: 'lit', value: x, dtype: to };
  }
  const arg = translateExpr(source, cx);
  const from = typeIn(cx.frame ? cx.frame() : cx.scope.frame, arg);
  if (arg.kind === 'lit' && arg.value === null) return { kind: 'cast', arg, to };
  // a number written with a decimal point is SQL's exact DECIMAL, which an integer cast rounds half
  // away from zero (cast(2.5 as int) is 3, cast(-2.5 as int) -3, as DuckDB and Postgres); a
  // double column's values round half to even, as DuckDB rounds a DOUBLE
  const written = to === 'int64' ? decimalLiteral(source) : null;
  if (written !== null) return { kind: 'lit', value: roundHalfAway(written), dtype: 'int64' };
  if (!CASTS[to].includes(from)) {
    throw new SqlError(`cast from ${from} to ${target.toLowerCase()} is not supported yet; floe casts ${CAST_LIST}`, at ?? findWord(cx.text, 'cast'));
  }
  if (to === 'int64' && from === 'float64') return roundHalfEven(arg);
  // text to a number: a value that does not convert fails the query, as SQL's CAST does
  if (from === 'string' && to !== 'string') return { kind: 'cast', arg, to, strict: true };
  return { kind: 'cast', arg, to };
}

/**
 * The casts floe computes as SQL does. Text to numbers, dates and timestamps is strict (a value
 * that is not one — an ISO date or timestamp for the latter — fails the query, naming it, as
 * DuckDB's CAST; floe's own cast gives null). Left out on purpose: text to booleans, and numbers,
 * booleans and dates to strings (floe would not spell them SQL's way: 2.0, true, 2024-01-01).
 */
const CASTS: Record<DType, readonly DType[]> = {
  int64: ['int64', 'float64', 'bool', 'string'],
  float64: ['int64', 'float64', 'bool', 'string'],
  bool: ['bool', 'int64', 'float64'],
  string: ['string', 'int64'],
  date: ['date', 'timestamp', 'string'],
  timestamp: ['date', 'timestamp', 'string'],
};
const CAST_LIST = 'numbers and booleans to numbers and booleans, text to numbers, dates and timestamps, integers to text, dates and timestamps to each other, and text literals to any type';

function scalarSubquery(ast: SqlNode, cx: ExprContext, at: SqlPosition | null): ExprNode {
  if (!cx.subquery) throw new SqlError(`subqueries are not supported in ${cx.clause}`, at);
  let df: DataFrame;
  try {
    df = cx.subquery(ast);
  } catch (err) {
    // a table of the outer query inside it: a correlated subquery, not a misspelt table
    const outer = err instanceof SqlError ? /^no table "([^"]+)" in FROM/.exec(err.message) : null;
    if (outer && cx.scope.columns.some((c) => c.table !== null && c.table.toLowerCase() === outer[1].toLowerCase())) {
      throw new SqlError(`a subquery used as a value cannot refer to the outer query's table ${JSON.stringify(outer[1])} (a correlated scalar subquery) yet; join the tables and aggregate instead`, at);
    }
    throw err;
  }
  const schema = df.schema;
  if (schema.length !== 1) throw new SqlError(`a subquery used as a value must return one column, this one returns ${schema.length}`, at);
  let p = df.plan;
  while (p.kind === 'project') p = p.input;
  // an aggregate without GROUP BY is one row; any other is read up to its second row, which is
  // an error when the query runs (none: NULL, as DuckDB)
  const plan: DataFrame['plan'] = p.kind === 'aggregate' && p.keys.length === 0 ? df.plan : { kind: 'limit', input: df.plan, n: 2 };
  // its own label: expressions are told apart by their text (an aggregate's repeated calls merge), and two subqueries are two values
  let n = subqueries.get(ast);
  if (n === undefined) { n = ++subqueryCount; subqueries.set(ast, n); }
  return { kind: 'scalar', plan, column: schema[0].name, dtype: schema[0].dtype, label: `(subquery ${n})` };
}

/** A number per subquery in the text: the same one, translated twice (a select item and its GROUP BY ordinal), is one value. */
const subqueries = new WeakMap<SqlNode, number>();
let subqueryCount = 0;

const num = (value: number, dtype: 'int64' | 'float64' = 'int64'): ExprNode => ({ kind: 'lit', value, dtype });
const bin = (op: 'add' | 'sub' | 'mod' | 'eq' | 'neq' | 'lt' | 'gt' | 'and', left: ExprNode, right: ExprNode): ExprNode => ({ kind: 'binary', op, left, right });

/** SQL's a % b takes the sign of a (C, DuckDB, PostgreSQL); floe's mod the sign of b (Python, pandas). */
function truncatedMod(a: ExprNode, b: ExprNode): ExprNode {
  const m = bin('mod', a, b);
  const signsDiffer: ExprNode = { kind: 'binary', op: 'neq', left: bin('lt', a, num(0)), right: bin('lt', b, num(0)) };
  return { kind: 'when', cond: bin('and', bin('neq', m, num(0)), signsDiffer), value: bin('sub', m, b), otherwise: m };
}

/**
 * `a + b`, `a - b`: numbers, or `x ± INTERVAL …`, `date ± n` and `date − date`
 * (temporal-arithmetic.ts) where a side is a date, a timestamp or an interval.
 */
function plusOrMinus(op: '+' | '-', leftAst: SqlNode, rightAst: SqlNode, cx: ExprContext, at: SqlPosition | null): ExprNode {
  if (leftAst.type === 'interval' || rightAst.type === 'interval') {
    if (leftAst.type === 'interval' && (op === '-' || rightAst.type === 'interval')) throw new SqlError(`INTERVAL ${op === '-' ? '- a date' : '+ INTERVAL'} is not supported; write date ${op} INTERVAL …`, at);
    const [xAst, intervalAst] = leftAst.type === 'interval' ? [rightAst, leftAst] : [leftAst, rightAst];
    const x = translateExpr(xAst, cx);
    const t = typeOrNull(x, cx);
    if (t !== null && t !== 'date' && t !== 'timestamp') throw new SqlError(`an INTERVAL is added to a date or a timestamp, not to ${t}`, at);
    if (literalInterval(intervalAst)) {
      const ms = intervalMs(intervalAst, at);
      return plusMs(x, op === '-' ? -ms : ms);
    }
    // interval (n) day: the count an expression of the row
    const count = translateExpr(child(intervalAst, 'expr'), cx);
    const ms: ExprNode = { kind: 'binary', op: 'mul', left: count, right: num(op === '-' ? -unitMs(intervalAst, at) : unitMs(intervalAst, at), 'float64') };
    return plusMs(x, ms);
  }
  const left = translateExpr(leftAst, cx);
  const right = translateExpr(rightAst, cx);
  const numbers: ExprNode = { kind: 'binary', op: ARITH[op], left, right };
  const lt = typeOrNull(left, cx);
  const rt = typeOrNull(right, cx);
  const temporal = (t: DType | null): boolean => t === 'date' || t === 'timestamp';
  if (!temporal(lt) && !temporal(rt)) return numbers;
  if (lt === 'date' && rt === 'date' && op === '-') return daysBetween(left, right);
  if (lt === 'date' && rt === 'int64') return plusDays(left, op === '-' ? { kind: 'neg', arg: right } : right);
  if (lt === 'int64' && rt === 'date' && op === '+') return plusDays(right, left);
  throw new SqlError(`${lt ?? 'null'} ${op} ${rt ?? 'null'} is not supported; floe adds an INTERVAL to a date or timestamp, whole days to a date, and subtracts two dates (days); date_diff(part, a, b) counts other parts`, at);
}

/** The type of a translated expression; null for a NULL literal, and where it cannot be told yet (an aggregate's output, typed once the aggregate is planned). */
export function typeOrNull(e: ExprNode, cx: ExprContext): DType | null {
  if (e.kind === 'lit' && e.value === null) return null;
  try {
    return typeIn(cx.frame ? cx.frame() : cx.scope.frame, e);
  } catch {
    return null;
  }
}

/**
 * `a // b`, as DuckDB computes it (floe's idiv): of two integers the quotient truncated toward
 * zero (-7 // 2 is -3; exact past 2^53 too), otherwise a / b; null where b is 0 (of floats too,
 * unlike `/`).
 */
function integerDivision(a: ExprNode, b: ExprNode): ExprNode {
  return { kind: 'binary', op: 'idiv', left: a, right: b };
}

/** A float cast to an integer, as SQL does it: to the nearest, halves to even (2.5 → 2, 3.5 → 4); floe's cast truncates. */
function roundHalfEven(x: ExprNode): ExprNode {
  const t: ExprNode = { kind: 'cast', arg: x, to: 'int64' };
  const f = bin('sub', x, t);
  const odd = bin('neq', bin('mod', t, num(2)), num(0));
  const half = num(0.5, 'float64');
  const minusHalf = num(-0.5, 'float64');
  const when = (cond: ExprNode, value: ExprNode, otherwise: ExprNode): ExprNode => ({ kind: 'when', cond, value, otherwise });
  return when(bin('gt', f, half), bin('add', t, num(1)),
    when(bin('lt', f, minusHalf), bin('sub', t, num(1)),
      when(bin('and', bin('eq', f, half), odd), bin('add', t, num(1)),
        when(bin('and', bin('eq', f, minusHalf), odd), bin('sub', t, num(1)), t))));
}
