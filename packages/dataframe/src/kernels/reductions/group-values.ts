/**
 * A growable list of (group id, value) pairs in two typed arrays, for reductions that must keep
 * every value rather than a running summary (median/quantile): 12 bytes a value, no per-group
 * JS arrays. At finalize the values are bucketed by group with a counting sort on the group id
 * (O(n)).
 *
 * The arrays grow by doubling up to CHUNK pairs; a full chunk is then sealed — kept by reference
 * among the merged lists, its groups as they are (a null map) — and new arrays started. Grown by
 * copies all the way, a map task's 5 M values (db-benchmark q6) took ~200 MB of new memory a
 * worker for 60 MB of pairs, every page of it faulted in on first touch.
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
   * A null map: the list's groups are ours as they are (a sealed chunk of our own).
   */
  later: { list: GroupValues; map: Int32Array | null }[];
}

/** Pairs in one chunk of arrays (12 MB): see the file's note. */
const CHUNK = 1 << 20;

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

/** `inner` then `outer`: group g goes to outer[inner[g]] (-1 stays -1); a null inner is `outer` itself. */
function composed(inner: Int32Array | null, outer: Int32Array): Int32Array {
  return inner === null ? outer : Int32Array.from(inner, (g) => (g < 0 ? -1 : outer[g]));
}

/** Makes room for `extra` more pairs, one after another in s.gid / s.val from s.len. */
export function reserve(s: GroupValues, extra: number): void {
  const need = s.len + extra;
  if (need <= s.gid.length) return;
  if (s.len > 0 && s.gid.length >= CHUNK) {
    // a full chunk is sealed, not copied into larger arrays
    s.later.push({ list: { len: s.len, gid: s.gid, val: s.val, later: [] }, map: null });
    s.gid = new Int32Array(Math.max(extra, CHUNK));
    s.val = new Float64Array(s.gid.length);
    s.len = 0;
    return;
  }
  const cap = Math.min(nextCapacity(s.gid.length, Math.max(need, 1024)), Math.max(need, CHUNK));
  s.gid = growI32(s.gid, cap);
  s.val = growF64(s.val, cap);
}

/** Appends the other list's pairs whose group maps to one of ours (map[j] < 0 drops group j; null: as they are). */
export function appendMapped(s: GroupValues, other: GroupValues, map: Int32Array | null): void {
  // an empty list taking part of another (one bucket of a split partial: p of them take turns)
  // counts its pairs first: room for all of `other` made each of a map task's p pieces as large
  // as the whole partial, and pieces are sent and spilled whole (db-benchmark q6: 15 × 7.6 MB a task)
  reserve(s, s.len === 0 ? mappedCount(other, map) : other.len);
  let k = s.len;
  for (let i = 0; i < other.len; i++) {
    const g = map === null ? other.gid[i] : map[other.gid[i]];
    if (g < 0) continue;
    s.gid[k] = g;
    s.val[k++] = other.val[i];
  }
  s.len = k;
}

function mappedCount(other: GroupValues, map: Int32Array | null): number {
  if (map === null) return other.len;
  let c = 0;
  for (let i = 0; i < other.len; i++) if (map[other.gid[i]] >= 0) c++;
  return c;
}

/** The list's own pairs, then each list merged by reference with its map: every pair of the state. */
function sourcesOf(s: GroupValues): { list: GroupValues; map: Int32Array | null }[] {
  return [{ list: s, map: null }, ...s.later];
}

/** The pairs (its own and those merged by reference) cut into parts by group in two passes (count, then place): pair (g, v) goes to part[g] as (local[g], v), in order. */
export function splitGroupValues(s: GroupValues, part: Int32Array, local: Int32Array, parts: number): GroupValues[] {
  const counts = new Int32Array(parts);
  const sources = sourcesOf(s);
  for (const { list, map } of sources) {
    const lg = list.gid;
    for (let i = 0; i < list.len; i++) { const g = map === null ? lg[i] : map[lg[i]]; if (g >= 0) counts[part[g]]++; }
  }
  // each part crosses to one reduce task: in shared memory, passed on without a copy (shared-arrays.ts)
  const out: GroupValues[] = Array.from(counts, (n) => ({ len: 0, gid: sharedInt32(n), val: sharedFloat64(n), later: [] }));
  for (const { list, map } of sources) {
    const lg = list.gid;
    const lv = list.val;
    for (let i = 0; i < list.len; i++) {
      const g = map === null ? lg[i] : map[lg[i]];
      if (g < 0) continue;
      const o = out[part[g]];
      o.gid[o.len] = local[g];
      o.val[o.len++] = lv[i];
    }
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
  const sources = sourcesOf(s);
  const offsets = new Int32Array(ngroups + 1);
  for (const { list, map } of sources) {
    const lg = list.gid;
    for (let i = 0; i < list.len; i++) { const g = map === null ? lg[i] : map[lg[i]]; if (g >= 0) offsets[g + 1]++; }
  }
  for (let g = 0; g < ngroups; g++) offsets[g + 1] += offsets[g];
  const pos = offsets.slice(0, ngroups);
  const values = new Float64Array(offsets[ngroups]);
  for (const { list, map } of sources) {
    const lg = list.gid;
    const lv = list.val;
    for (let i = 0; i < list.len; i++) { const g = map === null ? lg[i] : map[lg[i]]; if (g >= 0) values[pos[g]++] = lv[i]; }
  }
  return { offsets, values };
}

export function groupValuesBytes(s: GroupValues): number {
  let bytes = s.gid.byteLength + s.val.byteLength;
  for (const { list, map } of s.later) bytes += 12 * list.len + (map?.byteLength ?? 0);
  return bytes;
}
