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
  /**
   * Other lists merged in but not copied (mergeLater): list j's pair (g, v) is ours as
   * (maps[j][g], v), dropped where that is -1. A reduce's partials were appended into one list
   * and then bucketed by group, every value written twice; bucketByGroup reads them in place.
   */
  later: { list: GroupValues; map: Int32Array }[];
}

export function createGroupValues(): GroupValues {
  return { len: 0, gid: new Int32Array(0), val: new Float64Array(0), later: [] };
}

/**
 * Merges `other` (its groups through map[0 .. otherGroups)) without copying its values when the
 * map keeps most of its groups (a reduce merging whole partials): kept by reference, with a copy
 * of the map (the caller reuses its array), and what `other` itself merged so, its maps composed
 * with ours. A map that keeps few (a sorted aggregate carrying its last group into a fresh state)
 * copies them: a reference would keep the whole list alive for a handful of values.
 */
export function mergeLater(s: GroupValues, other: GroupValues, map: Int32Array, otherGroups: number): void {
  const own = map.slice(0, otherGroups);
  let kept = 0;
  for (let g = 0; g < otherGroups; g++) if (own[g] >= 0) kept++;
  if (kept * 2 < otherGroups) {
    appendMapped(s, other, own);
    for (const l of other.later) appendMapped(s, l.list, composed(l.map, own));
    return;
  }
  if (other.len > 0) s.later.push({ list: { len: other.len, gid: other.gid, val: other.val, later: [] }, map: own });
  for (const l of other.later) s.later.push({ list: l.list, map: composed(l.map, own) });
}

/** `inner` then `outer`: group g goes to outer[inner[g]] (-1 stays -1). */
function composed(inner: Int32Array, outer: Int32Array): Int32Array {
  return Int32Array.from(inner, (g) => (g < 0 ? -1 : outer[g]));
}

/** The values merged by reference appended into the list itself (before a split, which cuts the list). */
export function settle(s: GroupValues): void {
  const later = s.later;
  s.later = [];
  for (const l of later) appendMapped(s, l.list, l.map);
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
  const out: GroupValues[] = Array.from(counts, (n) => ({ len: 0, gid: sharedInt32(n), val: sharedFloat64(n), later: [] }));
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

/** The values bucketed by group (every gid < ngroups): the list's own, then those merged by reference, each through its map. */
export function bucketByGroup(s: GroupValues, ngroups: number): GroupBuckets {
  const { len, gid, val } = s;
  const offsets = new Int32Array(ngroups + 1);
  for (let i = 0; i < len; i++) offsets[gid[i] + 1]++;
  for (const { list, map } of s.later) {
    const lg = list.gid;
    for (let i = 0; i < list.len; i++) { const g = map[lg[i]]; if (g >= 0) offsets[g + 1]++; }
  }
  for (let g = 0; g < ngroups; g++) offsets[g + 1] += offsets[g];
  const pos = offsets.slice(0, ngroups);
  const values = new Float64Array(offsets[ngroups]);
  for (let i = 0; i < len; i++) values[pos[gid[i]]++] = val[i];
  for (const { list, map } of s.later) {
    const lg = list.gid;
    const lv = list.val;
    for (let i = 0; i < list.len; i++) { const g = map[lg[i]]; if (g >= 0) values[pos[g]++] = lv[i]; }
  }
  return { offsets, values };
}

export function groupValuesBytes(s: GroupValues): number {
  let bytes = s.gid.byteLength + s.val.byteLength;
  for (const { list, map } of s.later) bytes += 12 * list.len + map.byteLength;
  return bytes;
}
