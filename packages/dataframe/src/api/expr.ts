/**
 * The expression builder users write: `col('X0').gt(50).and(col('X1').lt(10))`.
 * Immutable and cheap; each call returns a new Expr wrapping a plain-data ExprNode.
 */
import type { AggFn, BinaryOp, DtField, ExprNode } from '../plan/expr-node.js';
import { exprToString } from '../plan/expr-node.js';
import { isDType, type DType } from '../types/dtype.js';

export type ExprLike = Expr | number | string | boolean | bigint | Date | null;

export class Expr {
  constructor(readonly node: ExprNode) {}

  // arithmetic
  add(other: ExprLike): Expr { return this.bin('add', other); }
  sub(other: ExprLike): Expr { return this.bin('sub', other); }
  mul(other: ExprLike): Expr { return this.bin('mul', other); }
  div(other: ExprLike): Expr { return this.bin('div', other); }
  mod(other: ExprLike): Expr { return this.bin('mod', other); }
  neg(): Expr { return new Expr({ kind: 'neg', arg: this.node }); }

  // comparisons
  eq(other: ExprLike): Expr { return this.bin('eq', other); }
  neq(other: ExprLike): Expr { return this.bin('neq', other); }
  lt(other: ExprLike): Expr { return this.bin('lt', other); }
  lte(other: ExprLike): Expr { return this.bin('lte', other); }
  gt(other: ExprLike): Expr { return this.bin('gt', other); }
  gte(other: ExprLike): Expr { return this.bin('gte', other); }

  // logic
  and(other: ExprLike): Expr { return this.bin('and', other); }
  or(other: ExprLike): Expr { return this.bin('or', other); }
  not(): Expr { return new Expr({ kind: 'not', arg: this.node }); }

  // nulls and types
  isNull(): Expr { return new Expr({ kind: 'isNull', arg: this.node, negate: false }); }
  isNotNull(): Expr { return new Expr({ kind: 'isNull', arg: this.node, negate: true }); }
  fillNull(value: ExprLike): Expr { return new Expr({ kind: 'fillNull', arg: this.node, value: toNode(value) }); }
  cast(to: DType): Expr {
    if (!isDType(to)) throw new TypeError(`cast: unknown type ${JSON.stringify(to)}; use int64, float64, bool, string, timestamp or date`);
    return new Expr({ kind: 'cast', arg: this.node, to });
  }
  alias(name: string): Expr {
    if (typeof name !== 'string' || name === '') throw new TypeError('alias needs a non-empty name');
    return new Expr({ kind: 'alias', arg: this.node, name });
  }

  // strings
  startsWith(prefix: string): Expr { return this.strOp('startsWith', prefix); }
  endsWith(suffix: string): Expr { return this.strOp('endsWith', suffix); }
  contains(part: string): Expr { return this.strOp('contains', part); }
  get str(): { startsWith(p: string): Expr; endsWith(p: string): Expr; contains(p: string): Expr } {
    return { startsWith: (p) => this.startsWith(p), endsWith: (p) => this.endsWith(p), contains: (p) => this.contains(p) };
  }

  /** Calendar fields of a timestamp or date column (weekday: Monday = 0, like pandas). */
  get dt(): Record<DtField, () => Expr> {
    const f = (field: DtField) => () => new Expr({ kind: 'dt', arg: this.node, field });
    return { year: f('year'), month: f('month'), day: f('day'), hour: f('hour'), minute: f('minute'), second: f('second'), weekday: f('weekday'), date: f('date') };
  }

  // aggregates
  sum(): Expr { return this.agg('sum'); }
  mean(): Expr { return this.agg('mean'); }
  count(): Expr { return this.agg('count'); }
  size(): Expr { return this.agg('size'); }
  min(): Expr { return this.agg('min'); }
  max(): Expr { return this.agg('max'); }
  var(ddof = 1): Expr { return new Expr({ kind: 'agg', fn: 'var', arg: this.node, ddof }); }
  std(ddof = 1): Expr { return new Expr({ kind: 'agg', fn: 'std', arg: this.node, ddof }); }

  toString(): string { return exprToString(this.node); }

  private bin(op: BinaryOp, other: ExprLike): Expr {
    return new Expr({ kind: 'binary', op, left: this.node, right: toNode(other) });
  }
  private strOp(op: 'startsWith' | 'endsWith' | 'contains', pattern: string): Expr {
    if (typeof pattern !== 'string') throw new TypeError(`${op} needs a string`);
    return new Expr({ kind: 'str', arg: this.node, op, pattern });
  }
  private agg(fn: AggFn): Expr {
    return new Expr({ kind: 'agg', fn, arg: this.node });
  }
}

/** A column by name; `col('*')` means every column (in select, and `col('*').count()` = rows). */
export function col(name: string): Expr {
  if (typeof name !== 'string' || name === '') throw new TypeError('col() needs a column name');
  // header names are NFC (io/csv/header-names.ts): `é` typed as e + U+0301 finds them too
  return new Expr(name === '*' ? { kind: 'wildcard' } : { kind: 'col', name: name.normalize('NFC') });
}

/** A literal value. Dates become timestamps. */
export function lit(value: number | string | boolean | bigint | Date | null): Expr {
  return new Expr(literal(value));
}

function literal(value: number | string | boolean | bigint | Date | null): ExprNode {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('lit(): invalid Date');
    return { kind: 'lit', value: value.getTime(), dtype: 'timestamp' };
  }
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new RangeError('lit(): bigint literals beyond 2^53 are not supported');
    return { kind: 'lit', value: Number(value), dtype: 'int64' };
  }
  if (typeof value === 'number') return { kind: 'lit', value, dtype: Number.isInteger(value) ? 'int64' : 'float64' };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return { kind: 'lit', value, dtype: null };
  throw new TypeError(`lit(): unsupported value ${String(value)}`);
}

export function toNode(v: ExprLike): ExprNode {
  return v instanceof Expr ? v.node : literal(v);
}

/** Accepts column names or expressions. */
export function toExprNodes(items: readonly (Expr | string)[]): ExprNode[] {
  return items.map((x) => (typeof x === 'string' ? col(x).node : x.node));
}
