/**
 * Assigns rows to P buckets by a hash of their key values, so that equal keys land in the same
 * bucket whichever partition, file or side of a join they come from: strings hash their text
 * (once per dictionary entry, not per row), numbers their value (an int64 held as a bigint
 * hashes like the same number held as a double). Null keys go to bucket 0.
 */
import type { Column } from './column.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashNumber(x: number): number {
  f64[0] = x === 0 ? 0 : x; // -0 and 0 are one key
  return mix(u32[0] ^ Math.imul(u32[1], 0x9e3779b1));
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return mix(h);
}

/**
 * The hashes of a dictionary's entries, kept per dictionary array. A scan's dictionary is one
 * array shared by all its batches and only ever appended to, so each entry is hashed once per
 * task, not once per batch (a 100k-entry dictionary re-hashed for every 32k-row batch cost more
 * than the rows themselves). An array that shrank is hashed afresh.
 */
const dictHashes = new WeakMap<readonly string[], { hs: Uint32Array; n: number }>();

function hashesOf(dict: readonly string[]): Uint32Array {
  let e = dictHashes.get(dict);
  if (e && e.n === dict.length) return e.hs;
  if (!e || e.n > dict.length) e = { hs: new Uint32Array(dict.length), n: 0 };
  if (e.hs.length < dict.length) {
    const grown = new Uint32Array(Math.max(dict.length, e.hs.length * 2));
    grown.set(e.hs.subarray(0, e.n));
    e.hs = grown;
  }
  for (let k = e.n; k < dict.length; k++) e.hs[k] = hashString(dict[k]);
  e.n = dict.length;
  dictHashes.set(dict, e);
  return e.hs;
}

/** Per-row combined hash of the key columns (n rows). */
export function hashRows(keys: readonly Column[], n: number, out: Uint32Array = new Uint32Array(n)): Uint32Array {
  out.fill(0, 0, n);
  for (const c of keys) {
    const valid = c.valid;
    if (c.dtype === 'string') {
      const hs = hashesOf(c.dict!);
      const codes = c.values as Int32Array;
      for (let i = 0; i < n; i++) out[i] = mix(out[i] * 31 + (valid && valid[i] === 0 ? 0 : hs[codes[i]]));
    } else if (c.values instanceof BigInt64Array) {
      const v = c.values;
      for (let i = 0; i < n; i++) out[i] = mix(out[i] * 31 + (valid && valid[i] === 0 ? 0 : hashNumber(Number(v[i]))));
    } else {
      const v = c.values;
      for (let i = 0; i < n; i++) out[i] = mix(out[i] * 31 + (valid && valid[i] === 0 ? 0 : hashNumber(v[i] as number)));
    }
  }
  return out;
}

/** Bucket (0..p-1) of each of n rows. */
export function bucketsOf(keys: readonly Column[], n: number, p: number): Int32Array {
  const h = hashRows(keys, n);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = h[i] % p;
  return out;
}

/** Row indexes of each bucket, in row order (a stable split). */
export function splitByBucket(buckets: Int32Array, n: number, p: number): Int32Array[] {
  const counts = new Int32Array(p);
  countBuckets(buckets, n, counts);
  const out = Array.from({ length: p }, (_, b) => new Int32Array(counts[b]));
  fillBuckets(buckets, n, out, new Int32Array(p));
  return out;
}

// splitByBucket's loops, functions of their own with nothing after the loop: V8 compiled a long
// first call's loop on the stack and kept entering that code, which stopped at the code after it
// (no feedback there yet) on every call (benchmarks/PROFILE.md, "code after a long loop") — db-benchmark join q5: 32 times

/** counts[b] += the rows of bucket b (splitPartial counts into a view one past its starts). */
export function countBuckets(buckets: Int32Array, n: number, counts: Int32Array): void {
  for (let i = 0; i < n; i++) counts[buckets[i]]++;
}

function fillBuckets(buckets: Int32Array, n: number, out: Int32Array[], fill: Int32Array): void {
  for (let i = 0; i < n; i++) { const b = buckets[i]; out[b][fill[b]++] = i; }
}
