/**
 * The parts of floe's API that the db-benchmark questions need and that issue 9 specifies but a
 * given floe build may not have yet (join, median, corr, groupBy(...).head(n)). Each is looked up
 * at run time: a missing one throws NotSupported, which the child reports as "not supported
 * yet" for that question instead of failing the whole run. Once floe grows the method with the
 * specified signature, the question runs unchanged.
 */
import * as floe from 'floe';
import type { DataFrame, Expr, GroupBy } from 'floe';

/** A question uses an API this floe build does not have. */
export class NotSupported extends Error {
  constructor(what: string) {
    super(`not supported yet: ${what}`);
    this.name = 'NotSupported';
  }
}

export interface JoinOptions {
  on: string;
  how?: 'inner' | 'left' | 'right' | 'outer' | 'semi' | 'anti';
  suffix?: string;
}

function method<F>(target: object, name: string, what: string): F {
  const m: unknown = Reflect.get(target, name);
  if (typeof m !== 'function') throw new NotSupported(what);
  return (m as (...a: unknown[]) => unknown).bind(target) as F;
}

/** `left.join(right, options)` (issue 9; Polars semantics: nulls never match, suffix `_right`). */
export function join(left: DataFrame, right: DataFrame, options: JoinOptions): DataFrame {
  return method<(r: DataFrame, o: JoinOptions) => DataFrame>(left, 'join', 'DataFrame.join')(right, options);
}

/** `col(x).median()`: exact, linear interpolation. */
export function median(e: Expr): Expr {
  return method<() => Expr>(e, 'median', 'Expr.median')();
}

/** `corr(a, b)`: Pearson correlation, a top-level export of floe. */
export function corr(a: Expr, b: Expr): Expr {
  const f: unknown = Reflect.get(floe, 'corr');
  if (typeof f !== 'function') throw new NotSupported('corr(a, b)');
  return (f as (a: Expr, b: Expr) => Expr)(a, b);
}

/** `groupBy(keys).head(n)`: the first n rows of every group, in input order. */
export function groupHead(g: GroupBy, n: number): DataFrame {
  return method<(n: number) => DataFrame>(g, 'head', 'GroupBy.head')(n);
}

/**
 * groupBy with SQL's (and data.table's) treatment of null keys: a null key is a group of its
 * own, as DuckDB's GROUP BY does, so the answers can be compared.
 */
export function groupBy(df: DataFrame, ...keys: string[]): GroupBy {
  const g = df.groupBy(...keys);
  const withOptions: unknown = Reflect.get(g, 'withOptions');
  return typeof withOptions === 'function' ? (withOptions as (o: object) => GroupBy).call(g, { keepNullKeys: true }) : g;
}
