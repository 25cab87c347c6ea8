/**
 * groupBy(...keys): `.agg(exprs)` for any aggregates, and Dask's shortcuts (`.sum()`, `.mean()`,
 * …) that aggregate every numeric column that is not a key.
 */
import { columnsOf, type AggFn, type ExprNode } from '../plan/expr-node.js';
import { col, toExprNodes, type Expr } from './expr.js';
import { DataFrame, numericColumns } from './dataframe.js';
import { rowCount } from './check-options.js';
import { temporalAverages } from '../plan/temporal-averages.js';

export interface GroupByOptions {
  /** Keep rows whose key is null as their own group (default false, like pandas' dropna=True). */
  keepNullKeys?: boolean;
}

const OPTION_NAMES = new Set(['keepNullKeys']);

/** Checks a groupBy options object: known names and types only (a misspelt option is an error, not ignored). */
export function groupByOptions(o: object): GroupByOptions {
  for (const [name, value] of Object.entries(o)) {
    if (!OPTION_NAMES.has(name)) {
      const hint = name === 'dropna' ? ' (use keepNullKeys: true for dropna: false)' : '';
      throw new TypeError(`groupBy(): unknown option ${JSON.stringify(name)}${hint}; options: ${[...OPTION_NAMES].join(', ')}`);
    }
    if (typeof value !== 'boolean') throw new TypeError(`groupBy(): option ${name} must be true or false, got ${typeof value}`);
  }
  return o as GroupByOptions;
}

export class GroupBy {
  constructor(private readonly df: DataFrame, private readonly keys: ExprNode[], private readonly options: GroupByOptions = {}) {}

  /** Options: `groupBy('k').withOptions({ keepNullKeys: true }).sum()` (or `groupBy('k', { keepNullKeys: true })`). */
  withOptions(options: GroupByOptions): GroupBy {
    return new GroupBy(this.df, this.keys, { ...this.options, ...groupByOptions(options) });
  }

  /** Aggregate expressions, as arguments or an array. */
  agg(...aggs: (Expr | readonly Expr[] | Readonly<Record<string, Expr>>)[]): DataFrame {
    const nodes = toExprNodes(aggs, 'an aggregate');
    if (nodes.length === 0) throw new TypeError('agg() needs at least one aggregate expression');
    return this.build(nodes);
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
    const df = new DataFrame({ kind: 'groupHead', input: this.df.plan, keys: this.keys, n: rowCount('head', n), keepNullKeys: this.options.keepNullKeys ?? false });
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
    const schema = this.df.schema;
    const df = new DataFrame({ kind: 'aggregate', input: this.df.plan, keys: this.keys, aggs: aggs.map((a) => temporalAverages(a, schema)), keepNullKeys: this.options.keepNullKeys ?? false });
    void df.schema;
    return df;
  }
}
