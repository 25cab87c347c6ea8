/**
 * var and std with `ddof` (pandas' default 1): Welford updates within a partition, Chan's
 * pairwise merge across partitions, so large offsets (1e9 + small spread) lose no precision.
 * Null when a group has ddof values or fewer. Wide int64 values are read as float64, like pandas.
 */
import type { Column } from '../column.js';
import { growF64, nextCapacity } from './grow.js';
import type { AggSpec, Reduction } from './reduction.js';

export interface VarState {
  cap: number;
  count: Float64Array;
  mean: Float64Array;
  m2: Float64Array;
}

function create(): VarState {
  return { cap: 16, count: new Float64Array(16), mean: new Float64Array(16), m2: new Float64Array(16) };
}

function grow(s: VarState, n: number): void {
  if (n <= s.cap) return;
  s.cap = nextCapacity(s.cap, n);
  s.count = growF64(s.count, s.cap);
  s.mean = growF64(s.mean, s.cap);
  s.m2 = growF64(s.m2, s.cap);
}

function update(s: VarState, _call: AggSpec, gids: Int32Array, args: readonly (Column | null)[], n: number, ngroups: number): void {
  grow(s, ngroups);
  const col = args[0]!;
  const valid = col.valid;
  const v = col.values instanceof BigInt64Array ? Float64Array.from(col.values.subarray(0, n), Number) : col.values;
  const { count, mean, m2 } = s;
  for (let i = 0; i < n; i++) {
    const g = gids[i];
    if (g < 0 || (valid !== null && valid[i] === 0)) continue;
    const x = v[i] as number;
    const c = ++count[g];
    const d = x - mean[g];
    mean[g] += d / c;
    m2[g] += d * (x - mean[g]);
  }
}

function merge(s: VarState, _call: AggSpec, other: VarState, map: Int32Array, otherGroups: number, ngroups: number): void {
  grow(s, ngroups);
  for (let j = 0; j < otherGroups; j++) {
    const g = map[j];
    const nb = other.count[j];
    if (g < 0 || nb === 0) continue;
    const na = s.count[g];
    if (na === 0) {
      s.mean[g] = other.mean[j];
      s.m2[g] = other.m2[j];
    } else {
      const nTot = na + nb;
      const d = other.mean[j] - s.mean[g];
      s.mean[g] += (d * nb) / nTot;
      s.m2[g] += other.m2[j] + (d * d * na * nb) / nTot;
    }
    s.count[g] = na + nb;
  }
}

function varOrStd(isStd: boolean): Reduction<VarState> {
  return {
    fn: isStd ? 'std' : 'var',
    arity: 1,
    inputs: 'numeric',
    outputType: () => 'float64',
    create,
    update,
    merge,
    finalize(s, call, n) {
      grow(s, n);
      const out = new Float64Array(n);
      const valid = new Uint8Array(n);
      for (let g = 0; g < n; g++) {
        if (s.count[g] <= call.ddof) continue;
        const variance = Math.max(0, s.m2[g] / (s.count[g] - call.ddof));
        out[g] = isStd ? Math.sqrt(variance) : variance;
        valid[g] = 1;
      }
      return { dtype: 'float64', length: n, values: out, valid };
    },
    estimatedBytes: (s) => s.count.byteLength * 3,
  };
}

export const variance = varOrStd(false);
export const std = varOrStd(true);
