/**
 * first and last: the first / last non-null value of each group in file order. Like pandas'
 * groupby first/last, nulls (and NaN) are skipped, so a group's first is its first value that
 * is present; a group with none is null. (Polars' first/last take the literal first row.)
 * Any input type; the result has the input's type, wide int64 values exact.
 *
 * Order: rows of a batch are folded in order, and merges come in partition order (`s` holds
 * the earlier rows), so `first` keeps what it has and `last` takes what the later side has.
 */
import type { Column } from '../column.js';
import { growArray, growF64, growI64, growU8, nextCapacity } from './grow.js';
import { valuesOf } from './min-max.js';
import type { AggSpec, Reduction } from './reduction.js';

export interface FirstLastState {
  cap: number;
  /** 1 when the group has a value. */
  has: Uint8Array;
  val: Float64Array;
  /** Exact int64 values, once a value beyond 2^53 was seen (authoritative from then on). */
  big: BigInt64Array | null;
  /** String inputs: the value per group. */
  str: (string | null)[] | null;
}

function create(call: AggSpec): FirstLastState {
  return { cap: 16, has: new Uint8Array(16), val: new Float64Array(16), big: null, str: call.input === 'string' ? growArray([], 16, null) : null };
}

function grow(s: FirstLastState, n: number): void {
  if (n <= s.cap) return;
  s.cap = nextCapacity(s.cap, n);
  s.has = growU8(s.has, s.cap);
  s.val = growF64(s.val, s.cap);
  if (s.big) s.big = growI64(s.big, s.cap);
  if (s.str) growArray(s.str, s.cap, null);
}

function widen(s: FirstLastState): BigInt64Array {
  if (!s.big) {
    s.big = new BigInt64Array(s.cap);
    for (let g = 0; g < s.cap; g++) if (s.has[g]) s.big[g] = BigInt(s.val[g]);
  }
  return s.big;
}

function update(isFirst: boolean, s: FirstLastState, gids: Int32Array, col: Column, n: number, ngroups: number): void {
  grow(s, ngroups);
  const has = s.has;
  const valid = col.valid;
  if (s.str) {
    const codes = col.values as Int32Array;
    const dict = col.dict!;
    for (let i = 0; i < n; i++) {
      const g = gids[i];
      if (g < 0 || (isFirst && has[g] === 1) || (valid !== null && valid[i] === 0)) continue;
      s.str[g] = dict[codes[i]];
      has[g] = 1;
    }
  } else if (col.values instanceof BigInt64Array || s.big) {
    const big = widen(s);
    const v = col.values;
    for (let i = 0; i < n; i++) {
      const g = gids[i];
      if (g < 0 || (isFirst && has[g] === 1) || (valid !== null && valid[i] === 0)) continue;
      const x = v[i];
      big[g] = typeof x === 'bigint' ? x : BigInt(x);
      has[g] = 1;
    }
  } else {
    const v = col.values as Float64Array | Int32Array | Uint8Array;
    const val = s.val;
    for (let i = 0; i < n; i++) {
      const g = gids[i];
      if (g < 0 || (isFirst && has[g] === 1) || (valid !== null && valid[i] === 0)) continue;
      const x = v[i];
      if (x !== x) continue; // NaN is skipped like a null
      val[g] = x;
      has[g] = 1;
    }
  }
}

function merge(isFirst: boolean, s: FirstLastState, other: FirstLastState, map: Int32Array, otherGroups: number, ngroups: number): void {
  grow(s, ngroups);
  if (other.big) widen(s);
  for (let j = 0; j < otherGroups; j++) {
    const g = map[j];
    if (g < 0 || other.has[j] === 0 || (isFirst && s.has[g] === 1)) continue;
    if (s.str) s.str[g] = other.str![j];
    else if (s.big) s.big[g] = other.big ? other.big[j] : BigInt(other.val[j]);
    else s.val[g] = other.val[j];
    s.has[g] = 1;
  }
}

function finalize(s: FirstLastState, call: AggSpec, n: number): Column {
  grow(s, n);
  const valid = s.has.slice(0, n);
  if (s.str) {
    const dict: string[] = [];
    const codes = new Int32Array(n);
    for (let g = 0; g < n; g++) if (valid[g]) { codes[g] = dict.length; dict.push(s.str[g]!); }
    return { dtype: 'string', length: n, values: codes, valid, dict };
  }
  if (s.big) return { dtype: 'int64', length: n, values: s.big.slice(0, n), valid };
  return { dtype: call.input!, length: n, values: valuesOf(call.input!, s.val.subarray(0, n)), valid };
}

function firstOrLast(isFirst: boolean): Reduction<FirstLastState> {
  return {
    fn: isFirst ? 'first' : 'last',
    arity: 1,
    inputs: 'any',
    followsRowOrder: true,
    outputType: (call) => call.input!,
    create,
    update: (s, _call, gids, args, n, ngroups) => update(isFirst, s, gids, args[0]!, n, ngroups),
    merge: (s, _call, other, map, otherGroups, ngroups) => merge(isFirst, s, other, map, otherGroups, ngroups),
    finalize: (s, call, n) => finalize(s, call, n),
    estimatedBytes: (s) => s.has.byteLength + s.val.byteLength + (s.big ? s.big.byteLength : 0) + (s.str ? s.str.length * 40 : 0),
  };
}

export const first = firstOrLast(true);
export const last = firstOrLast(false);
