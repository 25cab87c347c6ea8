/**
 * median and quantile(q), exact: every non-null, non-NaN value is kept (group-values.ts) and
 * sorted per group at finalize. Linear interpolation between the two nearest ranks, as pandas'
 * groupby quantile (value at rank q·(n-1)); the median of an even count is the mean of the two
 * middle values. Empty or all-null groups are null. Numeric inputs; the result is float64.
 */
import type { Column } from '../column.js';
import { appendMapped, createGroupValues, groupValuesBytes, reserve, sortByGroup, type GroupValues } from './group-values.js';
import type { AggSpec, Reduction } from './reduction.js';

function update(s: GroupValues, _call: AggSpec, gids: Int32Array, args: readonly (Column | null)[], n: number): void {
  const col = args[0]!;
  const valid = col.valid;
  const v = col.values;
  reserve(s, n);
  const gid = s.gid;
  const val = s.val as Float64Array;
  let k = s.len;
  for (let i = 0; i < n; i++) {
    const g = gids[i];
    if (g < 0 || (valid !== null && valid[i] === 0)) continue;
    const x = Number(v[i]);
    if (x !== x) continue; // NaN is skipped like a null
    gid[k] = g;
    val[k] = x;
    k++;
  }
  s.len = k;
}

/** The q-quantile of the ascending values v[a..b), b > a. */
export function quantileOf(v: Float64Array, a: number, b: number, q: number, median: boolean): number {
  const n = b - a;
  if (median) {
    const m = a + (n >> 1);
    if (n % 2 === 1) return v[m];
    const x = v[m - 1];
    const y = v[m];
    const mid = (x + y) / 2;
    return Number.isFinite(mid) || !Number.isFinite(x) || !Number.isFinite(y) ? mid : x / 2 + y / 2;
  }
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const t = pos - lo;
  const x = v[a + lo];
  if (t === 0) return x;
  const y = v[a + lo + 1];
  return x === y ? x : x + (y - x) * t;
}

function finalize(s: GroupValues, call: AggSpec, n: number, median: boolean): Column {
  const { offsets, values } = sortByGroup(s, n);
  const out = new Float64Array(n);
  const valid = new Uint8Array(n);
  const q = call.q ?? 0.5;
  for (let g = 0; g < n; g++) {
    const a = offsets[g];
    const b = offsets[g + 1];
    if (b === a) continue;
    out[g] = quantileOf(values as Float64Array, a, b, q, median);
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
    merge: (s, _call, other, map) => appendMapped(s, other, map),
    finalize: (s, call, n) => finalize(s, call, n, median),
    estimatedBytes: groupValuesBytes,
  };
}

export const median = medianOrQuantile(true);
export const quantile = medianOrQuantile(false);
