/**
 * min and max of numbers, bools, timestamps, dates and strings. Nulls and NaN are skipped; an
 * empty group is null. int64 values beyond 2^53 stay exact: once a wide value is seen the state
 * switches to bigints (authoritative from then on).
 *
 * A group with no value yet holds NaN (or null, for bigints and strings): no count beside the
 * value, so a row reads and writes one array at its group — with 100 k groups the two arrays of
 * a count and a value missed the cache twice a row.
 */
import type { DType } from '../../types/dtype.js';
import type { Column } from '../column.js';
import { growArray, growF64, nextCapacity } from './grow.js';
import { partCap, splitArray, splitF64 } from './split-groups.js';
import type { AggSpec, Reduction } from './reduction.js';

export interface MinMaxState {
  cap: number;
  /** The best value per group; NaN: none yet (NaN inputs are skipped, so never a value). */
  val: Float64Array;
  /** Exact int64 values, once a value beyond 2^53 was seen (null until then; a null slot: none yet). */
  bigVal: (bigint | null)[] | null;
  /** String inputs: the current best string per group (null: none yet). */
  str: (string | null)[] | null;
}

function create(call: AggSpec): MinMaxState {
  return { cap: 16, val: new Float64Array(16).fill(NaN), bigVal: null, str: call.input === 'string' ? growArray([], 16, null) : null };
}

function grow(s: MinMaxState, n: number): void {
  if (n <= s.cap) return;
  const was = s.cap;
  s.cap = nextCapacity(s.cap, n);
  s.val = growF64(s.val, s.cap).fill(NaN, was);
  if (s.str) growArray(s.str, s.cap, null);
  if (s.bigVal) growArray(s.bigVal, s.cap, null);
}

/** Switches the state to exact bigints, converting what it holds so far. */
function toBigVal(s: MinMaxState): (bigint | null)[] {
  if (!s.bigVal) s.bigVal = Array.from(s.val, (v) => (v === v ? BigInt(v) : null));
  return s.bigVal;
}

function update(isMin: boolean, s: MinMaxState, gids: Int32Array, col: Column, n: number, ngroups: number): void {
  grow(s, ngroups);
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
      const cur = big[g];
      if (cur === null || (isMin ? x < cur : x > cur)) big[g] = x;
    }
    return;
  }
  const v = col.values as Float64Array | Int32Array | Uint8Array;
  const val = s.val;
  // !(cur <= x) is true for a NaN cur (none yet) and for x < cur; a NaN x is skipped like a null
  if (isMin) {
    for (let i = 0; i < n; i++) {
      const g = gids[i];
      if (g < 0 || (valid !== null && valid[i] === 0)) continue;
      const x = v[i];
      if (x === x && !(val[g] <= x)) val[g] = x;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const g = gids[i];
      if (g < 0 || (valid !== null && valid[i] === 0)) continue;
      const x = v[i];
      if (x === x && !(val[g] >= x)) val[g] = x;
    }
  }
}

/** The state cut by group in one pass (Reduction.split). */
function split(s: MinMaxState, part: Int32Array, local: Int32Array, sizes: Int32Array): MinMaxState[] {
  const vals = splitF64(s.val, part, local, sizes, NaN);
  const bigs = s.bigVal ? splitArray(s.bigVal, part, local, sizes, null) : null;
  const strs = s.str ? splitArray<string | null>(s.str, part, local, sizes, null) : null;
  return Array.from(sizes, (n, b) => ({ cap: partCap(n), val: vals[b], bigVal: bigs ? bigs[b] : null, str: strs ? strs[b] : null }));
}

function merge(isMin: boolean, s: MinMaxState, other: MinMaxState, map: Int32Array, otherGroups: number, ngroups: number): void {
  grow(s, ngroups);
  for (let j = 0; j < otherGroups; j++) {
    const g = map[j];
    if (g < 0) continue;
    if (s.str) {
      const v = other.str![j];
      const cur = s.str[g];
      if (v !== null && (cur === null || (isMin ? v < cur : v > cur))) s.str[g] = v;
    } else if (s.bigVal || other.bigVal) {
      const big = toBigVal(s);
      const v = other.bigVal ? other.bigVal[j] : other.val[j] === other.val[j] ? BigInt(other.val[j]) : null;
      const cur = big[g];
      if (v !== null && (cur === null || (isMin ? v < cur : v > cur))) big[g] = v;
    } else {
      const v = other.val[j];
      if (v === v && !(isMin ? s.val[g] <= v : s.val[g] >= v)) s.val[g] = v;
    }
  }
}

function finalize(s: MinMaxState, call: AggSpec, n: number): Column {
  grow(s, n);
  const valid = new Uint8Array(n);
  if (s.str) {
    const dict: string[] = [];
    const codes = new Int32Array(n);
    for (let g = 0; g < n; g++) if (s.str[g] !== null) { valid[g] = 1; codes[g] = dict.length; dict.push(s.str[g]!); }
    return { dtype: 'string', length: n, values: codes, valid, dict };
  }
  if (s.bigVal) {
    const big = s.bigVal;
    const values = new BigInt64Array(n);
    for (let g = 0; g < n; g++) if (big[g] !== null) { valid[g] = 1; values[g] = big[g]!; }
    return { dtype: 'int64', length: n, values, valid };
  }
  const val = s.val;
  const values = new Float64Array(n);
  // an empty group's value is 0 (its NaN would read as a value to the column's readers)
  for (let g = 0; g < n; g++) if (val[g] === val[g]) { valid[g] = 1; values[g] = val[g]; }
  return { dtype: call.input!, length: n, values: valuesOf(call.input!, values, true), valid };
}

/** The column layout of `t` (types/dtype.ts) for float64-held values; `owned`: `v` is the caller's to give away (not copied when it is the layout). */
export function valuesOf(t: DType, v: Float64Array, owned = false): Float64Array | Int32Array | Uint8Array {
  return t === 'bool' ? Uint8Array.from(v) : t === 'date' ? Int32Array.from(v) : owned ? v : v.slice();
}

function bytes(s: MinMaxState): number {
  return s.val.byteLength + (s.bigVal ? s.bigVal.length * 16 : 0) + (s.str ? s.str.length * 40 : 0);
}

function minOrMax(isMin: boolean): Reduction<MinMaxState> {
  return {
    fn: isMin ? 'min' : 'max',
    arity: 1,
    inputs: 'any',
    outputType: (call) => call.input!,
    create,
    reserve: grow,
    update: (s, _call, gids, args, n, ngroups) => update(isMin, s, gids, args[0]!, n, ngroups),
    merge: (s, _call, other, map, otherGroups, ngroups) => merge(isMin, s, other, map, otherGroups, ngroups),
    split: (s, _call, part, local, sizes) => split(s, part, local, sizes),
    finalize: (s, call, n) => finalize(s, call, n),
    estimatedBytes: bytes,
  };
}

export const min = minOrMax(true);
export const max = minOrMax(false);
