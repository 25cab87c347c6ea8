/**
 * A growable list of (group id, value) pairs in two typed arrays, for reductions that must keep
 * every value rather than a running summary (median/quantile): 12 bytes a value, no per-group
 * JS arrays. At finalize the values are bucketed by group with a counting sort on the group id
 * (O(n)).
 */
import { growF64, growI32, nextCapacity } from './grow.js';
import { sharedFloat64, sharedInt32 } from '../shared-arrays.js';

export interface GroupValues {
  len: number;
  gid: Int32Array;
  val: Float64Array;
}

export function createGroupValues(): GroupValues {
  return { len: 0, gid: new Int32Array(0), val: new Float64Array(0) };
}

/** Makes room for `extra` more pairs. */
export function reserve(s: GroupValues, extra: number): void {
  const need = s.len + extra;
  if (need <= s.gid.length) return;
  const cap = nextCapacity(s.gid.length, Math.max(need, 1024));
  s.gid = growI32(s.gid, cap);
  s.val = growF64(s.val, cap);
}

/** Appends the other list's pairs whose group maps to one of ours (map[j] < 0 drops group j). */
export function appendMapped(s: GroupValues, other: GroupValues, map: Int32Array): void {
  // an empty list taking part of another (one bucket of a split partial: p of them take turns)
  // counts its pairs first: room for all of `other` made each of a map task's p pieces as large
  // as the whole partial, and pieces are sent and spilled whole (db-benchmark q6: 15 × 7.6 MB a task)
  reserve(s, s.len === 0 ? mappedCount(other, map) : other.len);
  let k = s.len;
  for (let i = 0; i < other.len; i++) {
    const g = map[other.gid[i]];
    if (g < 0) continue;
    s.gid[k] = g;
    s.val[k++] = other.val[i];
  }
  s.len = k;
}

function mappedCount(other: GroupValues, map: Int32Array): number {
  let c = 0;
  for (let i = 0; i < other.len; i++) if (map[other.gid[i]] >= 0) c++;
  return c;
}

/** The pairs cut into parts by group in two passes (count, then place): pair (g, v) goes to part[g] as (local[g], v), in order. */
export function splitGroupValues(s: GroupValues, part: Int32Array, local: Int32Array, parts: number): GroupValues[] {
  const counts = new Int32Array(parts);
  for (let i = 0; i < s.len; i++) counts[part[s.gid[i]]]++;
  // each part crosses to one reduce task: in shared memory, passed on without a copy (shared-arrays.ts)
  const out: GroupValues[] = Array.from(counts, (n) => ({ len: 0, gid: sharedInt32(n), val: sharedFloat64(n) }));
  for (let i = 0; i < s.len; i++) {
    const g = s.gid[i];
    const o = out[part[g]];
    o.gid[o.len] = local[g];
    o.val[o.len++] = s.val[i];
  }
  return out;
}

export interface GroupBuckets {
  /** Group g's values are values[offsets[g] .. offsets[g + 1]), in their order of arrival. */
  offsets: Int32Array;
  values: Float64Array;
}

/** The values bucketed by group (every gid < ngroups). */
export function bucketByGroup(s: GroupValues, ngroups: number): GroupBuckets {
  const { len, gid, val } = s;
  const offsets = new Int32Array(ngroups + 1);
  for (let i = 0; i < len; i++) offsets[gid[i] + 1]++;
  for (let g = 0; g < ngroups; g++) offsets[g + 1] += offsets[g];
  const pos = offsets.slice(0, ngroups);
  const values = new Float64Array(len);
  for (let i = 0; i < len; i++) values[pos[gid[i]]++] = val[i];
  return { offsets, values };
}

export function groupValuesBytes(s: GroupValues): number {
  return s.gid.byteLength + s.val.byteLength;
}
