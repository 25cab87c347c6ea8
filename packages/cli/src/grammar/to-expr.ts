/**
 * Turns a checked Ast into a floe Expr against the input's schema. This is where names meet
 * data: unknown columns, functions and misplaced aggregates are reported here, at their
 * position in the option's text, before any data is read. Every function is chosen by an
 * explicit switch over known names; nothing is looked up on an object or evaluated.
 */
import { closestName, col, corr, Expr, lit, NO_DATA_ROWS, quotedNames, type DType, type Field } from 'floe/core';
import { AGG_FUNCTIONS, COMPARE_OPS, DT_FUNCTIONS, NUM_FUNCTIONS, WILDCARD_AGGS, type Ast } from './ast.js';
import { parseDateLiteral } from './date-literal.js';
import { GrammarError } from './grammar-error.js';

export interface ToExprContext {
  /** The option the text came from, for messages: `--where`. */
  option: string;
  schema: readonly Field[];
  /** `row`: a value per row (--where, --by); `agg`: aggregates over rows (--agg). */
  mode: 'row' | 'agg';
  /** Why text columns are text (DataFrame.typeNotes), added to type errors. */
  notes?: Readonly<Record<string, string>>;
}

const FUNCTION_LIST = `${[...DT_FUNCTIONS, ...NUM_FUNCTIONS].join(', ')}; aggregates in --agg: ${[...AGG_FUNCTIONS].join(', ')}`;

export function toExpr(ast: Ast, ctx: ToExprContext): Expr {
  return new Converter(ctx).convert(ast, false);
}

/** A row filter: like toExpr, but the expression must be a condition (true or false per row). */
export function toCondition(ast: Ast, ctx: ToExprContext): Expr {
  const what = notACondition(ast, ctx.schema);
  if (what !== null) throw new GrammarError(ctx.option, `expected a condition, but this is ${what}`, ast.start, 'compare it, e.g. X0 > 5, or test it with is null');
  return toExpr(ast, ctx);
}

/** What a clearly non-boolean expression is ('a number', …); null when it is or may be boolean. */
function notACondition(a: Ast, schema: readonly Field[]): string | null {
  switch (a.kind) {
    case 'number': case 'neg': return 'a number';
    case 'string': return 'a string';
    case 'binary': return COMPARE_OPS.has(a.op) || a.op === 'and' || a.op === 'or' ? null : 'a number';
    case 'call': return DT_FUNCTIONS.has(a.name) ? (a.name === 'date' ? 'a date' : a.name === 'strftime' ? 'a string' : 'a number') : null;
    case 'column': {
      const t = schema.find((f) => f.name === a.name)?.dtype;
      return t === undefined || t === 'bool' ? null : `the ${t} column ${a.name}`;
    }
    default: return null;
  }
}

class Converter {
  constructor(private readonly ctx: ToExprContext) {}

  /** ` (inferred from the value "x" at a.csv line 3)` for a column with a type note. */
  private noteOf(x: Ast): string {
    const note = x.kind === 'column' ? this.ctx.notes?.[x.name] : undefined;
    return note === undefined ? '' : ` (${note})`;
  }

  private fixOf(x: Ast): string | undefined {
    const note = x.kind === 'column' ? this.ctx.notes?.[x.name] : undefined;
    return note === NO_DATA_ROWS ? `give it a type with --dtype ${(x as { name: string }).name}=float64` : undefined;
  }

  convert(a: Ast, inAgg: boolean): Expr {
    switch (a.kind) {
      case 'number':
        // written with a point or an exponent (2.0, 1e3): a float, as in SQL — x * 2.0 of an int64 is float64
        if (isFloatText(a.text)) return new Expr({ kind: 'lit', value: a.value, dtype: 'float64' });
        if (Number.isInteger(a.value) && !Number.isSafeInteger(a.value)) throw this.error(a, `integer ${a.text} is too large`, 'integers must be below 2^53');
        return lit(a.value);
      case 'string': return lit(a.value);
      case 'bool': return lit(a.value);
      case 'column': {
        this.field(a);
        if (this.ctx.mode === 'agg' && !inAgg) {
          throw this.error(a, `column ${a.name} must be inside an aggregate`, `e.g. sum(${a.name}), or group by it with --by ${a.name}`);
        }
        return col(a.name);
      }
      case 'star': throw this.error(a, `unexpected '*'`, "'*' is only allowed as count(*), or alone as sum(*), mean(*), …");
      case 'neg':
        if (a.arg.kind === 'number') return this.convert({ ...a.arg, value: -a.arg.value, text: `-${a.arg.text}` }, inAgg);
        return this.convert(a.arg, inAgg).neg();
      case 'not': return this.convert(a.arg, inAgg).not();
      case 'isNull': {
        const arg = this.convert(a.arg, inAgg);
        return a.negate ? arg.isNotNull() : arg.isNull();
      }
      case 'binary': return this.binary(a, inAgg);
      case 'call': return this.call(a, inAgg);
    }
  }

  private binary(a: Extract<Ast, { kind: 'binary' }>, inAgg: boolean): Expr {
    let left: Expr | null = null;
    let right: Expr | null = null;
    if (COMPARE_OPS.has(a.op)) [left, right] = this.temporalOperands(a, inAgg);
    left ??= this.convert(a.left, inAgg);
    right ??= this.convert(a.right, inAgg);
    switch (a.op) {
      case 'add': return left.add(right);
      case 'sub': return left.sub(right);
      case 'mul': return left.mul(right);
      case 'div': return left.div(right);
      case 'mod': return left.mod(right);
      case 'eq': return left.eq(right);
      case 'neq': return left.neq(right);
      case 'lt': return left.lt(right);
      case 'lte': return left.lte(right);
      case 'gt': return left.gt(right);
      case 'gte': return left.gte(right);
      case 'and': return left.and(right);
      case 'or': return left.or(right);
    }
  }

  /**
   * A temporal value compared with a quoted string reads the string as a date or timestamp
   * (`Date >= '2010-06-01'`); compared with a bare number, it is almost always a date typed
   * without quotes (`2010-06-01` is arithmetic), so that is an error with a hint.
   */
  private temporalOperands(a: Extract<Ast, { kind: 'binary' }>, inAgg: boolean): [Expr | null, Expr | null] {
    const lt = this.staticType(a.left);
    const rt = this.staticType(a.right);
    const temporal = (t: DType | null): boolean => t === 'timestamp' || t === 'date';
    for (const [side, other, otherType] of [[a.left, a.right, rt], [a.right, a.left, lt]] as const) {
      if (otherType === 'string' && onlyNumbers(side)) {
        const looksLikeDate = side.kind === 'binary';
        throw this.error(side, `cannot compare ${describeArg(other)} (string) with a number`, looksLikeDate ? "quote dates, e.g. '2010-06-01'" : side.kind === 'number' ? `quote text, e.g. '${side.text}'` : 'quote text values');
      }
      // a quoted number against a number column (X0 > '50'): the quotes make it text
      if ((otherType === 'int64' || otherType === 'float64') && side.kind === 'string') {
        const number = side.value.trim() !== '' && Number.isFinite(Number(side.value));
        throw this.error(side, `cannot compare ${describeArg(other)} (${otherType}) with the text '${side.value}'`, number ? `drop the quotes: ${side.value.trim()}` : 'compare it with a number');
      }
      if (!temporal(otherType)) continue;
      if (onlyNumbers(side)) {
        throw this.error(side, `cannot compare ${otherType} with a number`, `quote dates, e.g. '2010-06-01' or '2010-06-01 12:00:00'`);
      }
      if (side.kind !== 'string') continue;
      const d = parseDateLiteral(side.value);
      if (!d) throw this.error(side, `cannot read '${side.value}' as a date`, "write dates as 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS'");
      // the text itself, as the library takes it (col('t').eq('…')): floe reads it as the other
      // side's type, to the microsecond (a Date literal rounded '…00.000001' to the millisecond)
      let otherExpr = this.convert(other, inAgg);
      const value = lit(d.text);
      if (otherType === 'date' && !d.dateOnly) otherExpr = otherExpr.cast('timestamp');
      return side === a.left ? [value, otherExpr] : [otherExpr, value];
    }
    return [null, null];
  }

  private call(a: Extract<Ast, { kind: 'call' }>, inAgg: boolean): Expr {
    if (NUM_FUNCTIONS.has(a.name)) return this.numberCall(a, inAgg);
    const isAgg = AGG_FUNCTIONS.has(a.name);
    if (!isAgg && !DT_FUNCTIONS.has(a.name)) {
      const near = closestName(a.name, [...DT_FUNCTIONS, ...NUM_FUNCTIONS, ...AGG_FUNCTIONS]);
      throw this.error(a, `unknown function '${a.name}'${near === null ? '' : ` (did you mean ${near}?)`}`, `functions: ${FUNCTION_LIST}`);
    }
    const two = TWO_ARGS[a.name];
    if (two && a.args.length !== 2) throw this.error(a, `${a.name}() takes two arguments, got ${a.args.length}`, `e.g. ${two}`);
    if (!two && a.args.length !== 1) throw this.error(a, `${a.name}() takes one argument, got ${a.args.length}`, `e.g. ${a.name}(${isAgg ? 'X' : 'Date'})`);
    const arg = a.args[0];
    if (isAgg) {
      if (this.ctx.mode === 'row') throw this.error(a, `${a.name}() is an aggregate, not allowed in ${this.ctx.option}`, 'aggregates go in --agg');
      if (inAgg) throw this.error(a, `aggregates cannot be nested: ${a.name}() inside another aggregate`);
      if (arg.kind === 'star') {
        if (a.name === 'count') return col('*').count();
        if (!WILDCARD_AGGS.has(a.name)) throw this.error(a, `${a.name}(*) is not supported`, `name a column, e.g. ${two ?? `${a.name}(X)`}`);
        throw this.error(a, `${a.name}(*) cannot be part of an expression`, `give it as its own --agg item, e.g. --agg '${a.name}(*)'`);
      }
      const inputs = a.name === 'corr' ? a.args : [arg];
      for (const x of inputs) {
        const t = this.staticType(x);
        if (t !== null && !ANY_TYPE_AGGS.has(a.name) && !isNumericType(t) && !(TEMPORAL_AGGS.has(a.name) && (t === 'timestamp' || t === 'date'))) {
          throw this.error(x, `${a.name}() needs a numeric value, but ${describeArg(x)} is ${t}${this.noteOf(x)}`, this.fixOf(x));
        }
      }
      const x = this.convert(arg, true);
      switch (a.name) {
        case 'sum': return x.sum();
        case 'mean': return x.mean();
        case 'min': return x.min();
        case 'max': return x.max();
        case 'count': return x.count();
        case 'var': return x.var();
        case 'nunique': return x.nUnique();
        case 'median': return x.median();
        case 'quantile': return x.quantile(this.quantileQ(a.args[1]));
        case 'first': return x.first();
        case 'last': return x.last();
        case 'corr': return corr(x, this.convert(a.args[1], true));
        default: return x.std();
      }
    }
    const t = this.staticType(arg);
    if (t !== null && t !== 'timestamp' && t !== 'date') {
      const hint = t === 'string' && arg.kind === 'column' ? `read it as dates with --parse-dates ${arg.name}` : undefined;
      throw this.error(arg, `${a.name}() needs a timestamp or date, but ${describeArg(arg)} is ${t}`, hint);
    }
    const x = this.convert(arg, inAgg);
    switch (a.name) {
      case 'strftime': return this.strftime(x, a.args[1]);
      case 'year': return x.dt.year();
      case 'month': return x.dt.month();
      case 'day': return x.dt.day();
      case 'hour': return x.dt.hour();
      case 'minute': return x.dt.minute();
      case 'second': return x.dt.second();
      case 'weekday': return x.dt.weekday();
      default: return x.dt.date();
    }
  }

  /** strftime(D, '%Y-%m'): the format a quoted text with known specifiers. */
  private strftime(x: Expr, format: Ast): Expr {
    if (format.kind !== 'string') throw this.error(format, "strftime() takes its format as quoted text", "e.g. strftime(Date, '%Y-%m')");
    try {
      return x.dt.strftime(format.value);
    } catch (err) {
      throw this.error(format, (err as Error).message);
    }
  }

  /** round(X[, digits]), floor(X), … of a number. */
  private numberCall(a: Extract<Ast, { kind: 'call' }>, inAgg: boolean): Expr {
    const most = a.name === 'round' ? 2 : 1;
    if (a.args.length < 1 || a.args.length > most) throw this.error(a, `${a.name}() takes ${most === 2 ? 'one or two arguments' : 'one argument'}, got ${a.args.length}`, `e.g. ${a.name}(X0${most === 2 ? ', 2' : ''})`);
    const arg = a.args[0];
    if (arg.kind === 'star') throw this.error(arg, `${a.name}(*) is not supported`, `name a column, e.g. ${a.name}(X0)`);
    const t = this.staticType(arg);
    if (t !== null && !isNumericType(t)) throw this.error(arg, `${a.name}() needs a number, but ${describeArg(arg)} is ${t}${this.noteOf(arg)}`, this.fixOf(arg));
    const x = this.convert(arg, inAgg);
    switch (a.name) {
      case 'round': {
        const d = a.args[1];
        const n = d === undefined ? 0 : d.kind === 'number' ? d.value : d.kind === 'neg' && d.arg.kind === 'number' ? -d.arg.value : Number.NaN;
        const digits = Number.isInteger(n) && Math.abs(n) <= 18 ? n : Number.NaN;
        if (Number.isNaN(digits)) throw this.error(d!, 'round() takes its digits as a whole number from -18 to 18', 'e.g. round(X0, 2), or round(X0, -1) to tens');
        return x.round(digits);
      }
      case 'floor': return x.floor();
      case 'ceil': return x.ceil();
      case 'trunc': return x.trunc();
      case 'abs': return x.abs();
      case 'sign': return x.sign();
      case 'sqrt': return x.sqrt();
      case 'exp': return x.exp();
      case 'ln': return x.log();
      default: return x.log10();
    }
  }

  /** The q of quantile(X, q): a number from 0 to 1, written as a literal. */
  private quantileQ(a: Ast): number {
    const q = a.kind === 'number' ? a.value : Number.NaN;
    if (!(q >= 0 && q <= 1)) throw this.error(a, 'quantile() needs q as a number from 0 to 1', 'e.g. quantile(X, 0.9)');
    return q;
  }

  /** The type of simple operands (columns, literals, calendar calls); null when not obvious. */
  private staticType(a: Ast): DType | null {
    switch (a.kind) {
      case 'column': return this.ctx.schema.find((f) => f.name === a.name)?.dtype ?? null;
      case 'number': return Number.isInteger(a.value) && !isFloatText(a.text) ? 'int64' : 'float64';
      case 'string': return 'string';
      case 'bool': return 'bool';
      case 'call': return DT_FUNCTIONS.has(a.name) ? (a.name === 'date' ? 'date' : a.name === 'strftime' ? 'string' : 'int64') : null;
      default: return null;
    }
  }

  private field(a: Extract<Ast, { kind: 'column' }>): Field {
    const f = this.ctx.schema.find((x) => x.name === a.name);
    if (f) return f;
    const names = this.ctx.schema.map((x) => x.name);
    const near = closestName(a.name, names);
    const shown = names.length > 30 ? `${quotedNames(names.slice(0, 30))}, …` : quotedNames(names);
    throw this.error(a, `unknown column ${JSON.stringify(a.name)}`, near !== null ? `did you mean ${JSON.stringify(near)}?${near.trim() !== near ? ` (a name with spaces is written in double quotes: ${JSON.stringify(near)})` : ''}` : `columns: ${shown}`);
  }

  private error(a: Ast, problem: string, hint?: string): GrammarError {
    return new GrammarError(this.ctx.option, problem, a.start, hint);
  }
}

/** Functions of two arguments, with an example for messages. */
const TWO_ARGS: Readonly<Record<string, string>> = { quantile: 'quantile(X, 0.9)', corr: 'corr(X, Y)', strftime: "strftime(Date, '%Y-%m')" };

/** Aggregates that take a value of any type (the others need numbers). */
const ANY_TYPE_AGGS: ReadonlySet<string> = new Set(['count', 'min', 'max', 'nunique', 'first', 'last']);
/** Aggregates of numbers that also average timestamps and dates (to a timestamp). */
const TEMPORAL_AGGS: ReadonlySet<string> = new Set(['mean', 'median', 'quantile']);

/** `2010-06-01` unquoted: numbers joined by arithmetic. */
function onlyNumbers(a: Ast): boolean {
  if (a.kind === 'number') return true;
  if (a.kind === 'neg') return onlyNumbers(a.arg);
  return a.kind === 'binary' && (a.op === 'sub' || a.op === 'add') && onlyNumbers(a.left) && onlyNumbers(a.right);
}

function isNumericType(t: DType): boolean {
  return t === 'int64' || t === 'float64' || t === 'bool';
}

function describeArg(a: Ast): string {
  return a.kind === 'column' ? a.name : a.kind === 'call' ? `${a.name}(…)` : 'the value';
}

/** A number written with a decimal point or an exponent. */
function isFloatText(text: string): boolean {
  return /[.eE]/.test(text);
}
