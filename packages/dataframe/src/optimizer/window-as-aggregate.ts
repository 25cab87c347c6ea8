/**
 * A window's aggregates over whole partitions — `col('v').sum().over('k')`, SQL's
 * `avg(v) over (partition by k)`, `sum(v) over ()` — are a grouped aggregate joined back to the
 * rows on the partition columns: the aggregate's partials are combined where they are made, its
 * groups are broadcast to every task, and each task probes them with its own rows, in their own
 * order. No row crosses an exchange, no task holds a partition whole (a window over no partition
 * held every row in one task: 10 M rows, 821 MB), and the rows keep the input's order (a window's
 * came bucket by bucket). Null partition keys are a partition, as a group: the join matches
 * nulls (nullsEqual).
 *
 * The input is read twice, so only where it is a scan under filters and projections (reading the
 * files again costs less than holding their rows); with partition columns, only where the CSV
 * sample estimates at most BROADCAST_GROUPS partitions (io/csv/distinct-estimate.ts) — the groups
 * every task holds — of MIN_PARTITION_ROWS rows or more on average. The window's other calls
 * (ranks, running sums, …) stay a window below the join.
 */
import type { AggFn, ExprNode } from '../plan/expr-node.js';
import { mapInputs, type LogicalPlan, type WindowCall, type WindowNode } from '../plan/logical-plan.js';
import { schemaOf } from '../plan/resolve.js';
import { estimatedGroups, scanUnder } from '../plan/scan-under.js';
import { REDUCTIONS } from '../kernels/reductions/index.js';
import type { OptimizerRule } from './optimizer-rule.js';

/** Partitions (estimated) a window's aggregate may have to be broadcast to every task: a table of a few MB. */
export const BROADCAST_GROUPS = 1 << 18;

/** Rows a partition has on average, at least (estimated): with fewer, the groups every task holds are nearly the rows. */
const MIN_PARTITION_ROWS = 8;

const col = (name: string): ExprNode => ({ kind: 'col', name });

/** An aggregate of one input over the whole partition whose value does not depend on the order of its rows (first, last and str.join do). */
function isWholeAggregate(c: WindowCall): boolean {
  if (c.frame !== null || c.minPeriods !== undefined || c.nullWhereNull === true || !(c.fn in REDUCTIONS)) return false;
  const r = REDUCTIONS[c.fn as AggFn];
  return r.arity === 1 && r.followsRowOrder !== true;
}

/** Whether `rows` (the window's rows under any windows below it) may be read again and the window's partitions broadcast. */
function joinable(partitionBy: readonly string[], rows: LogicalPlan): boolean {
  if (partitionBy.length === 0) return scanUnder([], rows) !== null;
  const est = estimatedGroups(partitionBy.map(col), rows);
  return est !== null && est.groups <= BROADCAST_GROUPS && est.groups * MIN_PARTITION_ROWS <= est.rows;
}

/**
 * The rows the calls aggregate: the window's input, under the windows below it whose columns
 * they do not read (a window keeps every row and column of its input) — so that the aggregates
 * of a second partitioning read the file, not the first's join (`sum(v) over (partition by k)`
 * beside `sum(v) over ()`: three reads, not four).
 */
function rowsUnder(w: WindowNode, calls: readonly WindowCall[]): LogicalPlan {
  const reads = [...w.partitionBy, ...calls.flatMap((c) => (c.arg === null ? [] : [c.arg]))];
  let rows = w.input;
  while (rows.kind === 'window') {
    const below = new Set(schemaOf(rows.input).map((f) => f.name));
    if (!reads.every((n) => below.has(n))) break;
    rows = rows.input;
  }
  return rows;
}

/** The aggregate expression of a whole-partition call, under the call's column name. */
function aggregateOf(c: WindowCall): ExprNode {
  const agg: ExprNode = {
    kind: 'agg',
    fn: c.fn as AggFn,
    arg: c.arg === null ? { kind: 'wildcard' } : col(c.arg),
    ...(c.ddof !== undefined ? { ddof: c.ddof } : {}),
    ...(c.q !== undefined ? { q: c.q } : {}),
    ...(c.sep !== undefined ? { sep: c.sep } : {}),
  };
  return { kind: 'alias', arg: agg, name: c.name };
}

/** Top down: a window's aggregates read the rows under the windows below it, before those are rewritten. */
function rewrite(plan: LogicalPlan): LogicalPlan {
  if (plan.kind !== 'window') return mapInputs(plan, rewrite);
  const w = plan;
  const whole = w.calls.filter(isWholeAggregate);
  const rows = rowsUnder(w, whole);
  if (whole.length === 0 || !joinable(w.partitionBy, rows)) return mapInputs(w, rewrite);
  const rest = w.calls.filter((c) => !isWholeAggregate(c));
  const names = schemaOf(w).map((f) => f.name);
  const input = rewrite(w.input);
  let left: LogicalPlan = rest.length > 0 ? { ...w, input, calls: rest } : input;
  let right: LogicalPlan = { kind: 'aggregate', input: rows, keys: w.partitionBy.map(col), aggs: whole.map(aggregateOf), keepNullKeys: true };
  let on = w.partitionBy;
  if (on.length === 0) {
    // one group: joined on a constant column both sides get
    let all = '__window_all';
    while (names.includes(all)) all = `_${all}`;
    const one: ExprNode = { kind: 'alias', arg: { kind: 'lit', value: 1, dtype: 'int64' }, name: all };
    left = { kind: 'project', input: left, exprs: [one], mode: 'with' };
    right = { kind: 'project', input: right, exprs: [one], mode: 'with' };
    on = [all];
  }
  const join: LogicalPlan = { kind: 'join', left, right, leftOn: on, rightOn: on, how: 'left', suffix: '_right', nullsEqual: true, rereadsLeft: true };
  // the window's columns in its order (the join puts the other calls' first, and adds the constant)
  const joined = schemaOf(join).map((f) => f.name);
  if (joined.length === names.length && joined.every((n, i) => n === names[i])) return join;
  return { kind: 'project', input: join, exprs: names.map(col), mode: 'select' };
}

export const windowAsAggregate: OptimizerRule = { name: 'window-as-aggregate', rewrite };
