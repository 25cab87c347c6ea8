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
import { sortPermutation, takeColumn } from './sort.js';
import type { DType } from '../types/dtype.js';

export interface GroupTopSpec {
  keyTypes: readonly DType[];
  keepNullKeys: boolean;
  /** Order of the rows within a group. */
  descending: readonly boolean[];
  nullsLast: boolean;
  n: number;
}

/**
 * Row indices of the first `spec.n` rows of each group in sort order, listed in that order — or,
 * with `inputOrder`, in the order of the rows (the map side keeps them so for the exchange: its
 * kept rows were sorted by value only to be sorted back by row, ~0.35 s of a worker in q8).
 */
export function groupTop(keys: readonly Column[], by: readonly Column[], length: number, spec: GroupTopSpec, inputOrder = false): Int32Array {
  const index = new GroupIndex(spec.keyTypes, spec.keepNullKeys);
  const gids = index.map(keys, length);
  // its table of n slots a group (a row and its value: 12 bytes a slot) is held only while it has
  // at most two slots a row: at most 24 bytes a row, beside the sort's two 4-byte arrays of the rows
  const fast = by.length === 1 && spec.n <= MAX_FAST_N && index.size * spec.n <= 2 * length ? plainNumbers(by[0], length) : null;
  if (fast !== null) return bestOfEachGroup(by[0], fast, gids, index.size, length, spec, inputOrder);
  const order = sortPermutation(by, spec.descending, spec.nullsLast);
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
  return inputOrder ? kept.subarray(0, m).sort() : kept.subarray(0, m);
}

/**
 * Where x goes among the c values of a group held best first at held[o + 1 …] (its count at
 * held[o]): after every one at least as good — ties go to the earlier rows. bestOfEachGroup's
 * and GroupTopBound's layout.
 */
export function placeAmong(held: Float64Array, o: number, c: number, x: number, desc: boolean): number {
  let at = c;
  while (at > 0 && (desc ? x > held[o + at] : x < held[o + at])) at--;
  return at;
}

/** Rows kept per group past which groupTop sorts every row instead (its per-group table is n slots a group). */
const MAX_FAST_N = 16;

/**
 * A number column's values when it has no null, no NaN and no -0 in its first `length` rows (the
 * sort orders -0 before 0, which compare equal), else null.
 */
export function plainNumbers(c: Column, length: number): Float64Array | Int32Array | null {
  const v = c.values;
  if (c.dtype === 'string' || c.dtype === 'bool' || !(v instanceof Float64Array || v instanceof Int32Array)) return null;
  const valid = c.valid;
  for (let i = 0; i < length; i++) {
    if (valid !== null && valid[i] === 0) return null;
    const x = v[i];
    if (x !== x || (x === 0 && 1 / x < 0)) return null;
  }
  return v;
}

/**
 * groupTop for one sort key of plain numbers (no nulls, no NaN: db-benchmark q8's v3): each
 * group's first n rows in the order (value, then row) are kept as the rows go — a row displaces
 * a kept one only when strictly better, so ties keep input order, as the stable sort does — and
 * only the kept rows are sorted. A task's rows were all sorted before (four 16-bit radix passes
 * over every row of the batch: 0.85 s of a worker's 3.4 s in q8, for 2 rows of each of 100 k
 * groups).
 */
function bestOfEachGroup(by: Column, v: Float64Array | Int32Array, gids: Int32Array, groups: number, length: number, spec: GroupTopSpec, inputOrder: boolean): Int32Array {
  const n = spec.n;
  const desc = spec.descending[0] ?? false;
  // per group, its kept rows in order (best first), and beside them in `kept` how many there are
  // followed by their values: a row is compared with the kept values without a random read of
  // the batch's column for each (that dependent load was most of the loop's time), and a group's
  // count and values share a cache line (in two arrays, a row waited on two misses: 100 k groups)
  const stride = n + 1;
  const best = new Int32Array(groups * n);
  const kept = new Float64Array(groups * stride);
  keepBest(gids, v, best, kept, n, stride, desc, length);
  const rows = keptRows(best, kept, groups, n, stride);
  // by row, and unless the rows' own order is asked for, then by value (ties: by row)
  rows.sort();
  if (inputOrder) return rows;
  const order = sortPermutation([takeColumn(by, rows)], [desc], spec.nullsLast);
  const out = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = rows[order[k]];
  return out;
}

// bestOfEachGroup's loops, functions of their own: nothing after them that V8's on-stack code
// would stop at (PROFILE.md, "code after a long loop")

function keepBest(gids: Int32Array, v: Float64Array | Int32Array, best: Int32Array, kept: Float64Array, n: number, stride: number, desc: boolean, length: number): void {
  for (let i = 0; i < length; i++) {
    const g = gids[i];
    if (g < 0) continue;
    const x = v[i];
    const base = g * n;
    const o = g * stride;
    let c = kept[o] | 0;
    const at = placeAmong(kept, o, c, x, desc);
    if (at >= n) continue;
    if (c < n) c++;
    for (let k = c - 1; k > at; k--) { best[base + k] = best[base + k - 1]; kept[o + 1 + k] = kept[o + k]; }
    best[base + at] = i;
    kept[o + 1 + at] = x;
    kept[o] = c;
  }
}

/** The kept rows of every group, group after group. */
function keptRows(best: Int32Array, kept: Float64Array, groups: number, n: number, stride: number): Int32Array {
  const rows = new Int32Array(countKept(kept, groups, stride));
  fillKept(rows, best, kept, groups, n, stride);
  return rows;
}

function countKept(kept: Float64Array, groups: number, stride: number): number {
  let m = 0;
  for (let g = 0; g < groups; g++) m += kept[g * stride];
  return m;
}

function fillKept(rows: Int32Array, best: Int32Array, kept: Float64Array, groups: number, n: number, stride: number): void {
  let j = 0;
  for (let g = 0; g < groups; g++) for (let k = 0, c = kept[g * stride]; k < c; k++) rows[j++] = best[g * n + k];
}
