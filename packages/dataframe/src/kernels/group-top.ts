/**
 * The first n rows of each group in a sort order: `sort(by).groupBy(keys).head(n)` without
 * sorting every row of the input. Rows are ordered by the sort keys (stable: equal keys keep
 * their order in the batch) and each group keeps its first n in that order; rows whose key is
 * null are dropped unless null keys are kept (one more group).
 *
 * Used on both sides of the exchange (physical/sinks/partition-sink.ts prunes each map task's
 * rows to its n best per group; group-head-sink.ts picks the n best among the survivors), which
 * gives the answer of the full sort: a row among the n best of its group overall is among the n
 * best of its group in its own task, and ties are broken by input order on both sides.
 */
import type { Column } from './column.js';
import { GroupIndex } from './group-index.js';
import { sortPermutation } from './sort.js';
import type { DType } from '../types/dtype.js';

export interface GroupTopSpec {
  keyTypes: readonly DType[];
  keepNullKeys: boolean;
  /** Order of the rows within a group. */
  descending: readonly boolean[];
  nullsLast: boolean;
  n: number;
}

/** Row indices of the first `spec.n` rows of each group in sort order, listed in that order. */
export function groupTop(keys: readonly Column[], by: readonly Column[], length: number, spec: GroupTopSpec): Int32Array {
  const order = sortPermutation(by, spec.descending, spec.nullsLast);
  const gids = new GroupIndex(spec.keyTypes, spec.keepNullKeys).map(keys, length);
  const taken = new Int32Array(length);
  const kept = new Int32Array(length);
  let m = 0;
  for (let j = 0; j < length; j++) {
    const i = order[j];
    const g = gids[i];
    if (g >= 0 && taken[g] < spec.n) {
      taken[g]++;
      kept[m++] = i;
    }
  }
  return kept.subarray(0, m);
}
