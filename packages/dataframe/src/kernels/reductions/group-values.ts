/**
 * A growable list of (group id, value) pairs in two typed arrays, for reductions that must keep
 * values rather than a running summary (median/quantile, nUnique). 12 bytes a value (16 when
 * wide), no per-group JS arrays; sorted by group then value only when needed, with a counting
 * sort on the group id (O(n)) and a native typed-array sort inside each group.
 */
import { growF64, growI32, growI64, nextCapacity } from './grow.js';

export interface GroupValues {
  len: number;
  gid: Int32Array;
  /** BigInt64Array once exact int64 values beyond 2^53 must be kept (nUnique). */
  val: Float64Array | BigInt64Array;
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
  s.val = s.val instanceof BigInt64Array ? growI64(s.val, cap) : growF64(s.val, cap);
}

/** Switches the values to exact bigints (they are integers below 2^53 so far). */
export function widen(s: GroupValues): BigInt64Array {
  if (s.val instanceof BigInt64Array) return s.val;
  const big = new BigInt64Array(s.gid.length);
  for (let i = 0; i < s.len; i++) big[i] = BigInt(s.val[i]);
  s.val = big;
  return big;
}

/** Appends the other list's pairs whose group maps to one of ours (map[j] < 0 drops group j). */
export function appendMapped(s: GroupValues, other: GroupValues, map: Int32Array, remap: ((v: number) => number) | null = null): void {
  if (other.val instanceof BigInt64Array) widen(s);
  reserve(s, other.len);
  const wide = s.val instanceof BigInt64Array;
  let k = s.len;
  for (let i = 0; i < other.len; i++) {
    const g = map[other.gid[i]];
    if (g < 0) continue;
    s.gid[k] = g;
    const v = other.val[i];
    if (wide) (s.val as BigInt64Array)[k] = typeof v === 'bigint' ? v : BigInt(v);
    else (s.val as Float64Array)[k] = remap ? remap(v as number) : (v as number);
    k++;
  }
  s.len = k;
}

export interface SortedGroups {
  /** Group g's values are values[offsets[g] .. offsets[g + 1]), ascending. */
  offsets: Int32Array;
  values: Float64Array | BigInt64Array;
}

/** Values bucketed by group (every gid < ngroups) and sorted ascending within each group. */
export function sortByGroup(s: GroupValues, ngroups: number): SortedGroups {
  const { len, gid, val } = s;
  const offsets = new Int32Array(ngroups + 1);
  for (let i = 0; i < len; i++) offsets[gid[i] + 1]++;
  for (let g = 0; g < ngroups; g++) offsets[g + 1] += offsets[g];
  const pos = offsets.slice(0, ngroups);
  const values = val instanceof BigInt64Array ? new BigInt64Array(len) : new Float64Array(len);
  if (val instanceof BigInt64Array) {
    const out = values as BigInt64Array;
    for (let i = 0; i < len; i++) out[pos[gid[i]]++] = val[i];
  } else {
    const out = values as Float64Array;
    for (let i = 0; i < len; i++) out[pos[gid[i]]++] = val[i];
  }
  for (let g = 0; g < ngroups; g++) {
    const a = offsets[g];
    const b = offsets[g + 1];
    if (b - a === 2) {
      if (values[a] > values[a + 1]) { const t = values[a]; values[a] = values[a + 1]; values[a + 1] = t; }
    } else if (b - a > 2) {
      values.subarray(a, b).sort();
    }
  }
  return { offsets, values };
}

export function groupValuesBytes(s: GroupValues): number {
  return s.gid.byteLength + s.val.byteLength;
}
