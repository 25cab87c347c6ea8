/**
 * The expression builder users write: `col('X0').gt(50).and(col('X1').lt(10))`.
 * Immutable and cheap; each call returns a new Expr wrapping a plain-data ExprNode.
 */
import { describeValue as describeOption } from './check-options.js';
import { groupCount, regexFlags } from '../kernels/regex.js';
import { compileStrftime } from '../kernels/strftime.js';
import type { AggFn, BinaryOp, DtField, ExprNode, FillStrategy, MathFn, NarrowType, StrFn } from '../plan/expr-node.js';
import { exprToString } from '../plan/expr-node.js';
import { shallowExpr } from '../plan/shallow-expr.js';
import { cumulativeExpr, overExpr, rankExpr, rollingExpr, rowNumberExpr, shiftExpr, type OverOptions, type RankOptions, type RollingOptions } from './window-expr.js';
import { isDType, isInt64Number, type DType } from '../types/dtype.js';

export type ExprLike = Expr | number | string | boolean | bigint | Date | null;

/** Types `cast()` accepts: floe's dtypes, and int32/float32 (stored as int64/float64, range-checked). */
export type CastType = DType | NarrowType;

const FILL_STRATEGIES: readonly FillStrategy[] = ['forward', 'backward', 'mean', 'min', 'max', 'zero'];

/** `.dt.*`: calendar fields, and `strftime(format)` (`'%Y-%m'`: the value as text; kernels/strftime.ts lists the specifiers). */
export type DtNamespace = Record<DtField, () => Expr> & { strftime(format: string): Expr };

/** `.str.*` functions (pandas' names). */
export interface StrNamespace {
  startsWith(prefix: string): Expr;
  endsWith(suffix: string): Expr;
  /** Holds `part` (a string), or a match of a RegExp anywhere in it. */
  contains(part: string | RegExp): Expr;
  lower(): Expr;
  upper(): Expr;
  /** Trims whitespace, or any of `chars`, from both ends. */
  strip(chars?: string): Expr;
  /** Length in characters (code points). */
  len(): Expr;
  /** Characters [start, stop): negative indices count from the end, like String.prototype.slice. */
  slice(start: number, stop?: number): Expr;
  /** Replaces every occurrence of a literal string, or every match of a RegExp ($1 refers to groups). */
  replace(pattern: string | RegExp, value: string): Expr;
  /** The `index`-th part of the string split on `sep` (negative from the end); null when there are fewer parts. */
  split(sep: string, index: number): Expr;
  /** Padded at the start with `fill` (default a space) to `width` characters (code points); a longer value is kept. */
  padStart(width: number, fill?: string): Expr;
  /** Padded at the end with `fill` (default a space) to `width` characters; a longer value is kept. */
  padEnd(width: number, fill?: string): Expr;
  /** The characters in reverse order (user-perceived ones: an accent stays on its letter, a flag whole). */
  reverse(): Expr;
  /** An aggregate: the group's strings joined by `sep` in file order, nulls left out (SQL's string_agg). */
  join(sep?: string): Expr;
  /** Group `group` (default 1; 0: the whole match) of the first match of a regular expression (a RegExp, or its source as a string); null where it does not match. */
  extract(pattern: RegExp | string, group?: number): Expr;
  /**
   * This string followed by each of `parts` (string columns, or strings as literals):
   * `col('first').str.concat(' ', col('last'))`. Null where any part is null.
   */
  concat(...parts: (ExprLike | readonly ExprLike[])[]): Expr;
}

export class Expr {
  constructor(readonly node: ExprNode) {}

  // arithmetic
  add(other: ExprLike): Expr { return this.bin('add', other); }
  sub(other: ExprLike): Expr { return this.bin('sub', other); }
  mul(other: ExprLike): Expr { return this.bin('mul', other); }
  div(other: ExprLike): Expr { return this.bin('div', other); }
  mod(other: ExprLike): Expr { return this.bin('mod', other); }
  neg(): Expr { return new Expr({ kind: 'neg', arg: this.node }); }

  // number functions (null stays null; an int64 stays int64 where the answer is whole)
  /** Rounded half away from zero (as DuckDB and SQL; NumPy and pandas round halves to even) to `decimals` digits; negative: to tens, hundreds … */
  round(decimals = 0): Expr {
    if (!Number.isInteger(decimals) || decimals < -18 || decimals > 18) throw new TypeError(`round(decimals) needs an integer from -18 to 18, got ${describeOption(decimals)}`);
    return this.math('round', decimals);
  }
  floor(): Expr { return this.math('floor'); }
  ceil(): Expr { return this.math('ceil'); }
  /** Toward zero. */
  trunc(): Expr { return this.math('trunc'); }
  abs(): Expr { return this.math('abs'); }
  /** −1, 0 or 1. */
  sign(): Expr { return this.math('sign'); }
  sqrt(): Expr { return this.math('sqrt'); }
  exp(): Expr { return this.math('exp'); }
  /** The natural logarithm, or to `base` (Polars' log(base)); log10() for base 10. */
  log(base?: number): Expr {
    if (base === undefined) return this.math('ln');
    if (typeof base !== 'number' || !(base > 0) || base === 1 || !Number.isFinite(base)) throw new TypeError(`log(base) needs a positive number other than 1, got ${describeOption(base)}`);
    return this.math('log', base);
  }
  log10(): Expr { return this.math('log10'); }
  private math(fn: MathFn, n = 0): Expr { return new Expr({ kind: 'math', arg: this.node, fn, n }); }

  // comparisons
  eq(other: ExprLike): Expr { return this.bin('eq', other); }
  neq(other: ExprLike): Expr { return this.bin('neq', other); }
  lt(other: ExprLike): Expr { return this.bin('lt', other); }
  lte(other: ExprLike): Expr { return this.bin('lte', other); }
  gt(other: ExprLike): Expr { return this.bin('gt', other); }
  gte(other: ExprLike): Expr { return this.bin('gte', other); }
  /** Aliases with the names Python Polars and pandas use: ne, le, ge. */
  ne(other: ExprLike): Expr { return this.neq(other); }
  le(other: ExprLike): Expr { return this.lte(other); }
  ge(other: ExprLike): Expr { return this.gte(other); }

  // logic
  and(other: ExprLike): Expr { return this.bin('and', other); }
  or(other: ExprLike): Expr { return this.bin('or', other); }
  not(): Expr { return new Expr({ kind: 'not', arg: this.node }); }

  // nulls and types
  isNull(): Expr { return new Expr({ kind: 'isNull', arg: this.node, negate: false }); }
  isNotNull(): Expr { return new Expr({ kind: 'isNull', arg: this.node, negate: true }); }
  /**
   * Replaces nulls by a value, or by a strategy: 'mean' | 'min' | 'max' of the column over the
   * whole frame (computed by a first pass when the query runs), or 'zero'.
   */
  fillNull(value: ExprLike | { strategy: FillStrategy }): Expr {
    if (value !== null && typeof value === 'object' && !(value instanceof Expr) && !(value instanceof Date)) {
      const strategy = (value as { strategy?: unknown }).strategy;
      if (!FILL_STRATEGIES.includes(strategy as FillStrategy)) throw new TypeError(`fillNull: unknown strategy ${JSON.stringify(strategy)}; use one of 'mean', 'min', 'max', 'zero' (or a value)`);
      if (strategy === 'forward' || strategy === 'backward') {
        throw new TypeError(`fillNull({ strategy: '${strategy}' }) is not supported: it needs the row order across partitions, which floe does not keep yet; use a value or the 'mean', 'min', 'max' or 'zero' strategy`);
      }
      if (strategy === 'zero') return new Expr({ kind: 'fillNull', arg: this.node, value: literal(0) });
      return new Expr({ kind: 'fillStrategy', arg: this.node, strategy: strategy as FillStrategy });
    }
    return new Expr({ kind: 'fillNull', arg: this.node, value: toNode(value as ExprLike) });
  }
  cast(to: CastType): Expr {
    if (to === 'int8' || to === 'int16' || to === 'int32' || to === 'float32') return new Expr({ kind: 'cast', arg: this.node, to: to === 'float32' ? 'float64' : 'int64', narrow: to });
    if (!isDType(to)) throw new TypeError(`cast: unknown type ${JSON.stringify(to)}; use int64, int32, int16, int8, float64, float32, bool, string, timestamp or date`);
    return new Expr({ kind: 'cast', arg: this.node, to });
  }
  /** True where the value is one of `values`; null where the value is null (use isNull() for nulls). */
  isIn(values: readonly (number | string | boolean | bigint | Date)[]): Expr {
    if (!Array.isArray(values)) throw new TypeError('isIn needs an array of values, e.g. col("k").isIn(["a", "b"])');
    if (values.some((v) => v === null || v === undefined)) throw new TypeError('isIn: null cannot be a member; use .isNull() (or .isNull().or(col(...).isIn([...])))');
    return new Expr({ kind: 'isIn', arg: this.node, values: values.map((v) => literal(v)) });
  }
  alias(name: string): Expr {
    if (typeof name !== 'string' || name === '') throw new TypeError('alias needs a non-empty name');
    return new Expr({ kind: 'alias', arg: this.node, name });
  }

  // strings
  startsWith(prefix: string): Expr { return this.strOp('startsWith', prefix); }
  endsWith(suffix: string): Expr { return this.strOp('endsWith', suffix); }
  contains(part: string | RegExp): Expr {
    if (!(part instanceof RegExp)) return this.strOp('contains', part);
    return new Expr({ kind: 'str', arg: this.node, op: 'regex', pattern: part.source, flags: regexFlags(part.source, part.flags, 'contains') });
  }
  /** SQL LIKE: `%` matches any text, `_` any one character; the whole value must match. */
  like(pattern: string): Expr { return this.strOp('like', pattern); }
  get str(): StrNamespace {
    const fn = (f: StrFn): Expr => new Expr({ kind: 'strFn', arg: this.node, fn: f });
    const text = (what: string, v: unknown): string => {
      if (typeof v !== 'string') throw new TypeError(`str.${what} needs a string, got ${String(v)}`);
      return v;
    };
    const nonEmpty = (what: string, v: unknown): string => {
      if (text(what, v) === '') throw new TypeError(`str.${what} needs a non-empty fill string`);
      return v as string;
    };
    const int = (what: string, v: unknown): number => {
      if (!Number.isInteger(v)) throw new TypeError(`str.${what} needs an integer, got ${String(v)}`);
      return v as number;
    };
    return {
      startsWith: (p) => this.startsWith(p),
      endsWith: (p) => this.endsWith(p),
      contains: (p) => this.contains(p),
      lower: () => fn({ op: 'lower' }),
      upper: () => fn({ op: 'upper' }),
      strip: (chars) => fn({ op: 'strip', chars: chars === undefined ? null : text('strip', chars) }),
      len: () => fn({ op: 'len' }),
      slice: (start, stop) => fn({ op: 'slice', start: int('slice', start), stop: stop === undefined ? null : int('slice', stop) }),
      replace: (pattern, value) => {
        text('replace', value);
        if (pattern instanceof RegExp) return fn({ op: 'replace', pattern: pattern.source, regex: true, flags: pattern.flags, value });
        if (text('replace', pattern) === '') throw new TypeError('str.replace needs a non-empty pattern');
        return fn({ op: 'replace', pattern, regex: false, flags: '', value });
      },
      concat: (...parts) => {
        if (parts.flat().length === 0) throw new TypeError('str.concat needs at least one string to append, e.g. col("a").str.concat("-", col("b"))');
        return new Expr({ kind: 'concat', args: [this.node, ...parts.flat().map((p) => toNode(p))] });
      },
      padStart: (width, fill = ' ') => fn({ op: 'pad', width: int('padStart', width), fill: nonEmpty('padStart', fill), start: true, truncate: false }),
      padEnd: (width, fill = ' ') => fn({ op: 'pad', width: int('padEnd', width), fill: nonEmpty('padEnd', fill), start: false, truncate: false }),
      reverse: () => fn({ op: 'reverse' }),
      join: (sep = ',') => new Expr({ kind: 'agg', fn: 'stringAgg', arg: this.node, sep: text('join', sep) }),
      extract: (pattern, group = 1) => {
        const source = pattern instanceof RegExp ? pattern.source : text('extract', pattern);
        const flags = regexFlags(source, pattern instanceof RegExp ? pattern.flags : '', 'str.extract');
        const groups = groupCount(source, flags);
        if (!Number.isInteger(group) || group < 0 || group > groups) throw new RangeError(`str.extract: group ${String(group)} does not exist; ${JSON.stringify(source)} has ${groups} group(s) (0 is the whole match)`);
        return fn({ op: 'extract', pattern: source, flags, group });
      },
      split: (sep, index) => {
        if (text('split', sep) === '') throw new TypeError('str.split needs a non-empty separator');
        return fn({ op: 'split', sep, index: int('split', index) });
      },
    };
  }

  /** Calendar fields of a timestamp or date column (weekday: Monday = 0, like pandas), and the value as text (strftime). */
  get dt(): DtNamespace {
    const f = (field: DtField) => () => new Expr({ kind: 'dt', arg: this.node, field });
    const strftime = (format: string): Expr => {
      if (typeof format !== 'string') throw new TypeError(`dt.strftime needs a format string such as '%Y-%m-%d', got ${describeOption(format)}`);
      compileStrftime(format);
      return new Expr({ kind: 'strftime', arg: this.node, format });
    };
    return { year: f('year'), month: f('month'), day: f('day'), hour: f('hour'), minute: f('minute'), second: f('second'), weekday: f('weekday'), date: f('date'), strftime };
  }

  // aggregates
  sum(): Expr { return this.agg('sum'); }
  mean(): Expr { return this.agg('mean'); }
  count(): Expr { return this.agg('count'); }
  size(): Expr { return this.agg('size'); }
  min(): Expr { return this.agg('min'); }
  max(): Expr { return this.agg('max'); }
  var(ddof = 1): Expr { return new Expr({ kind: 'agg', fn: 'var', arg: this.node, ddof: checkDdof('var', ddof) }); }
  std(ddof = 1): Expr { return new Expr({ kind: 'agg', fn: 'std', arg: this.node, ddof: checkDdof('std', ddof) }); }
  /** Distinct non-null values (pandas' nunique). */
  nUnique(): Expr { return this.agg('nUnique'); }
  /** Exact median of the non-null values. */
  median(): Expr { return this.agg('median'); }
  /** Exact q-quantile (0 ≤ q ≤ 1) of the non-null values, interpolating linearly like pandas. */
  quantile(q: number): Expr {
    if (typeof q !== 'number' || !(q >= 0 && q <= 1)) throw new (typeof q === 'number' ? RangeError : TypeError)(`quantile(q) needs a number q between 0 and 1, got ${describeOption(q)}; e.g. quantile(0.9)`);
    return new Expr({ kind: 'agg', fn: 'quantile', arg: this.node, q });
  }
  /** First non-null value of each group, in file order (like pandas; nulls are skipped). */
  first(): Expr { return this.agg('first'); }
  /** Last non-null value of each group, in file order (like pandas; nulls are skipped). */
  last(): Expr { return this.agg('last'); }

  // window functions (api/window-expr.ts): a value a row, from the rows of its window
  /**
   * The aggregates and window functions of this expression over each row's partition — the rows
   * of equal `partitionBy` (none: every row) — in `orderBy` order: `col('v').sum().over('k')`,
   * `col('v').cumSum().over('k', { orderBy: 't' })`. Aggregates over a file's partitions keep
   * its rows' order (an aggregate joined back: optimizer/window-as-aggregate.ts); other windows
   * over partitions give their rows bucket by bucket of the exchange on the partition columns
   * (in input order without them): sort after for another order.
   */
  over(...args: (ColumnsArg | OverOptions)[]): Expr {
    const last = args.at(-1);
    const options = isOptions(last) ? last : {};
    const keys = (isOptions(last) ? args.slice(0, -1) : args) as ColumnsArg[];
    const order = options.orderBy === undefined ? null : toExprNodes([options.orderBy as ColumnsArg], 'an orderBy column');
    return new Expr(overExpr(this.node, toExprNodes(keys, 'a partition column'), order, options));
  }
  /** The rank of each value among the column's (or its partition's) values; null for null. Ties: options.method. */
  rank(options?: RankOptions): Expr { return new Expr(rankExpr(this.node, options)); }
  /** The sum of the values so far (null where the value is null, as Polars). */
  cumSum(): Expr { return new Expr(cumulativeExpr(this.node, 'sum')); }
  cumMin(): Expr { return new Expr(cumulativeExpr(this.node, 'min')); }
  cumMax(): Expr { return new Expr(cumulativeExpr(this.node, 'max')); }
  /** Non-null values so far. */
  cumCount(): Expr { return new Expr(cumulativeExpr(this.node, 'count')); }
  /** The value `n` rows before (negative n: after); `fill` (default null) where there is no such row. */
  shift(n = 1, fill: ExprLike = null): Expr { return new Expr(shiftExpr(this.node, n, toNode(fill))); }
  /** This value minus the one `n` rows before. */
  diff(n = 1): Expr { return this.sub(this.shift(n)); }
  /**
   * The sum of the `window` values up to this row (null where fewer than options.minPeriods — the
   * window — are non-null); with `{ by: 'day' }`, of the rows whose day is within `window` ('7d')
   * before this row's.
   */
  rollingSum(window: number | string, options?: RollingOptions): Expr { return this.rolling('sum', window, options); }
  rollingMean(window: number | string, options?: RollingOptions): Expr { return this.rolling('mean', window, options); }
  rollingMin(window: number | string, options?: RollingOptions): Expr { return this.rolling('min', window, options); }
  rollingMax(window: number | string, options?: RollingOptions): Expr { return this.rolling('max', window, options); }

  toString(): string { return exprToString(this.node); }

  /**
   * As text (`${e}`, String(e)) an expression reads as floe prints it; JS's arithmetic and
   * comparison operators (`col('v') + 1`, `col('v') > 2`) are refused where they are written:
   * they made a string or a boolean of it, which failed later as a column named `col("v")1`.
   */
  [Symbol.toPrimitive](hint: string): string {
    if (hint === 'string') return this.toString();
    throw new TypeError(`JS operators (+ - * / < > ==) do not work on floe expressions such as ${this.toString()}: use its methods, e.g. col('v').add(1), .sub(), .mul(), .div(), .gt(2), .eq('x')`);
  }

  private bin(op: BinaryOp, other: ExprLike): Expr {
    return new Expr({ kind: 'binary', op, left: this.node, right: toNode(other) });
  }
  private strOp(op: 'startsWith' | 'endsWith' | 'contains' | 'like', pattern: string): Expr {
    if (typeof pattern !== 'string') throw new TypeError(`${op} needs a string`);
    return new Expr({ kind: 'str', arg: this.node, op, pattern });
  }
  private agg(fn: AggFn): Expr {
    return new Expr({ kind: 'agg', fn, arg: this.node });
  }
  private rolling(fn: 'sum' | 'mean' | 'min' | 'max', window: number | string, options: RollingOptions = {}): Expr {
    const by = options.by === undefined ? null : toExprNodes([options.by as ColumnsArg], 'a by column')[0];
    return new Expr(rollingExpr(this.node, fn, window, options, by));
  }
}

/** 1, 2, 3 … along the rows (of each partition, in its order, with .over()). */
export function rowNumber(): Expr {
  return new Expr(rowNumberExpr());
}

function isOptions(x: unknown): x is OverOptions {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Expr);
}

/** A column by name; `col('*')` means every column (in select, and `col('*').count()` = rows). */
export function col(name: string): Expr {
  if (typeof name !== 'string' || name === '') throw new TypeError('col() needs a column name');
  // header names are NFC (io/csv/header-names.ts): `é` typed as e + U+0301 finds them too
  return new Expr(name === '*' ? { kind: 'wildcard' } : { kind: 'col', name: name.normalize('NFC') });
}

/** Pearson correlation of two numeric columns over the rows where both are present (an aggregate). */
export function corr(a: Expr | string, b: Expr | string): Expr {
  const [x, y] = toExprNodes([a, b]);
  return new Expr({ kind: 'agg', fn: 'corr', arg: x, arg2: y });
}

/**
 * A conditional value (SQL's case when): `when(col('x').gt(0), 'pos', 'other')` is `value` where
 * the condition is true and `otherwise` where it is false or null (`otherwise` null: a null).
 */
export function when(cond: Expr): When;
export function when(cond: Expr, value: ExprLike, otherwise?: ExprLike): Expr;
export function when(cond: Expr, ...rest: (ExprLike | undefined)[]): Expr | When {
  if (!(cond instanceof Expr)) throw new TypeError('when() needs a condition expression, e.g. when(col("x").gt(0), 1, 0)');
  // Polars' form, when(cond).then(value).otherwise(other): it failed with "lit(): unsupported value undefined"
  if (rest.length === 0) return new When(cond);
  return new Expr({ kind: 'when', cond: cond.node, value: toNode(rest[0] ?? null), otherwise: toNode(rest[1] ?? null) });
}

/** `when(cond)` awaiting its value: `.then(value)` (null elsewhere, or `.otherwise(other)`). */
export class When {
  constructor(private readonly cond: Expr) {}
  // biome-ignore lint/suspicious/noThenProperty: Polars' name; an `await` of it (which passes functions) is refused below, not left hanging
  then(value: ExprLike): Then {
    if (typeof value === 'function') throw new TypeError('when(cond) is not a promise: give it a value, when(cond).then(value).otherwise(other)');
    return new Then(this.cond, value);
  }
}

/** `when(cond).then(value)`: the value where cond holds, null elsewhere; `.otherwise(other)` for the rest. */
export class Then extends Expr {
  constructor(private readonly cond: Expr, private readonly value: ExprLike) {
    super({ kind: 'when', cond: cond.node, value: toNode(value), otherwise: toNode(null) });
  }
  otherwise(other: ExprLike): Expr {
    return when(this.cond, this.value, other);
  }
}

let warnedLocalMidnight = false;

/**
 * Once a process: a Date at local midnight that is not UTC midnight — `new Date(2011, 0, 1)`
 * outside UTC — is an instant, 2011-01-01T05:00Z in New York, and floe reads a timestamp without
 * a zone as UTC: a filter by it dropped the first hours of the day, with no sign (18 000 of 40 000
 * rows in New York).
 */
function warnLocalMidnight(d: Date): void {
  if (warnedLocalMidnight || d.getTimezoneOffset() === 0) return;
  if (d.getHours() !== 0 || d.getMinutes() !== 0 || d.getSeconds() !== 0 || d.getMilliseconds() !== 0) return;
  warnedLocalMidnight = true;
  const [y, m, day] = [d.getFullYear(), d.getMonth(), d.getDate()];
  const text = `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  process.emitWarning(`a Date at local midnight (new Date(${y}, ${m}, ${day}) is ${d.toISOString()}) is that instant in UTC, where floe reads timestamps without a zone; for the day ${text} write the text '${text}' or new Date(Date.UTC(${y}, ${m}, ${day}))`, 'FloeWarning');
}

/** A literal value. Dates become timestamps. */
export function lit(value: number | string | boolean | bigint | Date | null): Expr {
  return new Expr(literal(value));
}

function literal(value: number | string | boolean | bigint | Date | null): ExprNode {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('lit(): invalid Date');
    warnLocalMidnight(value);
    return { kind: 'lit', value: value.getTime(), dtype: 'timestamp' };
  }
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new RangeError('lit(): bigint literals beyond 2^53 are not supported');
    return { kind: 'lit', value: Number(value), dtype: 'int64' };
  }
  // a whole number is an int64 where int64 holds it (2^53 compares exactly with a bigint column); past
  // it a float64 (lit(1e20) as int64 was written wrapped)
  if (typeof value === 'number') return { kind: 'lit', value, dtype: isInt64Number(value) ? 'int64' : 'float64' };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return { kind: 'lit', value, dtype: null };
  throw new TypeError(`lit(): unsupported value ${String(value)}`);
}

export function toNode(v: ExprLike): ExprNode {
  return v instanceof Expr ? v.node : literal(v);
}

/** Column names or expressions, each alone or in an array: `groupBy('a', 'b')` = `groupBy(['a', 'b'])`. */
/** A column name, an expression, an array of them, or `{ name: expression }` (Polars' keyword form: each expression aliased to its key). */
export type ColumnsArg = Expr | string | readonly (Expr | string)[] | Readonly<Record<string, Expr>>;

/** Accepts column names or expressions, alone or in arrays. */
export function toExprNodes(items: readonly ColumnsArg[], what = 'a column'): ExprNode[] {
  return items.flat().flatMap((x): ExprNode[] => {
    if (typeof x === 'string') return [col(x).node];
    if (x instanceof Expr) return [shallowExpr(x.node)];
    // withColumns({ double: col('v').mul(2) }): Polars' keyword form (the error printed the expressions' insides)
    if (isNamedExprs(x)) return Object.entries(x).map(([name, e]) => e.alias(name).node);
    throw new TypeError(`expected ${what} name or an expression (col(...)), got ${describeValue(x)}`);
  });
}

/** pandas' aggregate names (lower case) → the Expr method. */
const AGG_METHODS = new Map(['sum', 'mean', 'min', 'max', 'count', 'std', 'var', 'median', 'first', 'last', 'nUnique'].map((m) => [m.toLowerCase(), m]));

/** ddof: a whole number of degrees of freedom taken off n (1: the sample's, 0: the population's). */
function checkDdof(fn: string, ddof: unknown): number {
  if (!Number.isInteger(ddof) || (ddof as number) < 0) throw new TypeError(`${fn}(ddof) needs a whole number from 0 (0: population, 1: sample, the default), got ${describeOption(ddof)}`);
  return ddof as number;
}

function isNamedExprs(x: unknown): x is Readonly<Record<string, Expr>> {
  if (x === null || typeof x !== 'object' || Array.isArray(x) || Object.getPrototypeOf(x) !== Object.prototype) return false;
  const values = Object.values(x);
  return values.length > 0 && values.every((v) => v instanceof Expr);
}

function describeValue(x: unknown): string {
  if (Array.isArray(x)) return 'a nested array';
  if (x === null || x === undefined) return String(x);
  if (typeof x === 'function') return `a function: expressions run over whole columns in worker threads, where a JS callback cannot go; write it with col(), e.g. col('v').gt(1)`;
  if (typeof x === 'object') {
    const entries = Object.entries(x);
    // pandas' agg({ v: 'sum' }): show the same thing in floe's words
    const method = (f: unknown): string | undefined => (typeof f === 'string' ? AGG_METHODS.get(f.toLowerCase()) : undefined);
    if (entries.length > 0 && entries.every(([, f]) => method(f) !== undefined)) {
      return `an object ${JSON.stringify(x)}; write ${entries.map(([c, f]) => `col(${JSON.stringify(c)}).${method(f)}()`).join(', ')}`;
    }
    // expressions shown as written, not as their plan nodes
    if (entries.some(([, v]) => v instanceof Expr)) return `an object { ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${v instanceof Expr ? exprToString(v.node) : JSON.stringify(v)}`).join(', ')} }`;
    return `an object ${JSON.stringify(x)}`;
  }
  return `${typeof x} ${JSON.stringify(x)}`;
}

/** `x` if it is an expression; else a TypeError naming the call, what was given and what to write. */
export function expectExpr(x: unknown, call: string): Expr {
  if (x instanceof Expr) return x;
  throw new TypeError(`${call} takes an expression such as col('v').gt(1), got ${describeValue(x)}`);
}
