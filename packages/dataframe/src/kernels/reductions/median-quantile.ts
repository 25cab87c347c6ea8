/**
 * median and quantile(q), exact: every non-null, non-NaN value is kept (group-values.ts); at
 * finalize the values are bucketed by group and the one or two ranks needed are found by
 * quickselect (O(n) expected, a sort as the fallback). Linear interpolation between the two nearest ranks, as pandas'
 * groupby quantile (value at rank q·(n-1)); the median of an even count is the mean of the two
 * middle values. Empty or all-null groups are null. Numeric inputs; the result is float64.
 */
import type { Column } from '../column.js';
import { createGroupValues, gatherRuns, groupRuns, groupValuesBytes, mergeLater, reserve, runLength, splitGroupValues, type GroupValues } from './group-values.js';
import type { AggSpec, Reduction } from './reduction.js';

function update(s: GroupValues, _call: AggSpec, gids: Int32Array, args: readonly (Column | null)[], n: number): void {
  const col = args[0]!;
  reserve(s, n);
  s.len = appendValues(gids, col.valid, col.values, n, s.gid, s.val, s.len);
}

/**
 * The valid, non-NaN values of rows with a group, appended at k (their groups beside them);
 * returns the new length. A function of its own, nothing after its loop: the on-stack code V8
 * compiles during a long first call is kept and entered again by later calls, and it stopped at
 * any code after the loop that had no feedback yet — every call (PROFILE.md, "code after a long
 * loop"; db-benchmark q6: ~140 deoptimizations a worker).
 */
function appendValues(gids: Int32Array, valid: Uint8Array | null, v: Column['values'], n: number, gid: Int32Array, val: Float64Array, k: number): number {
  for (let i = 0; i < n; i++) {
    const g = gids[i];
    if (g < 0 || (valid !== null && valid[i] === 0)) continue;
    const x = Number(v[i]);
    if (x !== x) continue; // NaN is skipped like a null
    gid[k] = g;
    val[k] = x;
    k++;
  }
  return k;
}

/**
 * The q-quantile (or the median) of the values v[a..b), b > a, which it reorders. `depth` bounds
 * quickselect's partitioning rounds before it sorts the rest (default ~2·log2 n; tests pass 0–3
 * to reach that fallback, which median-of-three pivots rarely need).
 */
export function quantileOf(v: Float64Array, a: number, b: number, q: number, median: boolean, depth = selectDepth(b - a)): number {
  const n = b - a;
  if (median) {
    const m = a + (n >> 1);
    if (n % 2 === 1) return select(v, a, b, m, depth);
    const x = select(v, a, b, m - 1, depth);
    const y = minOf(v, m, b);
    const mid = (x + y) / 2;
    return Number.isFinite(mid) || !Number.isFinite(x) || !Number.isFinite(y) ? mid : x / 2 + y / 2;
  }
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const t = pos - lo;
  const x = select(v, a, b, a + lo, depth);
  if (t === 0) return x;
  const y = minOf(v, a + lo + 1, b);
  return x === y ? x : x + (y - x) * t;
}

/**
 * Reorders v[a..b) so that v[k] is the value of rank k - a, everything before it <= v[k] and
 * everything after it >= v[k] (Hoare's quickselect, median-of-three pivots; past a depth
 * bound the remaining range is sorted instead, so the worst case stays O(n log n)).
 */
function select(v: Float64Array, a: number, b: number, k: number, depth: number): number {
  let lo = a;
  let hi = b - 1;
  let budget = depth;
  while (hi > lo) {
    if (budget-- === 0) {
      v.subarray(lo, hi + 1).sort();
      return v[k];
    }
    const x = v[lo];
    const y = v[(lo + hi) >> 1];
    const p = Math.max(Math.min(x, y), Math.min(Math.max(x, y), v[hi])); // median of three
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (v[i] < p) i++;
      while (v[j] > p) j--;
      if (i <= j) { const t = v[i]; v[i] = v[j]; v[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return v[k];
  }
  return v[k];
}

function selectDepth(n: number): number {
  return 2 * Math.ceil(Math.log2(n + 1)) + 8;
}

function minOf(v: Float64Array, a: number, b: number): number {
  let m = v[a];
  for (let i = a + 1; i < b; i++) if (v[i] < m) m = v[i];
  return m;
}

/**
 * Each group's values are its runs (group-values.ts' groupRuns): where they are one run in
 * memory of our own they are reordered there, otherwise (a reduce task's pieces, which a second
 * run of the task reads again) copied into one scratch array first — one group's worth, not
 * every value bucketed into new memory.
 */
function finalize(s: GroupValues, call: AggSpec, n: number, median: boolean): Column {
  const runs = groupRuns(s, n);
  const out = new Float64Array(n);
  const valid = new Uint8Array(n);
  const q = call.q ?? 0.5;
  const scratch = new Float64Array(runs.owned ? 0 : runs.most);
  for (let g = 0; g < n; g++) {
    const len = runLength(runs, g);
    if (len === 0) continue;
    const k = runs.start[g];
    out[g] = runs.owned && runs.start[g + 1] - k === 1 ? quantileOf(runs.lists[runs.src[k]], runs.from[k], runs.to[k], q, median) : quantileOf(scratch, 0, gatherRuns(runs, g, scratch), q, median);
    valid[g] = 1;
  }
  return { dtype: 'float64', length: n, values: out, valid };
}

function medianOrQuantile(median: boolean): Reduction<GroupValues> {
  return {
    fn: median ? 'median' : 'quantile',
    arity: 1,
    inputs: 'numeric',
    outputType: () => 'float64',
    create: createGroupValues,
    update: (s, call, gids, args, n) => update(s, call, gids, args, n),
    // by reference: finalize reads every partial's values in place (groupRuns)
    merge: (s, _call, other, map, otherGroups) => mergeLater(s, other, map, otherGroups),
    split: (s, _call, part, local, sizes) => splitGroupValues(s, part, local, sizes),
    finalize: (s, call, n) => finalize(s, call, n, median),
    estimatedBytes: groupValuesBytes,
  };
}

export const median = medianOrQuantile(true);
export const quantile = medianOrQuantile(false);
