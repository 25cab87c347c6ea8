/** count: the number of non-null values per group (pandas' count; NaN from arithmetic is a value). */
import type { Column } from '../column.js';
import { growF64, nextCapacity } from './grow.js';
import { partCap, splitF64 } from './split-groups.js';
import type { AggSpec, Reduction } from './reduction.js';

export interface CountState {
  cap: number;
  count: Float64Array;
}

export function createCounts(): CountState {
  return { cap: 16, count: new Float64Array(16) };
}

export function growCounts(s: CountState, n: number): void {
  if (n <= s.cap) return;
  s.cap = nextCapacity(s.cap, n);
  s.count = growF64(s.count, s.cap);
}

export function mergeCounts(s: CountState, other: CountState, map: Int32Array, otherGroups: number, ngroups: number): void {
  growCounts(s, ngroups);
  for (let j = 0; j < otherGroups; j++) {
    const g = map[j];
    if (g >= 0) s.count[g] += other.count[j];
  }
}

/** The counts cut by group in one pass (Reduction.split). */
export function splitCounts(s: CountState, part: Int32Array, local: Int32Array, sizes: Int32Array): CountState[] {
  const counts = splitF64(s.count, part, local, sizes);
  return Array.from(sizes, (n, b) => ({ cap: partCap(n), count: counts[b] }));
}

export function countsColumn(s: CountState, n: number): Column {
  growCounts(s, n);
  return { dtype: 'int64', length: n, values: s.count.slice(0, n), valid: null };
}

export const count: Reduction<CountState> = {
  fn: 'count',
  arity: 1,
  inputs: 'any',
  outputType: () => 'int64',
  create: createCounts,
  reserve: growCounts,
  update(s, _call: AggSpec, gids, args, n, ngroups, one = -1) {
    growCounts(s, ngroups);
    const count = s.count;
    const valid = args[0]?.valid ?? null;
    if (one >= 0) count[one] += valid === null ? n : countValid(valid, n);
    else if (valid === null) for (let i = 0; i < n; i++) { const g = gids[i]; if (g >= 0) count[g]++; }
    else for (let i = 0; i < n; i++) { const g = gids[i]; if (g >= 0 && valid[i] === 1) count[g]++; }
  },
  merge: (s, _call, other, map, otherGroups, ngroups) => mergeCounts(s, other, map, otherGroups, ngroups),
  split: (s, _call, part, local, sizes) => splitCounts(s, part, local, sizes),
  finalize: (s, _call, n) => countsColumn(s, n),
  estimatedBytes: (s) => s.count.byteLength,
};

/** How many of the first n rows are present (valid[i] === 1). */
function countValid(valid: Uint8Array, n: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) c += valid[i] === 1 ? 1 : 0;
  return c;
}
