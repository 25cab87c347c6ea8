/**
 * Types and checks: the schema of a plan node and the dtype of an expression against a schema.
 * Every user mistake in a query (unknown column, wrong type for an operation) is caught here,
 * before any data is read, with a message that names the expression and the choices.
 */
import { isInt64Number, isNumeric, isTemporal, numericSupertype, type DType, type Field, type Schema } from '../types/dtype.js';

const ISO = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Whether `x` is a text literal shaped as an ISO date or timestamp (compared with a date or
 * timestamp column, it is read as one). One that names no real day or time ('2023-02-29',
 * '2020-01-01 25:00') is an error here: it failed only when computed, as "cannot compare date
 * with string", and in isIn it matched nothing.
 */
function stringLiteral(x: ExprNode): string | null {
  return x.kind === 'lit' && typeof x.value === 'string' ? x.value : null;
}

function isoLiteral(x: ExprNode, what: string): boolean {
  if (x.kind !== 'lit' || typeof x.value !== 'string' || !ISO.test(x.value.trim())) return false;
  if (Number.isNaN(parseTimestampText(x.value.trim()))) throw new PlanError(`${JSON.stringify(x.value)} is not a real date or time (no such day, hour or minute): ${what}`);
  return true;
}
import { aggOutputType, aggSignature } from '../kernels/aggregates.js';
import { closestName } from './closest-name.js';
import { columnsOf, exprChildren, exprToString, outputName, type AggFn, type ExprNode } from './expr-node.js';
import { checkRangeKey, windowCallType } from './window-type.js';
import { partColumnName, scansOf, type LogicalPlan } from './logical-plan.js';
import { joinLayout } from './join-schema.js';
import { NO_DATA_ROWS } from '../io/csv/infer-schema.js';
import { isNullLiteral } from './null-literal.js';
import { PlanError } from './plan-error.js';
import { parseTimestampText } from '../io/csv/parse-timestamp.js';

export { PlanError };

/**
 * A type error about a column read from CSV gets the reason the column has its type: the
 * value that made it text, or that there were no rows to infer a type from.
 */
function withTypeNote(err: unknown, input: LogicalPlan): unknown {
  if (!(err instanceof PlanError) || err.column === undefined) return err;
  const column = err.column;
  const scan = scansOf(input).find((s) => s.source.typeNotes?.[column] !== undefined);
  if (!scan) return err;
  const note = scan.source.typeNotes[column];
  const fix = note === NO_DATA_ROWS
    ? `; pass dtypes: { ${JSON.stringify(column)}: 'float64' } (--dtype ${column}=float64) to give it a type`
    : '';
  return new PlanError(`${err.message} (${note}${fix})`);
}

export function schemaOf(plan: LogicalPlan): Field[] {
  switch (plan.kind) {
    case 'scan': {
      const all = plan.source.schema;
      const cols = plan.columns ? plan.columns.map((c) => all.find((f) => f.name === c)!) : [...all];
      for (const [name, parts] of Object.entries(plan.parts)) {
        for (const part of parts) cols.push({ name: partColumnName(name, part), dtype: part === 'date' ? 'date' : 'int64' });
      }
      return cols;
    }
    case 'filter': {
      const s = schemaOf(plan.input);
      refuseAggregate('filter', plan.predicate);
      const t = typeOf(plan.predicate, s);
      if (t !== 'bool') throw new PlanError(`filter needs a boolean condition, got ${t}: ${exprToString(plan.predicate)}`);
      return s;
    }
    case 'project': {
      const s = schemaOf(plan.input);
      for (const e of plan.exprs) refuseAggregate(plan.mode === 'select' ? 'select' : 'withColumns', e);
      const fields = expandWildcards(plan.exprs, s).map((e) => ({ name: outputName(e), dtype: typeOf(e, s) }));
      if (plan.mode === 'select') return dedupe(fields);
      // two outputs of one name: refused, as select() refuses them (the last one silently won)
      dedupe(fields);
      const out = [...s];
      for (const f of fields) {
        const i = out.findIndex((o) => o.name === f.name);
        if (i >= 0) out[i] = f;
        else out.push(f);
      }
      return out;
    }
    case 'aggregate': {
      const s = schemaOf(plan.input);
      for (const k of plan.keys) refuseAggregate('groupBy', k);
      const keys = plan.keys.map((k) => ({ name: outputName(k), dtype: typeOf(k, s) }));
      let aggs: Field[];
      try {
        aggs = plan.aggs.map((a) => ({ name: outputName(a), dtype: typeOf(a, s) }));
      } catch (err) {
        throw withTypeNote(err, plan.input);
      }
      const keyNames = new Set(keys.map((k) => k.name));
      for (const a of plan.aggs) checkAggregated(a, keyNames);
      return dedupe([...keys, ...aggs]);
    }
    case 'sort': {
      const s = schemaOf(plan.input);
      for (const b of plan.by) { refuseAggregate('sort', b.expr); typeOf(b.expr, s); }
      return s;
    }
    case 'limit': return schemaOf(plan.input);
    case 'groupHead': {
      const s = schemaOf(plan.input);
      for (const k of plan.keys) { refuseAggregate('groupBy', k); typeOf(k, s); }
      return s;
    }
    case 'concat': return concatSchema(plan.inputs.map(schemaOf));
    case 'window': {
      const s = schemaOf(plan.input);
      const type = (name: string): DType => typeOf({ kind: 'col', name }, s);
      for (const c of [...plan.partitionBy, ...plan.calls.flatMap((c) => c.orderBy.map((o) => o.name))]) type(c);
      return dedupe([...s, ...plan.calls.map((c) => {
        const t = c.arg === null ? null : type(c.arg);
        const whole = (): DType => aggOutputType({ fn: c.fn as AggFn, input: t, ddof: c.ddof ?? 1, q: c.q, sep: c.sep });
        return { name: c.name, dtype: windowCallType(c, t, whole, c.name) };
      })]);
    }
    case 'join': {
      const l = schemaOf(plan.left);
      const r = schemaOf(plan.right);
      checkJoinKeys(plan.leftOn, l, 'left');
      checkJoinKeys(plan.rightOn, r, 'right');
      if (plan.leftOn.length !== plan.rightOn.length || plan.leftOn.length === 0) {
        throw new PlanError(`join needs as many leftOn as rightOn columns (at least one), got [${plan.leftOn.join(', ')}] and [${plan.rightOn.join(', ')}]`);
      }
      plan.leftOn.forEach((name, k) => {
        const a = l.find((f) => f.name === name)!.dtype;
        const b = r.find((f) => f.name === plan.rightOn[k])!.dtype;
        if (a !== b) {
          // the hint casts without loss where it can: an integer key to float64, not a float to int64
          const [side, to] = b === 'int64' && a === 'float64' ? [plan.rightOn[k], a] : a === 'int64' && b === 'float64' ? [name, b] : [plan.rightOn[k], a];
          throw new PlanError(`join keys must have one type: left ${JSON.stringify(name)} is ${a}, right ${JSON.stringify(plan.rightOn[k])} is ${b}; cast one side first, e.g. withColumns(col(${JSON.stringify(side)}).cast('${to}'))`);
        }
      });
      return joinLayout(l, r, plan.rightOn, plan.how, plan.suffix, plan.rightOut).fields;
    }
  }
}

function checkJoinKeys(names: readonly string[], schema: Schema, side: string): void {
  for (const n of names) {
    if (schema.some((f) => f.name === n)) continue;
    const all = schema.map((f) => f.name);
    const near = closestName(n, all);
    throw new PlanError(`join: ${side} key column ${JSON.stringify(n)} not found${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}; ${side} columns: ${all.join(', ')}`);
  }
}

/** Frames stacked by concat must have the same column names and types, in any order (aligned by name). */
function concatSchema(schemas: readonly Field[][]): Field[] {
  const first = schemas[0];
  schemas.forEach((s, i) => {
    if (i === 0) return;
    const names = new Set(s.map((f) => f.name));
    const missing = first.filter((f) => !names.has(f.name)).map((f) => f.name);
    const extra = s.filter((f) => !first.some((g) => g.name === f.name)).map((f) => f.name);
    if (missing.length > 0 || extra.length > 0) {
      throw new PlanError(`concat: frame ${i} has other columns than frame 0 (${[missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `extra ${extra.join(', ')}` : ''].filter(Boolean).join('; ')})`);
    }
    for (const f of s) {
      const g = first.find((x) => x.name === f.name)!;
      if (g.dtype !== f.dtype) throw new PlanError(`concat: column ${JSON.stringify(f.name)} is ${g.dtype} in frame 0 but ${f.dtype} in frame ${i}; cast one of them first`);
    }
  });
  return [...first];
}

/** An aggregate is a value of many rows: in a per-row expression it is a planning error, not an internal one at run time. */
function refuseAggregate(verb: string, e: ExprNode): void {
  const visit = (n: ExprNode): void => {
    if (n.kind === 'window') throw misplacedWindow(verb, n);
    if (n.kind === 'agg') {
      const inside = n === e || (e.kind === 'alias' && e.arg === n) ? '' : ` (in ${exprToString(e)})`;
      throw new PlanError(`${verb}() computes a value per row, but ${exprToString(n)} aggregates many rows${inside}; aggregate with df.agg(…) or df.groupBy(keys).agg(…), then use the result`);
    }
    for (const c of exprChildren(n)) visit(c);
  };
  visit(e);
}

/** A window expression is computed by select(), withColumns() and filter() (api/window-plan.ts), not inside other verbs. */
function misplacedWindow(verb: string, n: ExprNode): PlanError {
  return new PlanError(`${verb}() cannot compute the window expression ${exprToString(n)}; compute it first with withColumns(…alias('name')), then use that column`);
}

/** Every column an agg() output reads must be inside an aggregate, or be a group key. */
function checkAggregated(e: ExprNode, keys: ReadonlySet<string>): void {
  let aggs = 0;
  const visit = (n: ExprNode, inAgg: boolean): void => {
    if (n.kind === 'window') throw misplacedWindow('agg', n);
    if (n.kind === 'agg') {
      if (inAgg) throw new PlanError(`aggregates cannot be nested: ${exprToString(e)}`);
      aggs++;
      visit(n.arg, true);
      if (n.arg2) visit(n.arg2, true);
      return;
    }
    if (n.kind === 'col' && !inAgg && !keys.has(n.name)) {
      throw new PlanError(`column ${JSON.stringify(n.name)} in agg() must be aggregated (e.g. col(${JSON.stringify(n.name)}).sum()) or be a group key: ${exprToString(e)}`);
    }
    for (const c of exprChildren(n)) visit(c, inAgg);
  };
  visit(e, false);
  if (aggs === 0 && ![...columnsOf(e)].some((c) => keys.has(c))) throw new PlanError(`agg() expression has no aggregate: ${exprToString(e)}`);
}

function dedupe(fields: Field[]): Field[] {
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.name)) throw new PlanError(`the output would have two columns named ${JSON.stringify(f.name)}; give one of them another name with .alias()`);
    seen.add(f.name);
  }
  return fields;
}

/** Replaces `col('*')` in a select list with every column. */
export function expandWildcards(exprs: readonly ExprNode[], schema: Schema): ExprNode[] {
  return exprs.flatMap((e) => (e.kind === 'wildcard' ? schema.map((f): ExprNode => ({ kind: 'col', name: f.name })) : [e]));
}

export function typeOf(e: ExprNode, schema: Schema): DType {
  switch (e.kind) {
    case 'col': {
      const f = schema.find((x) => x.name === e.name);
      if (!f) {
        const names = schema.map((x) => x.name);
        const near = closestName(e.name, names);
        throw new PlanError(`column ${JSON.stringify(e.name)} not found${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}; available columns: ${names.map((n) => JSON.stringify(n)).join(', ')}`);
      }
      return f.dtype;
    }
    case 'wildcard': throw new PlanError('col("*") can only be used in select() or as col("*").count()');
    case 'lit': return e.dtype ?? (e.value === null ? 'float64' : typeof e.value === 'string' ? 'string' : typeof e.value === 'boolean' ? 'bool' : isInt64Number(e.value) ? 'int64' : 'float64');
    case 'alias': return typeOf(e.arg, schema);
    case 'binary': {
      // a null literal (lit(null), `and(null)`) takes the other side's type: no value to clash with it
      const l = isNullLiteral(e.left) && !isNullLiteral(e.right) ? typeOf(e.right, schema) : typeOf(e.left, schema);
      const r = isNullLiteral(e.right) ? l : typeOf(e.right, schema);
      const what = exprToString(e);
      if (e.op === 'and' || e.op === 'or') {
        if (l !== 'bool' || r !== 'bool') throw new PlanError(`${e.op} needs boolean operands, got ${l} and ${r}: ${what}`);
        return 'bool';
      }
      if (['eq', 'neq', 'lt', 'lte', 'gt', 'gte'].includes(e.op)) {
        const temporalVsIso = (isTemporal(l) && isoLiteral(e.right, what)) || (isTemporal(r) && isoLiteral(e.left, what));
        // a date and a timestamp compare as the date's midnight (coerce-literals.ts casts the date)
        const comparable = l === r || (isNumeric(l) && isNumeric(r)) || temporalVsIso || (isTemporal(l) && isTemporal(r));
        if (!comparable) {
          // a date column against text not written as ISO ('2021-1-5', '05/01/2021'): say how to write it
          const text = isTemporal(l) ? stringLiteral(e.right) : isTemporal(r) ? stringLiteral(e.left) : null;
          if (text !== null) throw new PlanError(`cannot compare ${isTemporal(l) ? l : r} with the text ${JSON.stringify(text)}, which is not an ISO date; write dates as 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS': ${what}`);
          throw new PlanError(`cannot compare ${l} with ${r}: ${what}`);
        }
        return 'bool';
      }
      if (!isNumeric(l) || !isNumeric(r)) throw new PlanError(`arithmetic needs numeric operands, got ${l} and ${r}: ${what}`);
      if (e.op === 'div') return 'float64';
      return l === 'int64' && r === 'int64' ? 'int64' : 'float64';
    }
    case 'not': {
      const t = isNullLiteral(e.arg) ? 'bool' : typeOf(e.arg, schema);
      if (t !== 'bool') throw new PlanError(`not() needs a boolean, got ${t}: ${exprToString(e)}`);
      return 'bool';
    }
    case 'neg': {
      const t = typeOf(e.arg, schema);
      if (!isNumeric(t)) throw new PlanError(`cannot negate ${t}: ${exprToString(e)}`);
      return t === 'bool' ? 'int64' : t;
    }
    case 'isNull': typeOf(e.arg, schema); return 'bool';
    case 'fillNull': {
      const t = typeOf(e.arg, schema);
      const v = isNullLiteral(e.value) ? t : typeOf(e.value, schema);
      if (t !== v && !(isNumeric(t) && isNumeric(v))) throw new PlanError(`fillNull value of type ${v} does not fit a ${t} column: ${exprToString(e)}`);
      // a bool filled with a number is that number's type (it stayed bool, holding 2 as a byte)
      return numericSupertype(t, v);
    }
    case 'when': {
      const c = isNullLiteral(e.cond) ? 'bool' : typeOf(e.cond, schema);
      if (c !== 'bool') throw new PlanError(`when() needs a boolean condition, got ${c}: ${exprToString(e)}`);
      return whenType(e, typeOf(e.value, schema), typeOf(e.otherwise, schema));
    }
    case 'cast': typeOf(e.arg, schema); return e.to;
    case 'dt':
      temporalArg(e.arg, schema, e.field);
      return e.field === 'date' ? 'date' : 'int64';
    case 'strftime':
      temporalArg(e.arg, schema, 'strftime');
      return 'string';
    case 'str': {
      const t = typeOf(e.arg, schema);
      if (t !== 'string') throw new PlanError(`.str.${e.op}() needs a string column, got ${t}: ${exprToString(e)}`);
      return 'bool';
    }
    case 'math': {
      const t = typeOf(e.arg, schema);
      if (t !== 'int64' && t !== 'float64') throw new PlanError(`.${e.fn}() needs a number, got ${t}: ${exprToString(e)}${t === 'string' ? '; cast it first with .cast("float64")' : ''}`);
      return t === 'int64' && ['round', 'floor', 'ceil', 'trunc', 'abs', 'sign'].includes(e.fn) ? 'int64' : 'float64';
    }
    case 'strFn': {
      const t = typeOf(e.arg, schema);
      if (t !== 'string') throw new PlanError(`.str.${e.fn.op}() needs a string column, got ${t}: ${exprToString(e)}${isTemporal(t) || isNumeric(t) ? '; cast it first with .cast("string")' : ''}`);
      return e.fn.op === 'len' ? 'int64' : 'string';
    }
    case 'concat': {
      for (const a of e.args) {
        const t = isNullLiteral(a) ? 'string' : typeOf(a, schema);
        if (t !== 'string') throw new PlanError(`.str.concat() joins strings; ${exprToString(a)} is ${t}${isTemporal(t) || isNumeric(t) || t === 'bool' ? '; cast it first with .cast("string")' : ''}: ${exprToString(e)}`);
      }
      return 'string';
    }
    case 'isIn': {
      const t = typeOf(e.arg, schema);
      for (const v of e.values) {
        const u = typeOf(v, schema);
        const iso = isTemporal(t) && isoLiteral(v, exprToString(e));
        if (!(u === t || (isNumeric(u) && isNumeric(t)) || (isTemporal(t) && (iso || isTemporal(u))))) {
          throw new PlanError(`isIn: ${exprToString(v)} (${u}) cannot equal a ${t} value: ${exprToString(e)}`);
        }
      }
      return 'bool';
    }
    case 'fillStrategy':
      throw new PlanError(`fillNull({ strategy: ${JSON.stringify(e.strategy)} }) is computed over the whole frame, so it can be used in select(), withColumns(), filter() and sort(), not inside groupBy()/agg(); fill the column first: df.withColumns(${exprToString(e)})`);
    case 'scalar': return e.dtype;
    case 'agg': {
      if (e.arg.kind === 'wildcard') {
        if (e.fn !== 'count' && e.fn !== 'size') throw new PlanError(`col("*").${e.fn}() is not defined; use groupBy(...).${e.fn}() for every numeric column`);
        return 'int64';
      }
      const t = typeOf(e.arg, schema);
      const { arity, inputs } = aggSignature(e);
      if (arity === 2 && !e.arg2) throw new PlanError(`${e.fn}() needs two inputs: ${exprToString(e)}`);
      if (arity === 1 && e.arg2) throw new PlanError(`${e.fn}() takes one input: ${exprToString(e)}`);
      const t2 = e.arg2 ? typeOf(e.arg2, schema) : null;
      if (inputs === 'numeric') {
        for (const [x, tx] of [[e.arg, t], [e.arg2, t2]] as const) {
          if (x && tx && !isNumeric(tx)) throw new PlanError(`${e.fn}() needs a numeric column, but ${exprToString(x)} is ${tx}`, x.kind === 'col' ? x.name : undefined);
        }
      }
      if (e.fn === 'stringAgg' && t !== 'string') throw new PlanError(`.str.join() joins strings, but ${exprToString(e.arg)} is ${t}${isNumeric(t) || isTemporal(t) ? '; cast it first with .cast("string")' : ''}`, e.arg.kind === 'col' ? e.arg.name : undefined);
      if (e.fn === 'quantile' && !(typeof e.q === 'number' && e.q >= 0 && e.q <= 1)) {
        throw new PlanError(`quantile() needs q between 0 and 1, got ${String(e.q)}: ${exprToString(e)}`);
      }
      return aggOutputType({ fn: e.fn, input: t, input2: t2, ddof: e.ddof ?? 1, q: e.q });
    }
    case 'window': {
      const what = exprToString(e);
      for (const k of [...e.partitionBy, ...e.orderBy.map((o) => o.expr)]) {
        refuseAggregate('over', k);
        typeOf(k, schema);
      }
      checkRangeKey(e.frame, e.orderBy.map((o) => typeOf(o.expr, schema)), what);
      const arg = e.arg === null || e.arg.kind === 'wildcard' ? null : e.arg;
      if (arg) refuseAggregate('over', arg);
      const t = arg === null ? null : typeOf(arg, schema);
      const out = windowCallType(e, t, () => typeOf({ kind: 'agg', fn: e.fn as AggFn, arg: e.arg ?? { kind: 'wildcard' }, ddof: e.ddof, q: e.q, sep: e.sep }, schema), what);
      if (e.fill && !isNullLiteral(e.fill)) {
        if (e.fill.kind !== 'lit') throw new PlanError(`${e.fn}()'s fill value must be a literal, got ${exprToString(e.fill)}: ${what}`);
        const f = typeOf(e.fill, schema);
        if (f !== out && !(isNumeric(f) && isNumeric(out))) throw new PlanError(`${e.fn}()'s fill value is ${f}, but the column is ${out}: ${what}`);
        if (out === 'int64' && typeof e.fill.value === 'number' && !Number.isInteger(e.fill.value)) {
          throw new PlanError(`${e.fn}()'s fill value ${e.fill.value} is not a whole number, but the column is int64; cast the column to float64 first: ${what}`);
        }
      }
      return out;
    }
  }
}

/** Checks that the argument of `.dt.<fn>()` is a timestamp or a date. */
function temporalArg(arg: ExprNode, schema: Schema, fn: string): void {
  const t = typeOf(arg, schema);
  if (t !== 'timestamp' && t !== 'date') {
    throw new PlanError(`.dt.${fn}() needs a timestamp or date column, but ${exprToString(arg)} is ${t}${t === 'string' ? "; read it with parseDates: ['<column>']" : ''}`);
  }
}

/** The type of when(c, a, b): the branches' common type (a null literal takes the other's). */
export function whenType(e: Extract<ExprNode, { kind: 'when' }>, a: DType, b: DType): DType {
  if (isNullLiteral(e.value)) return b;
  if (isNullLiteral(e.otherwise) || a === b) return a;
  if (isNumeric(a) && isNumeric(b)) return 'float64';
  throw new PlanError(`when(): the branches have different types, ${a} and ${b}; cast one of them: ${exprToString(e)}`);
}
