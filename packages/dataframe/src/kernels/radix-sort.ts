/**
 * A stable sort permutation over several key columns, by least-significant-digit radix sort.
 * Each key becomes a *field* of unsigned bits whose order is the key's order, nulls included:
 *   strings        the rank of their dictionary entry (equal strings, equal ranks);
 *   integers       value − min, when max − min fits in 32 bits (float64 columns holding only
 *                  integers too — int64 columns are often stored that way);
 *   other numbers  the usual sign-flip transform of the 64 bits (two 32-bit fields);
 * descending keys count down from the top of their field, and a null is one more value, first
 * or last. Fields are packed, the first key most significant, into as few 32-bit words as
 * they fit, and the permutation is refined by 16-bit digits from the least significant word
 * up: keys of 100 and 100 000 distinct values take 7 and 17 bits, so six such keys sort in four
 * passes. Every pass is a stable counting sort, so equal keys keep input order. O(n) per
 * pass, no comparator calls. A pass whose digit is the same for every row is skipped.
 */
import type { Column } from './column.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const i64 = new BigInt64Array(1);
const i64w = new Uint32Array(i64.buffer);

/** Unsigned codes of one key (or one half of a 64-bit key), `bits` wide, in key order. */
interface Field { codes: Uint32Array; bits: number }

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
  const sortBy = (word: Uint32Array, bits: number): void => {
    for (let shift = 0; shift < bits; shift += 16) pass(word, shift);
  };
  // fields from the least significant (the last key's) up, packed into words of ≤ 32 bits
  let word: Uint32Array | null = null;
  let used = 0;
  for (let k = keys.length - 1; k >= 0; k--) {
    const fields = keyFields(keys[k], descending[k] ?? false, nullsLast);
    for (let f = fields.length - 1; f >= 0; f--) {
      const { codes, bits } = fields[f];
      if (bits === 0) continue;
      if (word !== null && used + bits <= 32) {
        for (let i = 0; i < n; i++) word[i] = (word[i] | (codes[i] << used)) >>> 0;
        used += bits;
        continue;
      }
      if (word !== null) sortBy(word, used);
      word = codes;
      used = bits;
    }
  }
  if (word !== null) sortBy(word, used);
  return perm;
}

/** Bits to hold values 0 … card − 1. */
function bitsFor(card: number): number {
  return card <= 1 ? 0 : Math.ceil(Math.log2(card));
}

/** The key's fields, most significant first. */
function keyFields(c: Column, desc: boolean, nullsLast: boolean): Field[] {
  const n = c.length;
  const v = c.values;
  const valid = c.valid;
  let hasNull = false;
  if (valid !== null) for (let i = 0; i < n && !hasNull; i++) hasNull = valid[i] === 0;
  // a dense code in [0, card) per valid row → the field, null one more value first or last
  const dense = (card: number, code: (i: number) => number): Field[] => {
    const codes = new Uint32Array(n);
    const nullCode = nullsLast ? card : 0;
    const shift = hasNull && !nullsLast ? 1 : 0;
    for (let i = 0; i < n; i++) {
      if (hasNull && valid![i] === 0) { codes[i] = nullCode; continue; }
      const x = code(i);
      codes[i] = (desc ? card - 1 - x : x) + shift;
    }
    return [{ codes, bits: bitsFor(card + (hasNull ? 1 : 0)) }];
  };
  if (c.dtype === 'string') {
    const dict = c.dict!;
    const order = Array.from(dict.keys()).sort((a, b) => (dict[a] < dict[b] ? -1 : dict[a] > dict[b] ? 1 : 0));
    const rank = new Uint32Array(dict.length);
    let r = 0;
    for (let j = 0; j < order.length; j++) {
      if (j > 0 && dict[order[j]] !== dict[order[j - 1]]) r++;
      rank[order[j]] = r;
    }
    const codes = v as Int32Array;
    return dense(dict.length === 0 ? 1 : r + 1, (i) => rank[codes[i]]);
  }
  if (v instanceof BigInt64Array) {
    let lo = 0n;
    let hi = 0n;
    let seen = false;
    for (let i = 0; i < n; i++) {
      if (hasNull && valid![i] === 0) continue;
      const x = v[i];
      if (!seen) { lo = x; hi = x; seen = true; } else if (x < lo) lo = x; else if (x > hi) hi = x;
    }
    if (hi - lo < 0xffffffffn) return dense(Number(hi - lo) + 1, (i) => Number(v[i] - lo));
    const h = new Uint32Array(n);
    const l = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      i64[0] = v[i];
      h[i] = (i64w[1] ^ 0x80000000) >>> 0;
      l[i] = i64w[0];
    }
    return wideFields(h, l, desc, hasNull, valid, nullsLast);
  }
  // numbers (float64, int32, uint8): integers over a range under 2^32 take value − min
  let lo = Infinity;
  let hi = -Infinity;
  let integral = true;
  for (let i = 0; i < n; i++) {
    if (hasNull && valid![i] === 0) continue;
    const x = v[i] as number;
    if (!Number.isInteger(x)) { integral = false; break; }
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (integral && hi - lo < 0xffffffff) {
    const nv = v as Float64Array | Int32Array | Uint8Array;
    return dense(lo > hi ? 1 : hi - lo + 1, (i) => (nv[i] as number) - lo);
  }
  const fv = v as Float64Array;
  const h = new Uint32Array(n);
  const l = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    f64[0] = fv[i] === 0 ? 0 : fv[i]; // -0 sorts with 0
    const w = u32[1];
    const neg = w >>> 31 === 1;
    h[i] = (neg ? ~w : w ^ 0x80000000) >>> 0;
    l[i] = (neg ? ~u32[0] : u32[0]) >>> 0;
  }
  return wideFields(h, l, desc, hasNull, valid, nullsLast);
}

/**
 * A 64-bit key, its order-preserving words `hi` and `lo` (filled by the caller's own loop, no
 * tuple per row), as two 32-bit fields — inverted when descending, 0 for a null — below a
 * one-bit null field.
 */
function wideFields(hi: Uint32Array, lo: Uint32Array, desc: boolean, hasNull: boolean, valid: Uint8Array | null, nullsLast: boolean): Field[] {
  const n = hi.length;
  if (desc) for (let i = 0; i < n; i++) { hi[i] = ~hi[i] >>> 0; lo[i] = ~lo[i] >>> 0; }
  if (!hasNull) return [{ codes: hi, bits: 32 }, { codes: lo, bits: 32 }];
  const nul = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    if (valid![i] === 0) { nul[i] = nullsLast ? 1 : 0; hi[i] = 0; lo[i] = 0; } else nul[i] = nullsLast ? 0 : 1;
  }
  return [{ codes: nul, bits: 1 }, { codes: hi, bits: 32 }, { codes: lo, bits: 32 }];
}
