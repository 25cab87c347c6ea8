/**
 * min and max of numbers, bools, timestamps, dates and strings. Nulls and NaN are skipped; an
 * empty group is null. int64 values beyond 2^53 stay exact: once a wide value is seen the state
 * switches to bigints (authoritative from then on).
 */
import type { DType } from '../../types/dtype.js';
import type { Column } from '../column.js';
import { growArray, growF64, nextCapacity } from './grow.js';
import { partCap, splitArray, splitF64 } from './split-groups.js';
import type { AggSpec, Reduction } from './reduction.js';

export interface MinMaxState {
  cap: number;
  /** Values seen per group (0 = no value yet). */
  count: Float64Array;
  val: Float64Array;
  /** Exact int64 values, once a value beyond 2^53 was seen (null until then). */
  bigVal: bigint[] | null;
  /** String inputs: the current best string per group. */
  str: (string | null)[] | null;
}

function create(call: AggSpec): MinMaxState {
  return { cap: 16, count: new Float64Array(16), val: new Float64Array(16), bigVal: null, str: call.input === 'string' ? growArray([], 16, null) : null };
}

function grow(s: MinMaxState, n: number): void {
  if (n <= s.cap) return;
  s.cap = nextCapacity(s.cap, n);
  s.count = growF64(s.count, s.cap);
  s.val = growF64(s.val, s.cap);
  if (s.str) growArray(s.str, s.cap, null);
  if (s.bigVal) growArray(s.bigVal, s.cap, 0n);
}

/** Switches the state to exact bigints, converting what it holds so far. */
function toBigVal(s: MinMaxState): bigint[] {
  if (!s.bigVal) s.bigVal = Array.from({ length: s.cap }, (_, g) => (s.count[g] > 0 ? BigInt(s.val[g]) : 0n));
  return s.bigVal;
}

function update(isMin: boolean, s: MinMaxState, gids: Int32Array, col: Column, n: number, ngroups: number): void {
  grow(s, ngroups);
  const count = s.count;
  const valid = col.valid;
  if (s.str) {
    const dict = col.dict!;
    const codes = col.values as Int32Array;
    const str = s.str;
    for (let i = 0; i < n; i++) {
      const g = gids[i];
      if (g < 0 || (valid !== null && valid[i] === 0)) continue;
      const v = dict[codes[i]];
      const cur = str[g];
      if (cur === null || (isMin ? v < cur : v > cur)) str[g] = v;
      count[g]++;
    }
    return;
  }
  if (col.values instanceof BigInt64Array || s.bigVal) {
    const v = col.values instanceof BigInt64Array ? col.values : BigInt64Array.from(col.values.subarray(0, n) as Float64Array, (x) => BigInt(x));
    const big = toBigVal(s);
    for (let i = 0; i < n; i++) {
      const g = gids[i];
      if (g < 0 || (valid !== null && valid[i] === 0)) continue;
      const x = v[i];
      if (count[g] === 0 || (isMin ? x < big[g] : x > big[g])) big[g] = x;
      count[g]++;
    }
    return;
  }
  const v = col.values as Float64Array | Int32Array | Uint8Array;
  const val = s.val;
  for (let i = 0; i < n; i++) {
    const g = gids[i];
    if (g < 0 || (valid !== null && valid[i] === 0)) continue;
    const x = v[i];
    if (x !== x) continue; // NaN is skipped like a null
    if (count[g] === 0 || (isMin ? x < val[g] : x > val[g])) val[g] = x;
    count[g]++;
  }
}

/** The state cut by group in one pass (Reduction.split). */
function split(s: MinMaxState, part: Int32Array, local: Int32Array, sizes: Int32Array): MinMaxState[] {
  const counts = splitF64(s.count, part, local, sizes);
  const vals = splitF64(s.val, part, local, sizes);
  const bigs = s.bigVal ? splitArray(s.bigVal, part, local, sizes, 0n) : null;
  const strs = s.str ? splitArray<string | null>(s.str, part, local, sizes, null) : null;
  return Array.from(sizes, (n, b) => ({ cap: partCap(n), count: counts[b], val: vals[b], bigVal: bigs ? bigs[b] : null, str: strs ? strs[b] : null }));
}

function merge(isMin: boolean, s: MinMaxState, other: MinMaxState, map: Int32Array, otherGroups: number, ngroups: number): void {
  grow(s, ngroups);
  const count = s.count;
  for (let j = 0; j < otherGroups; j++) {
    const g = map[j];
    const oc = other.count[j];
    if (g < 0 || oc === 0) continue;
    if (s.str) {
      const v = other.str![j]!;
      const cur = s.str[g];
      if (cur === null || (isMin ? v < cur : v > cur)) s.str[g] = v;
    } else if (s.bigVal || other.bigVal) {
      const big = toBigVal(s);
      const v = other.bigVal ? other.bigVal[j] : BigInt(other.val[j]);
      if (count[g] === 0 || (isMin ? v < big[g] : v > big[g])) big[g] = v;
    } else {
      const v = other.val[j];
      if (count[g] === 0 || (isMin ? v < s.val[g] : v > s.val[g])) s.val[g] = v;
    }
    count[g] += oc;
  }
}

function finalize(s: MinMaxState, call: AggSpec, n: number): Column {
  grow(s, n);
  const valid = new Uint8Array(n);
  for (let g = 0; g < n; g++) valid[g] = s.count[g] > 0 ? 1 : 0;
  if (s.str) {
    const dict: string[] = [];
    const codes = new Int32Array(n);
    for (let g = 0; g < n; g++) if (valid[g]) { codes[g] = dict.length; dict.push(s.str[g]!); }
    return { dtype: 'string', length: n, values: codes, valid, dict };
  }
  if (s.bigVal) return { dtype: 'int64', length: n, values: BigInt64Array.from(s.bigVal.slice(0, n)), valid };
  return { dtype: call.input!, length: n, values: valuesOf(call.input!, s.val.subarray(0, n)), valid };
}

/** The column layout of `t` (types/dtype.ts) for float64-held values. */
export function valuesOf(t: DType, v: Float64Array): Float64Array | Int32Array | Uint8Array {
  return t === 'bool' ? Uint8Array.from(v) : t === 'date' ? Int32Array.from(v) : v.slice();
}

function bytes(s: MinMaxState): number {
  return s.count.byteLength + s.val.byteLength + (s.bigVal ? s.bigVal.length * 16 : 0) + (s.str ? s.str.length * 40 : 0);
}

function minOrMax(isMin: boolean): Reduction<MinMaxState> {
  return {
    fn: isMin ? 'min' : 'max',
    arity: 1,
    inputs: 'any',
    outputType: (call) => call.input!,
    create,
    update: (s, _call, gids, args, n, ngroups) => update(isMin, s, gids, args[0]!, n, ngroups),
    merge: (s, _call, other, map, otherGroups, ngroups) => merge(isMin, s, other, map, otherGroups, ngroups),
    split: (s, _call, part, local, sizes) => split(s, part, local, sizes),
    finalize: (s, call, n) => finalize(s, call, n),
    estimatedBytes: bytes,
  };
}

export const min = minOrMax(true);
export const max = minOrMax(false);
