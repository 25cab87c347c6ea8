/**
 * The first k rows of each partition — a filter `rn <= k` (or `rn < k`, `rn = k`) on the row
 * number of a window (SQL's top-n per group, db-benchmark q8; the DataFrame API's
 * `filter(rowNumber().over(p, { orderBy }).le(k))`) — need only those rows in the window. The
 * window's input becomes `sort(order).groupBy(p).head(k)` (`sort(order).limit(k)` without a
 * partition): each map task keeps its first k rows of a key in the order, so the exchange carries
 * k rows a key instead of every row, and the row numbers of the rows left are the same (the
 * filter stays, and keeps them all). Only a window whose one call is that row number: any other
 * call would see fewer rows.
 */
import type { ExprNode } from '../plan/expr-node.js';
import { outputName } from '../plan/expr-node.js';
import { mapInputs, type LogicalPlan } from '../plan/logical-plan.js';
import type { OptimizerRule } from './optimizer-rule.js';

function rewrite(plan: LogicalPlan): LogicalPlan {
  const p = mapInputs(plan, rewrite);
  if (p.kind !== 'filter') return p;
  // the condition itself, or a column computed as it below (SQL's QUALIFY filters on one)
  const limit = rowLimit(p.predicate) ?? (p.predicate.kind === 'col' ? { column: p.predicate.name, k: null } : null);
  if (limit === null) return p;
  const input = cut(p.input, limit.column, limit.k);
  return input === null ? p : { ...p, input };
}

/** `col <= k`, `col < k + 1`, `col = k` (either side), with k a whole number ≥ 1: the column and k. */
function rowLimit(e: ExprNode): { column: string; k: number } | null {
  if (e.kind !== 'binary') return null;
  const flip: Record<string, string> = { lte: 'gte', lt: 'gt', eq: 'eq', gte: 'lte', gt: 'lt' };
  const [c, lit, op] = e.left.kind === 'col' ? [e.left, e.right, e.op] : [e.right, e.left, flip[e.op]];
  if (c.kind !== 'col' || lit.kind !== 'lit' || typeof lit.value !== 'number') return null;
  const k = op === 'lte' || op === 'eq' ? Math.floor(lit.value) : op === 'lt' ? Math.ceil(lit.value) - 1 : NaN;
  if (op === 'eq' && !Number.isInteger(lit.value)) return null;
  return Number.isFinite(k) && k >= 1 ? { column: c.name, k } : null;
}

/**
 * `node` with the window that numbers `column` reading only the first k rows of a partition;
 * null when it is not that. `k` null: `column` is a condition, computed as `rn <= k` by a
 * projection below.
 */
function cut(node: LogicalPlan, column: string, k: number | null): LogicalPlan | null {
  if (node.kind === 'project') {
    const e = node.exprs.find((x) => x.kind !== 'wildcard' && outputName(x) === column);
    let below: { column: string; k: number | null } | null;
    if (e === undefined) below = node.mode === 'with' ? { column, k } : null;
    else {
      const source = plainSource(e);
      below = source !== null ? { column: source, k } : k === null ? rowLimit(e.kind === 'alias' ? e.arg : e) : null;
    }
    if (below === null) return null;
    const input = cut(node.input, below.column, below.k);
    return input === null ? null : { ...node, input };
  }
  if (k === null || node.kind !== 'window' || node.calls.length !== 1) return null;
  const [call] = node.calls;
  if (call.name !== column || call.fn !== 'rowNumber') return null;
  const col = (name: string): ExprNode => ({ kind: 'col', name });
  const sorted: LogicalPlan = call.orderBy.length === 0
    ? node.input
    : { kind: 'sort', input: node.input, by: call.orderBy.map((o) => ({ expr: col(o.name), descending: o.descending })), nullsLast: call.nullsLast };
  const first: LogicalPlan = node.partitionBy.length === 0
    ? { kind: 'limit', input: sorted, n: k }
    : { kind: 'groupHead', input: sorted, keys: node.partitionBy.map(col), n: k, keepNullKeys: true };
  return { ...node, input: first };
}

/** The column an output expression passes on as it is (`col('a')`, `col('a').alias('b')`), else null. */
function plainSource(e: ExprNode): string | null {
  if (e.kind === 'col') return e.name;
  return e.kind === 'alias' && e.arg.kind === 'col' ? e.arg.name : null;
}

export const windowTopN: OptimizerRule = { name: 'window-top-n', rewrite };
