/**
 * A stable sort permutation over several key columns, by least-significant-digit radix sort:
 * each key becomes unsigned 32-bit words whose unsigned order is the key's order (floats and
 * int64 through the usual sign-flip transform, strings through the rank of their dictionary
 * entry, descending keys by inverting the bits, nulls by one more word), and the permutation
 * is refined by 16-bit digits from the last key's lowest word to the first key's null word.
 * Every pass is a stable counting sort, so equal keys keep input order. O(n) per pass, no
 * comparator calls: millions of rows sort in a fraction of a second. A pass whose digit is
 * the same for every row is skipped.
 */
import type { Column } from './column.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const i64 = new BigInt64Array(1);
const i64w = new Uint32Array(i64.buffer);

export function radixSortPermutation(keys: readonly Column[], descending: readonly boolean[], nullsLast = true): Int32Array {
  const n = keys.length > 0 ? keys[0].length : 0;
  let perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  if (n < 2) return perm;
  let tmp = new Int32Array(n);
  const counts = new Int32Array(65536);
  const pass = (word: Uint32Array, shift: number): void => {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(word[perm[i]] >>> shift) & 0xffff]++;
    for (let d = 0; d < 65536; d++) if (counts[d] === n) return; // one digit: nothing to reorder
    let sum = 0;
    for (let d = 0; d < 65536; d++) { const c = counts[d]; counts[d] = sum; sum += c; }
    for (let i = 0; i < n; i++) { const p = perm[i]; tmp[counts[(word[p] >>> shift) & 0xffff]++] = p; }
    const t = perm; perm = tmp; tmp = t;
  };
  for (let k = keys.length - 1; k >= 0; k--) {
    const words = keyWords(keys[k], descending[k] ?? false);
    for (let w = words.length - 1; w >= 0; w--) { pass(words[w], 0); pass(words[w], 16); }
    const valid = keys[k].valid;
    if (valid) {
      const nullWord = new Uint32Array(n);
      for (let i = 0; i < n; i++) nullWord[i] = (valid[i] === 0) === nullsLast ? 1 : 0;
      pass(nullWord, 0);
    }
  }
  return perm;
}

/** The key's sortable words, most significant first. */
function keyWords(c: Column, desc: boolean): Uint32Array[] {
  const n = c.length;
  const flip = desc ? 0xffffffff : 0;
  const v = c.values;
  if (c.dtype === 'string') {
    const dict = c.dict!;
    const order = Array.from(dict.keys()).sort((a, b) => (dict[a] < dict[b] ? -1 : dict[a] > dict[b] ? 1 : 0));
    const rank = new Uint32Array(dict.length);
    for (let r = 0; r < order.length; r++) rank[order[r]] = r > 0 && dict[order[r]] === dict[order[r - 1]] ? rank[order[r - 1]] : r;
    const codes = v as Int32Array;
    const w = new Uint32Array(n);
    for (let i = 0; i < n; i++) w[i] = (rank[codes[i]] ^ flip) >>> 0;
    return [w];
  }
  if (v instanceof Int32Array || v instanceof Uint8Array) {
    const w = new Uint32Array(n);
    const signed = v instanceof Int32Array;
    for (let i = 0; i < n; i++) w[i] = ((signed ? (v[i] ^ 0x80000000) : v[i]) ^ flip) >>> 0;
    return [w];
  }
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  if (v instanceof BigInt64Array) {
    for (let i = 0; i < n; i++) {
      i64[0] = v[i];
      hi[i] = ((i64w[1] ^ 0x80000000) ^ flip) >>> 0;
      lo[i] = (i64w[0] ^ flip) >>> 0;
    }
    return [hi, lo];
  }
  const fv = v as Float64Array;
  for (let i = 0; i < n; i++) {
    f64[0] = fv[i] === 0 ? 0 : fv[i]; // -0 sorts with 0
    const h = u32[1];
    const neg = h >>> 31 === 1;
    hi[i] = ((neg ? ~h : h ^ 0x80000000) ^ flip) >>> 0;
    lo[i] = ((neg ? ~u32[0] : u32[0]) ^ flip) >>> 0;
  }
  return [hi, lo];
}
