/**
 * Test helpers for reductions (kernels/reductions/): tiny columns from JS values, and a driver
 * that runs a reduction the way the engine does — one state per partition, each updated batch
 * by batch with the partition's own group numbering, then merged into a fresh state in
 * partition order through group maps — so every spec test also exercises merge.
 */
import { valueAt, type Column } from '../kernels/column.js';
import type { AggSpec, Reduction } from '../kernels/reductions/reduction.js';

export const f64 = (xs: readonly (number | null)[]): Column => ({
  dtype: 'float64', length: xs.length, values: Float64Array.from(xs, (x) => x ?? 0), valid: validity(xs),
});

/** int64 as the scanner makes it: Float64Array, or BigInt64Array when a value is a bigint. */
export const i64 = (xs: readonly (number | bigint | null)[]): Column => ({
  dtype: 'int64',
  length: xs.length,
  values: xs.some((x) => typeof x === 'bigint') ? BigInt64Array.from(xs, (x) => BigInt(x ?? 0)) : Float64Array.from(xs, (x) => Number(x ?? 0)),
  valid: validity(xs),
});

export const bools = (xs: readonly (boolean | null)[]): Column => ({
  dtype: 'bool', length: xs.length, values: Uint8Array.from(xs, (x) => (x ? 1 : 0)), valid: validity(xs),
});

/** A string column with a dictionary in first-seen order (a batch's own dictionary). */
export const strs = (xs: readonly (string | null)[]): Column => {
  const dict: string[] = [];
  const codes = Int32Array.from(xs, (x) => {
    if (x === null) return 0;
    let k = dict.indexOf(x);
    if (k < 0) { k = dict.length; dict.push(x); }
    return k;
  });
  return { dtype: 'string', length: xs.length, values: codes, valid: validity(xs), dict };
};

function validity(xs: readonly unknown[]): Uint8Array | null {
  return xs.includes(null) ? Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) : null;
}

/** One batch of a partition: global group ids per row (-1 skips the row) and the input columns. */
export interface TestBatch {
  gids: readonly number[];
  args: readonly Column[];
}

/**
 * Runs `r` over partitions (each a list of batches) and returns the finalized column for
 * groups 0..ngroups-1. Inside a partition, groups are numbered in first-seen order, like a
 * GroupIndex; merges map them back to the global ids, in partition order. A batch whose rows
 * are all in one group is passed it as `one`, as the aggregate sink does.
 */
export function reduce<S>(r: Reduction<S>, call: AggSpec, partitions: readonly (readonly TestBatch[])[], ngroups: number, name = 'x', reserve = 0): Column {
  const total = r.create(call);
  for (const batches of partitions) {
    const s = r.create(call);
    // room made ahead for `reserve` groups, as a partial expected to hold them is (aggregate-sink.ts)
    if (reserve > 0) r.reserve?.(s, reserve);
    const local = new Map<number, number>();
    const globalOf: number[] = [];
    for (const b of batches) {
      const gids = Int32Array.from(b.gids, (g) => {
        if (g < 0) return -1;
        let l = local.get(g);
        if (l === undefined) { l = globalOf.length; local.set(g, l); globalOf.push(g); }
        return l;
      });
      r.update(s, call, gids, b.args, gids.length, globalOf.length, oneGroup(gids));
    }
    // partials cross threads: merge a structured clone, as the engine does
    r.merge(total, call, structuredClone(s), Int32Array.from(globalOf), globalOf.length, ngroups);
  }
  return r.finalize(total, call, ngroups, name);
}

/** The group of every row when they share one (not -1), else -1: what GroupIndex.uniform says. */
export function oneGroup(gids: Int32Array): number {
  return gids.length > 0 && gids[0] >= 0 && gids.every((g) => g === gids[0]) ? gids[0] : -1;
}

/** A column's values as JS values (null for null). */
export function cells(c: Column): (number | bigint | string | boolean | null)[] {
  return Array.from({ length: c.length }, (_, i) => valueAt(c, i));
}
