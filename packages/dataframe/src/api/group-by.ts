/**
 * groupBy(...keys): `.agg(exprs)` for any aggregates, and Dask's shortcuts (`.sum()`, `.mean()`,
 * …) that aggregate every numeric column that is not a key.
 */
import { columnsOf, type AggFn, type ExprNode } from '../plan/expr-node.js';
import { shallowExpr } from '../plan/shallow-expr.js';
import { col, type Expr } from './expr.js';
import { DataFrame, numericColumns } from './dataframe.js';

export interface GroupByOptions {
  /** Keep rows whose key is null as their own group (default false, like pandas' dropna=True). */
  keepNullKeys?: boolean;
}

export class GroupBy {
  constructor(private readonly df: DataFrame, private readonly keys: ExprNode[], private readonly options: GroupByOptions = {}) {}

  /** Options: `groupBy('k').options({ keepNullKeys: true }).sum()`. */
  withOptions(options: GroupByOptions): GroupBy {
    return new GroupBy(this.df, this.keys, { ...this.options, ...options });
  }

  /** Aggregates, or arrays of them (a computed list of any length never needs a spread). */
  agg(...aggs: (Expr | readonly Expr[])[]): DataFrame {
    const list = aggs.flat();
    if (list.length === 0) throw new TypeError('agg() needs at least one aggregate expression');
    return this.build(list.map((a) => shallowExpr(a.node)));
  }

  sum(): DataFrame { return this.allNumeric('sum'); }
  mean(): DataFrame { return this.allNumeric('mean'); }
  min(): DataFrame { return this.allNumeric('min'); }
  max(): DataFrame { return this.allNumeric('max'); }
  var(): DataFrame { return this.allNumeric('var'); }
  std(): DataFrame { return this.allNumeric('std'); }
  /** Non-null count of every column that is not a key. */
  count(): DataFrame {
    const keyCols = this.keyColumns();
    return this.build(this.df.schema.filter((f) => !keyCols.has(f.name)).map((f) => col(f.name).count().alias(f.name).node));
  }
  /** Rows per group. */
  size(): DataFrame {
    return this.build([col('*').count().alias('size').node]);
  }

  /** The first n rows of each group, in input order (after a sort: the top n per group); groups sorted by key. */
  head(n = 5): DataFrame {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`head needs a non-negative integer, got ${n}`);
    const df = new DataFrame({ kind: 'groupHead', input: this.df.plan, keys: this.keys, n, keepNullKeys: this.options.keepNullKeys ?? false });
    void df.schema;
    return df;
  }

  /** @internal */
  allNumeric(fn: AggFn): DataFrame {
    const names = numericColumns(this.df.schema, this.keyColumns());
    if (names.length === 0) throw new TypeError(`${fn}(): no numeric columns to aggregate besides the keys`);
    return this.build(names.map((n) => ({ kind: 'alias', name: n, arg: { kind: 'agg', fn, arg: { kind: 'col', name: n } } })));
  }

  private keyColumns(): Set<string> {
    const s = new Set<string>();
    for (const k of this.keys) if (k.kind === 'col' || (k.kind === 'alias' && k.arg.kind === 'col')) columnsOf(k, s);
    return s;
  }

  private build(aggs: ExprNode[]): DataFrame {
    const df = new DataFrame({ kind: 'aggregate', input: this.df.plan, keys: this.keys, aggs, keepNullKeys: this.options.keepNullKeys ?? false });
    void df.schema;
    return df;
  }
}
