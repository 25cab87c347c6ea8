/**
 * The logical plan: what to compute, as plain data. Built by the api, rewritten by the
 * optimizer, lowered to tasks by physical/.
 */
import type { SourceDescriptor } from '../io/source.js';
import type { AggFn, DtField, ExprNode, WindowFn, WindowFrame } from './expr-node.js';
import type { ScanRequest } from '../io/source.js';
import type { DType } from '../types/dtype.js';

export interface ScanNode {
  kind: 'scan';
  /** What to read: plain data whose `format` names its reader (io/source.ts). */
  source: SourceDescriptor;
  blocksize: number;
  /** The blocksize is the reader's default, not the user's: a plan may read larger partitions (physical/aggregate-partitions.ts). */
  autoBlocksize?: boolean;
  /** Columns to materialize (projection pushdown); null = all. */
  columns: string[] | null;
  /** Calendar parts taken straight from a timestamp column's digits (dt-field pushdown; sources that can). */
  parts: Record<string, DtField[]>;
  /** Columns nothing above compares, only carries to the output (optimizer/carried-columns.ts); absent: none known. */
  carried?: string[];
}

export interface FilterNode { kind: 'filter'; input: LogicalPlan; predicate: ExprNode }

/** `select` keeps only `exprs`; `with` keeps every input column and adds or replaces `exprs`. */
export interface ProjectNode { kind: 'project'; input: LogicalPlan; exprs: ExprNode[]; mode: 'select' | 'with' }

export interface AggregateNode {
  kind: 'aggregate';
  input: LogicalPlan;
  keys: ExprNode[];
  /** Output expressions; each contains aggregate calls (`agg` nodes) over row expressions. */
  aggs: ExprNode[];
  keepNullKeys: boolean;
}

export interface SortNode { kind: 'sort'; input: LogicalPlan; by: { expr: ExprNode; descending: boolean }[]; nullsLast: boolean }

/** The rows `offset` … `offset + n - 1` of the input, in its order (offset 0 when absent). */
export interface LimitNode { kind: 'limit'; input: LogicalPlan; n: number; offset?: number }

export type JoinHow = 'inner' | 'left' | 'right' | 'outer' | 'semi' | 'anti';

/**
 * Rows of `left` and `right` whose key columns are equal (nulls never match). Output columns
 * follow Polars: the left's columns, then the right's non-key columns (a name the left already
 * has gets `suffix`); semi/anti keep the left's columns only; an outer join on equal key names
 * coalesces the keys into the left's key column.
 */
export interface JoinNode {
  kind: 'join';
  left: LogicalPlan;
  right: LogicalPlan;
  leftOn: string[];
  rightOn: string[];
  how: JoinHow;
  suffix: string;
  /** Output names of the kept right columns, pinned once the inputs may be pruned (set by the optimizer). */
  rightOut?: { name: string; out: string }[];
  /** Null keys match each other, as a grouping's do (set by the optimizer: a window's partitions joined back to their rows). */
  nullsEqual?: boolean;
  /** The right side reads the left's input again (a window's aggregates joined back): rows it skips as bad lines are the left's, counted once. */
  rereadsLeft?: boolean;
}

/** The rows of every input, one after another (inputs share one schema). */
export interface ConcatNode { kind: 'concat'; inputs: LogicalPlan[] }

/**
 * The first `n` rows of each group of equal `keys`, in input order; groups come out sorted by
 * key. `unique` is a GroupHead with n = 1 (null keys kept: they are a distinct value).
 */
export interface GroupHeadNode { kind: 'groupHead'; input: LogicalPlan; keys: ExprNode[]; n: number; keepNullKeys: boolean }

/** Columns a window's partition is ordered by. */
export interface WindowOrderBy { name: string; descending: boolean }

/**
 * One output column of a window node: a window function or an aggregate (ExprNode 'window')
 * over plain columns — `arg` names its input column (null: none, or count of rows), `orderBy`
 * orders the rows of each partition for it (rows of equal keys in input order), `fill` is
 * lag/lead's literal value where no row is that far.
 */
export interface WindowCall {
  name: string;
  fn: WindowFn | AggFn;
  arg: string | null;
  orderBy: WindowOrderBy[];
  nullsLast: boolean;
  frame: WindowFrame | null;
  n?: number;
  fill?: { value: number | string | boolean; dtype: DType } | null;
  minPeriods?: number;
  nullRank?: boolean;
  /** Null where the input is (Polars' cumulative functions keep a null row null). */
  nullWhereNull?: boolean;
  ddof?: number;
  q?: number;
  sep?: string;
}

/**
 * Every input row, with a column a call: the rows of equal `partitionBy` columns are one
 * partition (one exchange for all the calls, whatever their orders). Rows come out bucket by
 * bucket of the exchange, each bucket's in input order (kernels/window.ts); without partition
 * columns, in input order.
 */
export interface WindowNode {
  kind: 'window';
  input: LogicalPlan;
  partitionBy: string[];
  calls: WindowCall[];
}

export type LogicalPlan = ScanNode | FilterNode | ProjectNode | AggregateNode | SortNode | LimitNode | JoinNode | ConcatNode | GroupHeadNode | WindowNode;

/** The plan's inputs, left to right: the one generic way rules and planners walk the tree. */
export function inputsOf(plan: LogicalPlan): LogicalPlan[] {
  switch (plan.kind) {
    case 'scan': return [];
    case 'join': return [plan.left, plan.right];
    case 'concat': return plan.inputs;
    default: return [plan.input];
  }
}

/** The same node over other inputs (as many as `inputsOf` gave). */
export function withInputs(plan: LogicalPlan, inputs: readonly LogicalPlan[]): LogicalPlan {
  switch (plan.kind) {
    case 'scan': return plan;
    case 'join': return { ...plan, left: inputs[0], right: inputs[1] };
    case 'concat': return { ...plan, inputs: [...inputs] };
    default: return { ...plan, input: inputs[0] } as LogicalPlan;
  }
}

/** Rewrites every input with `f` (children first is up to `f`). */
export function mapInputs(plan: LogicalPlan, f: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  const inputs = inputsOf(plan);
  return inputs.length === 0 ? plan : withInputs(plan, inputs.map(f));
}

/**
 * This node's own expressions (not its inputs') passed through `f`, with the input they are
 * evaluated over: a filter's predicate, a projection's expressions, sort keys, an aggregate's
 * keys and outputs, group heads' keys. The rewrites that touch every expression take it, so a
 * node kind that holds expressions is added in one place.
 */
export function mapNodeExprs(plan: LogicalPlan, f: (e: ExprNode, input: LogicalPlan) => ExprNode): LogicalPlan {
  switch (plan.kind) {
    case 'filter': return { ...plan, predicate: f(plan.predicate, plan.input) };
    case 'project': return { ...plan, exprs: plan.exprs.map((e) => f(e, plan.input)) };
    case 'sort': return { ...plan, by: plan.by.map((b) => ({ ...b, expr: f(b.expr, plan.input) })) };
    case 'aggregate': return { ...plan, keys: plan.keys.map((e) => f(e, plan.input)), aggs: plan.aggs.map((e) => f(e, plan.input)) };
    case 'groupHead': return { ...plan, keys: plan.keys.map((e) => f(e, plan.input)) };
    default: return plan;
  }
}

/** Every scan of the plan, left to right. */
export function scansOf(plan: LogicalPlan, out: ScanNode[] = []): ScanNode[] {
  if (plan.kind === 'scan') out.push(plan);
  else for (const i of inputsOf(plan)) scansOf(i, out);
  return out;
}

/** Name of the scan output holding a calendar part of a timestamp column (dt-field pushdown). */
export function partColumnName(column: string, part: DtField): string {
  return `${column}::${part}`;
}

/** What a scan asks of its source; `predicate`: the filter right above it, for pruning. */
export function scanRequest(scan: ScanNode, predicate: ExprNode | null): ScanRequest {
  return { blocksize: scan.blocksize, columns: scan.columns, parts: scan.parts, predicate, ...(scan.carried ? { carried: scan.carried } : {}) };
}
