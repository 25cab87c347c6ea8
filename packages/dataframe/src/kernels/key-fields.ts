/**
 * Sort keys as unsigned integers whose order is the keys' order, nulls included — one encoding
 * shared by several columns of the same key (the runs of a merge, or one column for a sort):
 *   strings        the rank of their dictionary entry among all the columns' strings;
 *   integers       value − min over all the columns, when max − min fits in 32 bits (float64
 *                  columns holding only integers too — int64 columns are often stored that way);
 *   other numbers  the usual sign-flip transform of the 64 bits (two 32-bit fields; -0 as 0,
 *                  every NaN alike, after every number);
 * descending keys count down from the top of their field, and a null is one more value, first
 * or last. The fields of several keys are then packed, the first key most significant, into as
 * few 32-bit words as they fit (a field never straddles two words): comparing the words, most
 * significant first, compares the key tuples. The radix sort sorts by the words; the merge of
 * sorted runs compares them instead of calling a comparator per key.
 * Each field writes its codes straight into the words, shifted into place (KeyField.put): no
 * array a field packed afterwards, nor a pass to lay the merge's words out row by row.
 */
import type { Column } from './column.js';
import { warmUp } from './warm-up.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const i64 = new BigInt64Array(1);
const i64w = new Uint32Array(i64.buffer);

/** One key's codes (or one half of a 64-bit key's), `bits` wide, for each of the columns. */
export interface KeyField {
  bits: number;
  /** The codes as arrays of their own, one a column, when the field has them (a 64-bit key's words). */
  own?: readonly Uint32Array[];
  /**
   * Writes column c's codes shifted left by `shift` to out[at], out[at + stride], …: stored when
   * `first` (the lowest field of its word), else OR-ed into what is there.
   */
  put(c: number, out: Uint32Array, at: number, stride: number, shift: number, first: boolean): void;
}

/** Where a field's codes go: out[at], out[at + stride], …, shifted left by `shift`, stored when `first`, else OR-ed. */
interface Place { out: Uint32Array; at: number; stride: number; shift: number; first: boolean }

/**
 * The rank of each dictionary entry of each string column among all their strings (equal strings,
 * equal ranks) and the count of distinct ranks; null when ranking does not pay (the caller then
 * compares strings).
 */
export type RankStrings = (cols: readonly Column[]) => { ranks: ArrayLike<number>[]; card: number } | null;

/** Bits to hold values 0 … card − 1. */
function bitsFor(card: number): number {
  return card <= 1 ? 0 : Math.ceil(Math.log2(card));
}

/** The key's fields, most significant first, over all of `cols`; null when `rankStrings` declines. */
export function keyFields(columns: readonly Column[], desc: boolean, nullsLast: boolean, rankStrings: RankStrings): KeyField[] | null {
  // an int64 key of several runs may be held as float64 in some (every value safe) and as
  // 64-bit integers in others: one encoding for all takes them all as 64-bit integers
  const wide = columns.filter((c) => c.values instanceof BigInt64Array).length;
  const cols = wide > 0 && wide < columns.length ? columns.map(asInt64) : columns;
  const hasNull = cols.some((c) => c.valid !== null && firstNull(c.valid, c.length) >= 0);
  // a dense code x in [0, card) per valid row → the field: base + sign·x, a null one more value first or last
  const dense = (card: number, code: (col: Column, c: number, p: Place, base: number, sign: number, nullCode: number) => void): KeyField[] => {
    const lift = hasNull && !nullsLast ? 1 : 0;
    const base = desc ? card - 1 + lift : lift;
    const nullCode = nullsLast ? card : 0;
    const sign = desc ? -1 : 1;
    return [{
      bits: bitsFor(card + (hasNull ? 1 : 0)),
      put: (c, out, at, stride, shift, first) => code(cols[c], c, { out, at, stride, shift, first }, base, sign, nullCode),
    }];
  };
  const first = cols[0];
  if (first === undefined) return [];
  if (first.dtype === 'string') {
    const ranked = rankStrings(cols);
    if (ranked === null) return null;
    const { ranks, card } = ranked;
    return dense(Math.max(1, card), (col, c, p, base, sign, nullCode) => rankedCodes(col.values as Int32Array, ranks[c], col.valid, col.length, p, base, sign, nullCode));
  }
  if (first.values instanceof BigInt64Array) {
    const range: Int64Range = { lo: 0n, hi: 0n, seen: false };
    for (const col of cols) int64Range(col.values as BigInt64Array, col.valid, col.length, range);
    const { lo, hi } = range;
    if (hi - lo < 0xffffffffn) {
      return dense(Number(hi - lo) + 1, (col, _, p, base, sign, nullCode) => putCodes(int64Codes(col.values as BigInt64Array, lo, col.valid, col.length, base, sign, nullCode), col.length, p));
    }
    return wideFields(cols, desc, hasNull, nullsLast, int64Words);
  }
  // numbers (float64, int32, uint8): integers over a range under 2^32 take value − min
  const range: NumberRange = { lo: Infinity, hi: -Infinity };
  const integral = cols.every((col) => integerRange(col.values as Float64Array | Int32Array | Uint8Array, col.valid, col.length, range));
  const { lo, hi } = range;
  if (integral && hi - lo < 0xffffffff) {
    return dense(lo > hi ? 1 : hi - lo + 1, (col, _, p, base, sign, nullCode) => offsetCodes(col.values as Float64Array | Int32Array | Uint8Array, lo, col.valid, col.length, p, base, sign, nullCode));
  }
  return wideFields(cols, desc, hasNull, nullsLast, float64Words);
}

// The scans over the rows, functions of their own: inside keyFields, a long first call had V8
// compile the whole of it on the stack at each loop (~9 compiles of it a q10 run), each stopping
// at the code after its loop, which had no feedback yet (PROFILE.md, "code after a long loop").
// The two range scans store their results after the loop: they run on one value when the module
// loads (the end of this file), so that those stores have feedback before any long call.

/** Where the first null of valid[0, n) is, or -1. */
function firstNull(valid: Uint8Array, n: number): number {
  for (let i = 0; i < n; i++) if (valid[i] === 0) return i;
  return -1;
}

interface Int64Range { lo: bigint; hi: bigint; seen: boolean }

/** Widens `r` to the valid values of v[0, n). */
function int64Range(v: BigInt64Array, valid: Uint8Array | null, n: number, r: Int64Range): void {
  let { lo, hi, seen } = r;
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const x = v[i];
    if (!seen) { lo = x; hi = x; seen = true; } else if (x < lo) lo = x; else if (x > hi) hi = x;
  }
  r.lo = lo;
  r.hi = hi;
  r.seen = seen;
}

interface NumberRange { lo: number; hi: number }

/** Widens `r` to the valid values of v[0, n); false (r then partly widened) at the first that is not an integer. */
function integerRange(v: Float64Array | Int32Array | Uint8Array, valid: Uint8Array | null, n: number, r: NumberRange): boolean {
  let lo = r.lo;
  let hi = r.hi;
  let integral = true;
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const x = v[i];
    if (!Number.isInteger(x)) { integral = false; break; }
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  r.lo = lo;
  r.hi = hi;
  return integral;
}

// one loop per kind of code, no call a row (a callback a row cost the merge of db-benchmark q10
// ~1 s a worker in encoding its keys); a word's first field stores, the others OR — the first
// never reads its word (a read of a fresh page maps the zero page, and the write faults again)

function rankedCodes(codes: Int32Array, rank: ArrayLike<number>, valid: Uint8Array | null, n: number, p: Place, base: number, sign: number, nullCode: number): void {
  const { out, stride, shift } = p;
  let o = p.at;
  if (p.first) {
    if (valid === null) for (let i = 0; i < n; i++, o += stride) out[o] = (base + sign * rank[codes[i]]) << shift;
    else for (let i = 0; i < n; i++, o += stride) out[o] = (valid[i] === 0 ? nullCode : base + sign * rank[codes[i]]) << shift;
  } else if (valid === null) for (let i = 0; i < n; i++, o += stride) out[o] |= (base + sign * rank[codes[i]]) << shift;
  else for (let i = 0; i < n; i++, o += stride) out[o] |= (valid[i] === 0 ? nullCode : base + sign * rank[codes[i]]) << shift;
}

function offsetCodes(v: Float64Array | Int32Array | Uint8Array, lo: number, valid: Uint8Array | null, n: number, p: Place, base: number, sign: number, nullCode: number): void {
  const { out, stride, shift } = p;
  let o = p.at;
  if (p.first) {
    if (valid === null) for (let i = 0; i < n; i++, o += stride) out[o] = (base + sign * (v[i] - lo)) << shift;
    else for (let i = 0; i < n; i++, o += stride) out[o] = (valid[i] === 0 ? nullCode : base + sign * (v[i] - lo)) << shift;
  } else if (valid === null) for (let i = 0; i < n; i++, o += stride) out[o] |= (base + sign * (v[i] - lo)) << shift;
  else for (let i = 0; i < n; i++, o += stride) out[o] |= (valid[i] === 0 ? nullCode : base + sign * (v[i] - lo)) << shift;
}

/** An int64 key's codes over a range under 2^32 (value − lo), in an array of their own. */
function int64Codes(v: BigInt64Array, lo: bigint, valid: Uint8Array | null, n: number, base: number, sign: number, nullCode: number): Uint32Array {
  const codes = new Uint32Array(n);
  for (let i = 0; i < n; i++) codes[i] = valid !== null && valid[i] === 0 ? nullCode : base + sign * Number(v[i] - lo);
  return codes;
}

/** Codes already in an array of their own (64-bit keys' words, their null field) put in place. */
function putCodes(codes: Uint32Array, n: number, p: Place): void {
  const { out, stride, shift } = p;
  let o = p.at;
  if (p.first) for (let i = 0; i < n; i++, o += stride) out[o] = codes[i] << shift;
  else for (let i = 0; i < n; i++, o += stride) out[o] |= codes[i] << shift;
}

function asInt64(c: Column): Column {
  if (c.values instanceof BigInt64Array) return c;
  const v = c.values;
  const valid = c.valid;
  const values = new BigInt64Array(c.length);
  for (let i = 0; i < c.length; i++) if (valid === null || valid[i] !== 0) values[i] = BigInt(v[i] as number);
  return { ...c, values };
}

/** A 64-bit integer's order-preserving words: the high one with its sign bit flipped, the low one. */
function int64Words(values: Column['values'], hi: Uint32Array, lo: Uint32Array): void {
  const v = values as BigInt64Array;
  for (let i = 0; i < hi.length; i++) {
    i64[0] = v[i];
    hi[i] = (i64w[1] ^ 0x80000000) >>> 0;
    lo[i] = i64w[0];
  }
}

/** A float's order-preserving words (the sign-flip transform): -0 as 0, every NaN alike and after +Infinity. */
function float64Words(values: Column['values'], hi: Uint32Array, lo: Uint32Array): void {
  const v = values as Float64Array;
  for (let i = 0; i < hi.length; i++) {
    const x = v[i];
    f64[0] = x === 0 ? 0 : x !== x ? NaN : x;
    const w = u32[1];
    const neg = w >>> 31 === 1;
    hi[i] = (neg ? ~w : w ^ 0x80000000) >>> 0;
    lo[i] = (neg ? ~u32[0] : u32[0]) >>> 0;
  }
}

/**
 * A 64-bit key as two 32-bit fields (`words` fills a column's order-preserving high and low
 * words) — inverted when descending, 0 for a null — below a one-bit null field.
 */
function wideFields(cols: readonly Column[], desc: boolean, hasNull: boolean, nullsLast: boolean, words: (v: Column['values'], hi: Uint32Array, lo: Uint32Array) => void): KeyField[] {
  const his: Uint32Array[] = [];
  const los: Uint32Array[] = [];
  const nuls: Uint32Array[] = [];
  for (const col of cols) {
    const n = col.length;
    const valid = col.valid;
    const hi = new Uint32Array(n);
    const lo = new Uint32Array(n);
    words(col.values, hi, lo);
    if (desc) for (let i = 0; i < n; i++) { hi[i] = ~hi[i] >>> 0; lo[i] = ~lo[i] >>> 0; }
    if (hasNull) {
      const nul = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        if (valid !== null && valid[i] === 0) { nul[i] = nullsLast ? 1 : 0; hi[i] = 0; lo[i] = 0; } else nul[i] = nullsLast ? 0 : 1;
      }
      nuls.push(nul);
    }
    his.push(hi);
    los.push(lo);
  }
  const fields = [arrayField(his, 32), arrayField(los, 32)];
  return hasNull ? [arrayField(nuls, 1), ...fields] : fields;
}

/** A field whose codes are arrays of their own, one a column. */
function arrayField(own: Uint32Array[], bits: number): KeyField {
  return { bits, own, put: (c, out, at, stride, shift, first) => putCodes(own[c], own[c].length, { out, at, stride, shift, first }) };
}

/** Where each field (most significant first) goes: its word (0 the least significant; -1 for none: 0 bits) and shift, and the bits each word uses. */
interface WordLayout { word: Int32Array; shift: Int32Array; bits: number[] }

/**
 * Fields are packed from the least significant up, each into the current word while it fits
 * (a field never straddles two words). How they fall depends on their widths only, so every
 * column of one key set packs alike.
 */
function wordLayout(fields: readonly KeyField[]): WordLayout {
  const word = new Int32Array(fields.length).fill(-1);
  const shift = new Int32Array(fields.length);
  const bits: number[] = [];
  for (let f = fields.length - 1; f >= 0; f--) {
    const b = fields[f].bits;
    if (b === 0) continue;
    const last = bits.length - 1;
    if (last >= 0 && bits[last] + b <= 32) {
      word[f] = last;
      shift[f] = bits[last];
      bits[last] += b;
    } else {
      word[f] = bits.length;
      bits.push(b);
    }
  }
  return { word, shift, bits };
}

/**
 * Column c's keys (n rows) packed into 32-bit words, least significant word first, each with
 * the bits it uses: the radix sort's digits. A word that is one field's own array is that array.
 */
export function packedWords(fields: readonly KeyField[], c: number, n: number): { word: Uint32Array; bits: number }[] {
  const { word, shift, bits } = wordLayout(fields);
  const words = bits.map((b) => ({ word: null as Uint32Array | null, bits: b }));
  for (let f = fields.length - 1; f >= 0; f--) {
    const w = word[f];
    if (w < 0) continue;
    const field = fields[f];
    if (field.own !== undefined && field.bits === bits[w]) {
      words[w].word = field.own[c];
      continue;
    }
    const out = (words[w].word ??= new Uint32Array(n));
    field.put(c, out, 0, 1, shift[f], shift[f] === 0);
  }
  return words as { word: Uint32Array; bits: number }[];
}

/**
 * Column c's keys (n rows) packed as packedWords does, row after row, the most significant word
 * first (`width` words a row): the merge compares a row's words in one array.
 */
export function rowMajorWords(fields: readonly KeyField[], c: number, n: number): { keys: Uint32Array; width: number } {
  const { word, shift, bits } = wordLayout(fields);
  const width = bits.length;
  const keys = new Uint32Array(n * width);
  for (let f = fields.length - 1; f >= 0; f--) {
    const w = word[f];
    if (w >= 0) fields[f].put(c, keys, width - 1 - w, width, shift[f], shift[f] === 0);
  }
  return { keys, width };
}

// feedback for the stores after the range scans' loops (see above firstNull)
warmUp(() => {
  integerRange(new Float64Array(1), null, 1, { lo: Infinity, hi: -Infinity });
  int64Range(new BigInt64Array(1), null, 1, { lo: 0n, hi: 0n, seen: false });
});
