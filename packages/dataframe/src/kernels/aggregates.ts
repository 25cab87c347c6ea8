/**
 * Grouped aggregates, by name: thin dispatchers over the reductions registry
 * (kernels/reductions/), with the three verbs of a partial/final split:
 *   update   — evaluate a call's inputs over a batch and fold its rows into per-group state
 *              (inside a worker)
 *   merge    — fold another partial's state into this one (when combining partials, in
 *              partition order)
 *   finalize — turn state into the result column
 * States are plain structured-cloneable data, so partials cross threads by transfer and can be
 * spilled. Semantics (pandas) are documented in each reduction's file.
 */
import type { AggCall } from '../physical/pipeline-spec.js';
import type { DType } from '../types/dtype.js';
import type { Batch } from './batch.js';
import type { Column } from './column.js';
import { evalExpr } from './eval-expr.js';
import { reductionFor, type AggSpec } from './reductions/index.js';

export type { AggSpec } from './reductions/index.js';

/** A reduction's state, opaque here: only the reduction that created it reads it. */
export type AggState = object;

export function aggOutputType(spec: AggSpec): DType {
  return reductionFor(spec.fn).outputType(spec);
}

/** How many inputs the aggregate takes and which types it accepts (plan/resolve.ts checks them). */
export function aggSignature(spec: Pick<AggSpec, 'fn'>): { arity: 1 | 2; inputs: 'numeric' | 'any' } {
  const r = reductionFor(spec.fn);
  return { arity: r.arity, inputs: r.inputs };
}

export function createState(spec: AggSpec): AggState {
  return reductionFor(spec.fn).create(spec);
}

/** Room for `groups` groups in the state, made ahead where the reduction can (Reduction.reserve). */
export function reserveState(s: AggState, spec: AggSpec, groups: number): void {
  reductionFor(spec.fn).reserve?.(s, groups);
}

/** Folds n rows of the batch into the state. gids[i] < 0 skips row i; `one` ≥ 0: every row is in that group. */
export function update(s: AggState, call: AggCall, gids: Int32Array, batch: Batch, n: number, ngroups: number, one = -1): void {
  const args: (Column | null)[] = [call.arg ? evalExpr(call.arg, batch) : null];
  if (call.arg2) args.push(evalExpr(call.arg2, batch));
  reductionFor(call.fn).update(s, call, gids, args, n, ngroups, one);
}

/** Folds `other` into `s`; map[j] is the group in `s` of group j of `other` (-1 = drop). */
export function merge(s: AggState, spec: AggSpec, other: AggState, map: Int32Array, otherGroups: number, ngroups: number): void {
  reductionFor(spec.fn).merge(s, spec, other, map, otherGroups, ngroups);
}

/** The state cut into parts by group in one pass, when the reduction can (else null: merge each part out of it). */
export function split(s: AggState, spec: AggSpec, part: Int32Array, local: Int32Array, sizes: Int32Array): AggState[] | null {
  const r = reductionFor(spec.fn);
  return r.split ? r.split(s, spec, part, local, sizes) : null;
}

/** The result column for groups 0..n-1; `name` names the input in error messages. */
export function finalize(s: AggState, spec: AggSpec, n: number, name: string): Column {
  return reductionFor(spec.fn).finalize(s, spec, n, name);
}

/** Bytes the state holds (an estimate, for the memory budget). */
export function estimatedBytes(s: AggState, spec: AggSpec, ngroups: number): number {
  return reductionFor(spec.fn).estimatedBytes(s, ngroups);
}
