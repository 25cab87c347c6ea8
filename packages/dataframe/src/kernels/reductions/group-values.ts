/**
 * A growable list of (group id, value) pairs in two typed arrays, for reductions that must keep
 * every value rather than a running summary (median/quantile): 12 bytes a value, no per-group
 * JS arrays. At finalize each group's values are found as runs (groupRuns): lists a map task
 * split by bucket are already grouped, the rest are bucketed by group with a counting sort on
 * the group id (O(n)).
 *
 * The arrays grow by doubling up to CHUNK pairs; a full chunk is then sealed — kept by reference
 * among the merged lists, its groups as they are (a null map) — and new arrays started. Grown by
 * copies all the way, a map task's 5 M values (db-benchmark q6) took ~200 MB of new memory a
 * worker for 60 MB of pairs, every page of it faulted in on first touch.
 */
import { nextCapacity } from './grow.js';
import { sharedFloat64, sharedInt32 } from '../shared-arrays.js';
import { mapValues } from '../map-values.js';

export interface GroupValues {
  len: number;
  gid: Int32Array;
  val: Float64Array;
  /** Equal group ids are next to each other (a piece of a split: sorted by group), so finalize takes runs of them as they are. */
  grouped?: boolean;
  /**
   * Other lists merged in but not copied (mergeLater): list j's pair (g, v) is ours as
   * (maps[j][g], v), dropped where that is -1. A reduce's partials were appended into one list
   * and then bucketed by group, every value written twice; bucketByGroup reads them in place.
   * A null map: the list's groups are ours as they are (a sealed chunk of our own).
   */
  later: Later[];
}

/** A list merged by reference, through its map; `own`: a sealed chunk of this state's own (its arrays are the state's to reuse). */
interface Later {
  list: GroupValues;
  map: Int32Array | null;
  own?: boolean;
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
  if (other.len > 0) s.later.push({ list: { len: other.len, gid: other.gid, val: other.val, grouped: other.grouped, later: [] }, map: own });
  for (const l of other.later) s.later.push({ list: l.list, map: composed(l.map, own) });
}

/** `inner` then `outer`: group g goes to outer[inner[g]] (-1 stays -1); a null inner is `outer` itself. */
function composed(inner: Int32Array | null, outer: Int32Array): Int32Array {
  return inner === null ? outer : mapValues(Int32Array, inner, (g) => (g < 0 ? -1 : outer[g]));
}

/** Makes room for `extra` more pairs, one after another in s.gid / s.val from s.len. */
export function reserve(s: GroupValues, extra: number): void {
  const need = s.len + extra;
  if (need <= s.gid.length) return;
  if (s.len > 0 && s.gid.length >= CHUNK) {
    // a full chunk is sealed, not copied into larger arrays
    s.later.push({ list: { len: s.len, gid: s.gid, val: s.val, later: [] }, map: null, own: true });
    s.gid = sharedInt32(Math.max(extra, CHUNK));
    s.val = sharedFloat64(s.gid.length);
    s.len = 0;
    return;
  }
  const cap = Math.min(nextCapacity(s.gid.length, Math.max(need, 1024)), Math.max(need, CHUNK));
  // in shared memory from the start: a split hands the arrays on as they are (splitGroupValues)
  const gid = sharedInt32(cap);
  gid.set(s.gid.subarray(0, s.len));
  const val = sharedFloat64(cap);
  val.set(s.val.subarray(0, s.len));
  s.gid = gid;
  s.val = val;
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

/** The list's own pairs (its own to reuse), then each list merged by reference with its map: every pair of the state. */
function sourcesOf(s: GroupValues): Later[] {
  return [{ list: s, map: null, own: true }, ...s.later];
}

/**
 * The pairs (its own and those merged by reference) cut into parts by group: pair (g, v) goes
 * to part[g] as (local[g], v), each part's pairs grouped — ordered by local group, in order of
 * arrival within a group — so that the reduce task takes each group's values as runs where
 * they are (groupRuns) instead of bucketing them into new memory. Each source list is ordered
 * with a counting sort into the arrays of the source before it, which this state no longer
 * needs: the state is consumed, and a map task's 5 M values (db-benchmark q6) are written into
 * one new chunk instead of 60 MB of new pages (this VM faults a fresh page in slowly: ~2.7 ms
 * a MB). A part is the pieces of its pairs in each source, merged by reference, in shared
 * memory (shared-arrays.ts): passed on to the reduce task without a copy.
 */
export function splitGroupValues(s: GroupValues, part: Int32Array, local: Int32Array, sizes: Int32Array): GroupValues[] {
  const parts = sizes.length;
  const n = part.length;
  // a group's place in bucket order: bucket b's groups from start[b], in their order (local)
  const start = new Int32Array(parts + 1);
  for (let b = 0; b < parts; b++) start[b + 1] = start[b] + sizes[b];
  const rank = ranksOf(part, local, start, n);
  const out: GroupValues[] = Array.from({ length: parts }, createGroupValues);
  const at = new Int32Array(n + 1);
  const bounds = new Int32Array(parts + 1);
  let spare: GroupValues | null = null;
  // the sealed chunks first: each is full, and the next one fits in its arrays
  for (const { list, map, own } of [...s.later, { list: s, map: null, own: true }]) {
    if (list.len === 0) continue;
    at.fill(0);
    const m = countRanks(list.gid, list.len, map, rank, at);
    for (let r = 0; r < n; r++) at[r + 1] += at[r];
    for (let b = 0; b <= parts; b++) bounds[b] = at[start[b]];
    const into: GroupValues = spare !== null && spare.gid.length >= m ? spare : { len: 0, gid: sharedInt32(m), val: sharedFloat64(m), later: [] };
    placeByRank(list, map, rank, local, at, into.gid, into.val);
    for (let b = 0; b < parts; b++) {
      const a = bounds[b];
      const e = bounds[b + 1];
      if (e > a) out[b].later.push({ list: { len: e - a, gid: into.gid.subarray(a, e), val: into.val.subarray(a, e), grouped: true, later: [] }, map: null });
    }
    // this source is read: its arrays take the next one's pairs (own arrays only; shared, so their pieces pass on as they are)
    spare = own === true && list.gid.buffer instanceof SharedArrayBuffer && list.val.buffer instanceof SharedArrayBuffer ? list : into === spare ? null : spare;
  }
  return out;
}

// splitGroupValues' loops, each a function of its own ending in the return of a local (PROFILE.md, "code after a long loop")

function ranksOf(part: Int32Array, local: Int32Array, start: Int32Array, n: number): Int32Array {
  const rank = new Int32Array(n);
  for (let g = 0; g < n; g++) rank[g] = start[part[g]] + local[g];
  return rank;
}

/** Counts the list's pairs by their group's rank into at[rank + 1]; returns how many have a group. */
function countRanks(gid: Int32Array, len: number, map: Int32Array | null, rank: Int32Array, at: Int32Array): number {
  let m = 0;
  for (let i = 0; i < len; i++) {
    const g = map === null ? gid[i] : map[gid[i]];
    if (g < 0) continue;
    at[rank[g] + 1]++;
    m++;
  }
  return m;
}

/** Places each pair with a group at at[its rank]++, as (local group, value). */
function placeByRank(list: GroupValues, map: Int32Array | null, rank: Int32Array, local: Int32Array, at: Int32Array, gid: Int32Array, val: Float64Array): Int32Array {
  const lg = list.gid;
  const lv = list.val;
  for (let i = 0; i < list.len; i++) {
    const g = map === null ? lg[i] : map[lg[i]];
    if (g < 0) continue;
    const k = at[rank[g]]++;
    gid[k] = local[g];
    val[k] = lv[i];
  }
  return at;
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

/**
 * Group g's values, as runs: k from start[g] to start[g + 1] is lists[src[k]][from[k] .. to[k]).
 * `owned`: the lists are this call's own (a group may be reordered where it is); otherwise they
 * are a reduce task's inputs, which a second run of the task reads again.
 */
export interface GroupRuns {
  start: Int32Array;
  src: Int32Array;
  from: Int32Array;
  to: Int32Array;
  lists: Float64Array[];
  owned: boolean;
  /** The most values a group has. */
  most: number;
}

/**
 * Each group's values where they are when every list is grouped (a reduce task merging the
 * pieces map tasks split: runs of equal groups, one or a few a group in each piece); otherwise
 * bucketed by group into new memory (bucketByGroup), one run a group.
 */
export function groupRuns(s: GroupValues, ngroups: number): GroupRuns {
  const sources = sourcesOf(s).filter((l) => l.list.len > 0);
  if (!sources.every((l) => l.list.grouped === true)) {
    const { offsets, values } = bucketByGroup(s, ngroups);
    const start = new Int32Array(ngroups + 1);
    for (let g = 0; g <= ngroups; g++) start[g] = g;
    return { start, src: new Int32Array(ngroups), from: offsets.subarray(0, ngroups), to: offsets.subarray(1), lists: [values], owned: true, most: mostOf(offsets, ngroups) };
  }
  // at most one run a group of each list (its groups are its map's length, or ours)
  let cap = 0;
  for (const { list, map } of sources) cap += Math.min(list.len, map === null ? ngroups : map.length);
  const g = new Int32Array(cap);
  const src = new Int32Array(cap);
  const from = new Int32Array(cap);
  const to = new Int32Array(cap);
  let k = 0;
  sources.forEach(({ list, map }, j) => { k = listRuns(list.gid, list.len, map, j, g, src, from, to, k); });
  // by group (counting sort): the runs of group g from start[g]
  const start = new Int32Array(ngroups + 1);
  for (let r = 0; r < k; r++) start[g[r] + 1]++;
  for (let x = 0; x < ngroups; x++) start[x + 1] += start[x];
  const runs: GroupRuns = { start, src: new Int32Array(k), from: new Int32Array(k), to: new Int32Array(k), lists: sources.map((l) => l.list.val), owned: false, most: 0 };
  placeRuns(g, src, from, to, k, start.slice(0, ngroups), runs);
  runs.most = mostRun(runs, ngroups);
  return runs;
}

/** The values of group g (its runs' lengths summed). */
export function runLength(runs: GroupRuns, g: number): number {
  let n = 0;
  for (let k = runs.start[g]; k < runs.start[g + 1]; k++) n += runs.to[k] - runs.from[k];
  return n;
}

/** Copies group g's values into `into` from 0; returns how many. */
export function gatherRuns(runs: GroupRuns, g: number, into: Float64Array): number {
  let n = 0;
  for (let k = runs.start[g]; k < runs.start[g + 1]; k++) {
    const a = runs.from[k];
    const b = runs.to[k];
    into.set(runs.lists[runs.src[k]].subarray(a, b), n);
    n += b - a;
  }
  return n;
}

/** The list's runs of equal group ids, those with a group through the map, written from k; returns the new count. */
function listRuns(gid: Int32Array, len: number, map: Int32Array | null, j: number, g: Int32Array, src: Int32Array, from: Int32Array, to: Int32Array, k: number): number {
  let i = 0;
  while (i < len) {
    const l = gid[i];
    let e = i + 1;
    while (e < len && gid[e] === l) e++;
    const x = map === null ? l : map[l];
    if (x >= 0) {
      // one run a group a list (groupRuns' room): a list whose equal ids were not together would overflow it
      if (k === g.length) throw new Error('internal: a grouped list holds a group in more than one run');
      g[k] = x;
      src[k] = j;
      from[k] = i;
      to[k] = e;
      k++;
    }
    i = e;
  }
  return k;
}

function placeRuns(g: Int32Array, src: Int32Array, from: Int32Array, to: Int32Array, k: number, next: Int32Array, runs: GroupRuns): GroupRuns {
  for (let r = 0; r < k; r++) {
    const at = next[g[r]]++;
    runs.src[at] = src[r];
    runs.from[at] = from[r];
    runs.to[at] = to[r];
  }
  return runs;
}

/** The largest gap between consecutive offsets: the most values a bucketed group has. */
function mostOf(offsets: Int32Array, ngroups: number): number {
  let most = 0;
  for (let x = 0; x < ngroups; x++) most = Math.max(most, offsets[x + 1] - offsets[x]);
  return most;
}

/** The most values a group has over its runs. */
function mostRun(runs: GroupRuns, ngroups: number): number {
  let most = 0;
  for (let x = 0; x < ngroups; x++) most = Math.max(most, runLength(runs, x));
  return most;
}
