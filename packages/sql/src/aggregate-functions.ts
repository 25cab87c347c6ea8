/**
 * SQL aggregates → floe reductions: count(*), count(x), count(distinct x), sum, avg/mean, min,
 * max, median, quantile_cont(x, q), corr(x, y), stddev/stddev_samp/stddev_pop, variance/var_samp/
 * var_pop, first, last, string_agg (group_concat, listagg), approx_count_distinct (exact). An aggregate may need several reductions and a final expression over
 * them: SQL's sum is null for a group without values (floe's is 0), so it is
 * when(count(x) > 0, sum(x), null).
 */
import type { ExprNode } from '@floe/dataframe';
import { functionArgs, functionName, type SqlNode } from './sql-ast.js';
import { SqlError, type SqlPosition } from './sql-error.js';

export interface AggregatePlan {
  /** Reductions to compute (agg nodes over row expressions). */
  reductions: ExprNode[];
  /** The SQL value from the reductions' output columns. */
  finish: (outputs: ExprNode[]) => ExprNode;
}

const SIMPLE: Record<string, { fn: 'mean' | 'min' | 'max' | 'median' | 'first' | 'last' | 'var' | 'std'; ddof?: number }> = {
  avg: { fn: 'mean' }, mean: { fn: 'mean' }, min: { fn: 'min' }, max: { fn: 'max' }, median: { fn: 'median' },
  first: { fn: 'first' }, last: { fn: 'last' },
  stddev: { fn: 'std', ddof: 1 }, stddev_samp: { fn: 'std', ddof: 1 }, stddev_pop: { fn: 'std', ddof: 0 },
  variance: { fn: 'var', ddof: 1 }, var_samp: { fn: 'var', ddof: 1 }, var_pop: { fn: 'var', ddof: 0 },
};

const NAMES = new Set([...Object.keys(SIMPLE), 'count', 'sum', 'quantile_cont', 'corr', 'string_agg', 'group_concat', 'listagg', 'approx_count_distinct']);

export function isAggregateCall(n: SqlNode): boolean {
  return (n.type === 'aggr_func' || n.type === 'function') && NAMES.has(functionName(n));
}

const one = (outs: ExprNode[]): ExprNode => outs[0];

/**
 * `coalesce(sum(x), 0)`: floe's own sum, which is already 0 for a group without values — one
 * reduction instead of sum and count (the db-benchmark questions are written this way).
 */
export function zeroDefaultSum(n: SqlNode): SqlNode | null {
  if (n.type !== 'function' || functionName(n) !== 'coalesce') return null;
  const args = functionArgs(n);
  if (args.length !== 2 || args[1].type !== 'number' || Number(args[1].value) !== 0) return null;
  const s = args[0];
  const distinct = (s.args as { distinct?: string } | null)?.distinct === 'DISTINCT';
  return isAggregateCall(s) && functionName(s) === 'sum' && !s.over && !distinct && !s.filter ? s : null;
}

export function aggregatePlan(n: SqlNode, rowExpr: (arg: SqlNode) => ExprNode, at: SqlPosition | null): AggregatePlan {
  const name = functionName(n);
  const args = functionArgs(n);
  // agg(x) FILTER (WHERE cond): the aggregate of x where cond holds — x is null elsewhere, and
  // every reduction skips nulls (it was ignored: the aggregate of every row)
  const where = (n.filter as { where?: SqlNode } | null)?.where;
  const cond = where ? rowExpr(where) : null;
  const translate = (a: SqlNode): ExprNode => {
    const x = rowExpr(a);
    return cond ? { kind: 'when', cond, value: x, otherwise: { kind: 'lit', value: null, dtype: null } } : x;
  };
  const distinct = (n.args as { distinct?: string } | null)?.distinct === 'DISTINCT';
  const arity = (k: number) => {
    if (args.length !== k) throw new SqlError(`${name}() takes ${k} argument(s), got ${args.length}`, at);
  };
  if (distinct && name !== 'count') throw new SqlError(`${name}(distinct …) is not supported yet; only count(distinct x)`, at);
  if ((n.args as { orderby?: unknown } | null)?.orderby) throw new SqlError(`${name}(… order by …) is not supported yet`, at);
  if (name === 'string_agg' || name === 'group_concat' || name === 'listagg') {
    // the parser keeps string_agg's second argument apart, as its separator
    const written = (n.args as { separator?: { delimiter?: SqlNode } | null } | null)?.separator?.delimiter;
    const all = written ? [...args, written] : args;
    if (all.length < 1 || all.length > 2) throw new SqlError(`${name}() takes 1 or 2 arguments (the text, and a constant separator), got ${all.length}`, at);
    const sep = all.length === 2 ? rowExpr(all[1]) : null;
    if (sep !== null && (sep.kind !== 'lit' || typeof sep.value !== 'string')) throw new SqlError(`${name}()'s separator must be a constant string`, at);
    return { reductions: [{ kind: 'agg', fn: 'stringAgg', arg: translate(args[0]), sep: sep === null ? ',' : (sep.value as string) }], finish: one };
  }
  // an estimate in DuckDB (HyperLogLog); floe counts exactly, which any estimate approximates
  if (name === 'approx_count_distinct') return aggregatePlan({ ...n, name: 'count', args: { ...(n.args as object), distinct: 'DISTINCT' } }, rowExpr, at);
  if (name === 'count') {
    arity(1);
    if (args[0].type === 'star') {
      const arg: ExprNode = cond ? translate({ type: 'number', value: 1 } as SqlNode) : { kind: 'wildcard' };
      return { reductions: [{ kind: 'agg', fn: 'count', arg }], finish: one };
    }
    if (!distinct) return { reductions: [{ kind: 'agg', fn: 'count', arg: translate(args[0]) }], finish: one };
    // NaN is one distinct value, as DuckDB counts it (floe's nUnique skips it, as pandas' nunique does)
    const x = translate(args[0]);
    const nan: ExprNode = { kind: 'when', cond: { kind: 'binary', op: 'neq', left: x, right: x }, value: { kind: 'lit', value: 1, dtype: 'int64' }, otherwise: { kind: 'lit', value: 0, dtype: 'int64' } };
    return {
      reductions: [{ kind: 'agg', fn: 'nUnique', arg: x }, { kind: 'agg', fn: 'max', arg: nan }],
      finish: ([u, hasNan]) => ({ kind: 'binary', op: 'add', left: u, right: { kind: 'fillNull', arg: hasNan, value: { kind: 'lit', value: 0, dtype: 'int64' } } }),
    };
  }
  if (args.some((a) => a.type === 'star')) throw new SqlError(`${name}(*) is not defined; only count(*)`, at);
  if (name === 'sum') {
    arity(1);
    const x = translate(args[0]);
    return {
      reductions: [{ kind: 'agg', fn: 'sum', arg: x }, { kind: 'agg', fn: 'count', arg: x }],
      finish: ([s, c]) => ({ kind: 'when', cond: { kind: 'binary', op: 'gt', left: c, right: { kind: 'lit', value: 0, dtype: 'int64' } }, value: s, otherwise: { kind: 'lit', value: null, dtype: null } }),
    };
  }
  if (name === 'quantile_cont') {
    arity(2);
    const q = rowExpr(args[1]);
    if (q.kind !== 'lit' || typeof q.value !== 'number' || !(q.value >= 0 && q.value <= 1)) throw new SqlError('quantile_cont(x, q) needs a constant q between 0 and 1', at);
    // the median is the 0.5 quantile: the same reduction as median(x), so the same plan
    const call: ExprNode = q.value === 0.5 ? { kind: 'agg', fn: 'median', arg: translate(args[0]) } : { kind: 'agg', fn: 'quantile', arg: translate(args[0]), q: q.value };
    return { reductions: [call], finish: one };
  }
  if (name === 'corr') {
    arity(2);
    return { reductions: [{ kind: 'agg', fn: 'corr', arg: translate(args[0]), arg2: translate(args[1]) }], finish: one };
  }
  arity(1);
  const s = SIMPLE[name];
  const call: ExprNode = s.ddof === undefined ? { kind: 'agg', fn: s.fn, arg: translate(args[0]) } : { kind: 'agg', fn: s.fn, arg: translate(args[0]), ddof: s.ddof };
  return { reductions: [call], finish: one };
}
