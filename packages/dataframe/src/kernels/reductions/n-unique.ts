/**
 * nUnique: the number of distinct non-null values per group (pandas' nunique; NaN is skipped
 * like a null, 0 and -0 are one value). Any input type; the result is int64.
 *
 * The state is an open-addressing hash set of distinct (group id, value) pairs in two typed
 * arrays (about 24 bytes a distinct pair at most half full; no per-group Sets). Strings are
 * numbered by a dictionary in the state; wide int64 values switch the values to exact bigints
 * (hashed by their float64 value, compared exactly).
 */
import type { Column } from '../column.js';
import type { AggSpec, Reduction } from './reduction.js';

export interface NUniqueState {
  /** Pairs held. */
  size: number;
  /** Slot i holds the pair (gid[i], val[i]); gid -1 marks an empty slot. Length: a power of 2. */
  gid: Int32Array;
  val: Float64Array | BigInt64Array;
  /** String inputs: the distinct strings seen, values are codes into it; null for other types. */
  dict: string[] | null;
}

/** string → code of a state's dictionary; rebuilt after the state crossed a thread. */
const lookups = new WeakMap<string[], Map<string, number>>();

function codeOf(dict: string[], s: string): number {
  let lookup = lookups.get(dict);
  if (!lookup) {
    lookup = new Map(dict.map((x, k) => [x, k]));
    lookups.set(dict, lookup);
  }
  let c = lookup.get(s);
  if (c === undefined) {
    c = dict.length;
    dict.push(s);
    lookup.set(s, c);
  }
  return c;
}

/** Scratch for reading a float64's bits; used only inside one synchronous call. */
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

function hash(g: number, x: number): number {
  bits[0] = x;
  let h = Math.imul(words[0] ^ Math.imul(words[1], 0x9e3779b1) ^ Math.imul(g, 0x85ebca6b), 0xc2b2ae35);
  h ^= h >>> 15;
  return Math.imul(h, 0x27d4eb2f) ^ (h >>> 13);
}

function create(call: AggSpec): NUniqueState {
  return { size: 0, gid: new Int32Array(16).fill(-1), val: new Float64Array(16), dict: call.input === 'string' ? [] : null };
}

/** Adds (g, x) unless present; x is a number (never NaN) or, once wide, a bigint. */
function insert(s: NUniqueState, g: number, x: number | bigint): void {
  if ((s.size + 1) * 2 > s.gid.length) rehash(s, s.gid.length * 2);
  const key = typeof x === 'bigint' ? Number(x) : x === 0 ? 0 : x; // -0 → 0
  const mask = s.gid.length - 1;
  const gid = s.gid;
  const val = s.val;
  for (let i = hash(g, key) & mask; ; i = (i + 1) & mask) {
    const h = gid[i];
    if (h === -1) {
      gid[i] = g;
      val[i] = val instanceof BigInt64Array ? (typeof x === 'bigint' ? x : BigInt(x)) : key;
      s.size++;
      return;
    }
    if (h === g && (val instanceof BigInt64Array ? val[i] === (typeof x === 'bigint' ? x : BigInt(x)) : val[i] === key)) return;
  }
}

function rehash(s: NUniqueState, cap: number): void {
  const { gid, val } = s;
  s.gid = new Int32Array(cap).fill(-1);
  s.val = val instanceof BigInt64Array ? new BigInt64Array(cap) : new Float64Array(cap);
  s.size = 0;
  for (let i = 0; i < gid.length; i++) if (gid[i] >= 0) insert(s, gid[i], val[i]);
}

/** Switches the values to exact bigints; slots stay put (an integer hashes as its float64). */
function widen(s: NUniqueState): void {
  if (s.val instanceof BigInt64Array) return;
  const big = new BigInt64Array(s.val.length);
  for (let i = 0; i < s.gid.length; i++) if (s.gid[i] >= 0) big[i] = BigInt(s.val[i]);
  s.val = big;
}

function update(s: NUniqueState, gids: Int32Array, col: Column, n: number): void {
  const valid = col.valid;
  if (s.dict) {
    const codes = col.values as Int32Array;
    const remap = new Int32Array(col.dict!.length).fill(-1);
    for (let i = 0; i < n; i++) {
      const g = gids[i];
      if (g < 0 || (valid !== null && valid[i] === 0)) continue;
      const code = codes[i];
      let c = remap[code];
      if (c < 0) c = remap[code] = codeOf(s.dict, col.dict![code]);
      insert(s, g, c);
    }
    return;
  }
  if (col.values instanceof BigInt64Array) widen(s);
  const v = col.values;
  for (let i = 0; i < n; i++) {
    const g = gids[i];
    if (g < 0 || (valid !== null && valid[i] === 0)) continue;
    const x = v[i];
    if (x !== x) continue; // NaN is skipped like a null
    insert(s, g, x);
  }
}

function merge(s: NUniqueState, other: NUniqueState, map: Int32Array): void {
  // strings are taken into our dictionary as pairs use them: one bucket of a split partial
  // (p pieces take turns) holds its own strings, not every string of the partial
  const codes = s.dict && other.dict ? new Int32Array(other.dict.length).fill(-1) : null;
  if (other.val instanceof BigInt64Array) widen(s);
  for (let i = 0; i < other.gid.length; i++) {
    const j = other.gid[i];
    if (j < 0 || map[j] < 0) continue;
    const x = other.val[i];
    if (codes === null) { insert(s, map[j], x); continue; }
    const from = x as number;
    let c = codes[from];
    if (c < 0) c = codes[from] = codeOf(s.dict!, other.dict![from]);
    insert(s, map[j], c);
  }
}

export const nUnique: Reduction<NUniqueState> = {
  fn: 'nUnique',
  arity: 1,
  inputs: 'any',
  outputType: () => 'int64',
  create,
  update: (s, _call, gids, args, n) => update(s, gids, args[0]!, n),
  merge: (s, _call, other, map) => merge(s, other, map),
  finalize(s, _call, n) {
    const out = new Float64Array(n);
    for (let i = 0; i < s.gid.length; i++) if (s.gid[i] >= 0) out[s.gid[i]]++;
    return { dtype: 'int64', length: n, values: out, valid: null };
  },
  estimatedBytes: (s) => s.gid.byteLength + s.val.byteLength + (s.dict ? s.dict.length * 48 : 0),
};
