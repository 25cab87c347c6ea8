/**
 * The contract of one grouped reduction (sum, median, corr, …): the sink → combine → finalize
 * lifecycle of an aggregate, per group.
 *
 *   create    — an empty state; it grows with the number of groups (or values) it sees
 *   update    — fold a batch's rows into the state (inside a worker); gids[i] < 0 skips row i
 *   merge     — fold another partial's state in; map[j] is the group in `s` of the other's
 *               group j (-1 drops it). Merges come in PARTITION ORDER: `s` holds earlier rows
 *               than `other`, which first/last rely on.
 *   split     — (optional) cut a state into p by group in one pass; without it a partial split
 *               by key hash merges each part's groups out of the whole state (p passes)
 *   finalize  — the result column, one value per group
 *
 * A state is plain, structured-cloneable data (numbers, typed arrays, arrays, strings, bigints),
 * never a class instance or a closure: partials cross threads (typed arrays are transferred) and
 * can be spilled with v8.serialize. Adding an aggregate is one file here plus one line in
 * index.ts (and its name in plan/expr-node.ts's AggFn).
 */
import type { AggFn } from '../../plan/expr-node.js';
import type { DType } from '../../types/dtype.js';
import type { Column } from '../column.js';

/** What a reduction needs to know about one call: its function, input types and parameters. */
export interface AggSpec {
  fn: AggFn;
  /** dtype of the (first) input; null for size (count of rows). */
  input: DType | null;
  /** dtype of the second input, for two-input reductions (corr). */
  input2?: DType | null;
  /** Delta degrees of freedom of var/std (pandas' default 1). */
  ddof: number;
  /** The quantile in [0, 1], for quantile. */
  q?: number;
  /** The separator of stringAgg. */
  sep?: string;
}

export interface Reduction<S> {
  readonly fn: AggFn;
  /** How many input expressions a call takes (size: 1, its argument is ignored; corr: 2). */
  readonly arity: 1 | 2;
  /** Which input types a call accepts; plan/resolve.ts reports the mismatch before any I/O. */
  readonly inputs: 'numeric' | 'any';
  /**
   * Its value depends on the order of the rows (first, last, a string join), not only on the
   * values: a plan that reads the rows in another order (tasks claiming ranges of a file) or
   * from elsewhere (a window's aggregate joined back) must not use it.
   */
  readonly followsRowOrder?: true;
  outputType(call: AggSpec): DType;
  create(call: AggSpec): S;
  /**
   * `args[k]` is the k-th input evaluated over the batch (null for size). `one` ≥ 0 says every
   * row is in group `one` (gids hold it n times): a reduction may fold the batch without reading them.
   */
  update(s: S, call: AggSpec, gids: Int32Array, args: readonly (Column | null)[], n: number, ngroups: number, one?: number): void;
  merge(s: S, call: AggSpec, other: S, map: Int32Array, otherGroups: number, ngroups: number): void;
  /**
   * The state cut into `sizes.length` states: group g goes to state part[g] as its group local[g]
   * (each part's groups keep their order; sizes[b] is part b's group count). Optional — worth it
   * where a merge's pass is over values, not groups (median keeps every value).
   */
  split?(s: S, call: AggSpec, part: Int32Array, local: Int32Array, sizes: Int32Array): S[];
  /** `name` names the input in error messages (e.g. an int64 sum overflow). */
  finalize(s: S, call: AggSpec, n: number, name: string): Column;
  /**
   * Room for `n` groups made ahead (a partial that will hold every group of a key the sample
   * estimated): the state's arrays allocated once, not doubled up to it. Optional — a hint.
   */
  reserve?(s: S, n: number): void;
  /** Bytes the state holds, for the memory budget (an estimate, not a measurement). */
  estimatedBytes(s: S, ngroups: number): number;
}
