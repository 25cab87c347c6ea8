/**
 * Takes the same rows of several columns, again and again (the segments of a sorted run, each
 * through its slice of the sort permutation). The validity of up to eight nullable columns is
 * first packed into one byte a row, so a row taken reads one byte at a random place instead of
 * eight: db-benchmark q10's nine nullable columns spent more in their validity gathers (~1 s of
 * a worker) than in any one kind of value.
 *
 * Many rows of several columns are first laid out row by row (recordTaker): a row taken at
 * random then reads one record — one or two cache lines — instead of a line in every column.
 */
import type { Column } from './column.js';
import { gatherU8, takeColumn, takeValues } from './sort.js';

/** Rows packed into records together (recordTaker): 48 kB of q10's records. */
const PACK = 1024;
/** Records touched before they are copied (recordTaker). */
const TOUCH = 128;
/** Where the touch loop's loads go, so that they are not optimized away; means nothing. */
const sink = { touched: 0 };
/** The records a take copies out, before its columns are read out of them. */
let scratch = new Int32Array(0);

/** From this many rows (the columns then outgrow the caches) records pay for their copy. */
const RECORD_ROWS = 1 << 16;

/** `records`: lay the rows out as records first (default: for RECORD_ROWS rows or more of three columns or more). */
export function rowTaker(cols: readonly Column[], records = cols.length >= 3 && (cols[0]?.length ?? 0) >= RECORD_ROWS): (rows: Int32Array) => Column[] {
  if (records && cols.every((c) => !(c.values instanceof BigInt64Array))) return recordTaker(cols);
  const nullable = cols.flatMap((c, k) => (c.valid !== null ? [k] : []));
  if (nullable.length < 2) return (rows) => cols.map((c) => takeColumn(c, rows));
  const n = cols[0].length;
  const masks: Uint8Array[] = [];
  for (let g = 0; g < nullable.length; g += 8) {
    const mask = new Uint8Array(n);
    for (let b = 0; b < 8 && g + b < nullable.length; b++) {
      const valid = cols[nullable[g + b]].valid!;
      const bit = 1 << b;
      for (let i = 0; i < n; i++) if (valid[i] !== 0) mask[i] |= bit;
    }
    masks.push(mask);
  }
  return (rows) => {
    const m = rows.length;
    const valid: (Uint8Array | null)[] = cols.map(() => null);
    masks.forEach((mask, g) => {
      const taken = gatherU8(mask, rows);
      for (let b = 0; b < 8 && g * 8 + b < nullable.length; b++) {
        const v = new Uint8Array(m);
        for (let i = 0; i < m; i++) v[i] = (taken[i] >> b) & 1;
        valid[nullable[g * 8 + b]] = v;
      }
    });
    return cols.map((c, k) => ({ ...takeValues(c, rows), valid: valid[k] }));
  };
}

/**
 * The columns copied row by row into records of 4-byte words — the float64 values first (two
 * words each, 8-byte aligned), then the int32 ones, then the bytes: uint8 values, then the
 * validity of every nullable column as bits — each record an even number of words. Taking a row
 * reads its record once and writes each column's value; db-benchmark q10's sort runs (8 columns,
 * 9 nullable: 44 bytes a row) read 1–2 cache lines a row instead of 8 to 9.
 */
function recordTaker(cols: readonly Column[]): (rows: Int32Array) => Column[] {
  const n = cols[0].length;
  const f64 = cols.flatMap((c, k) => (c.values instanceof Float64Array ? [k] : []));
  const i32 = cols.flatMap((c, k) => (c.values instanceof Int32Array ? [k] : []));
  const u8 = cols.flatMap((c, k) => (c.values instanceof Uint8Array ? [k] : []));
  const nullable = cols.flatMap((c, k) => (c.valid !== null ? [k] : []));
  const F = f64.length;
  const I = i32.length;
  const U = u8.length;
  const bytesAt = 2 * F + I; // the word where the bytes start
  const words = bytesAt + Math.ceil((U + Math.ceil(nullable.length / 8)) / 4);
  const stride = words + (words & 1);
  const buffer = new ArrayBuffer(n * stride * 4);
  const w64 = new Float64Array(buffer);
  const w32 = new Int32Array(buffer);
  const w8 = new Uint8Array(buffer);
  const half = stride >> 1;
  // a block of rows at a time, each column into it in turn: the block's records stay in cache
  // across the columns (a column at a time over all the rows went through every record again)
  for (let lo = 0; lo < n; lo += PACK) {
    const hi = Math.min(n, lo + PACK);
    f64.forEach((k, s) => {
      const v = cols[k].values as Float64Array;
      for (let i = lo, o = lo * half + s; i < hi; i++, o += half) w64[o] = v[i];
    });
    i32.forEach((k, s) => {
      const v = cols[k].values as Int32Array;
      for (let i = lo, o = lo * stride + 2 * F + s; i < hi; i++, o += stride) w32[o] = v[i];
    });
    u8.forEach((k, s) => {
      const v = cols[k].values as Uint8Array;
      for (let i = lo, o = 4 * (lo * stride + bytesAt) + s; i < hi; i++, o += 4 * stride) w8[o] = v[i];
    });
    nullable.forEach((k, b) => {
      const valid = cols[k].valid!;
      const bit = 1 << (b & 7);
      for (let i = lo, o = 4 * (lo * stride + bytesAt) + U + (b >> 3); i < hi; i++, o += 4 * stride) if (valid[i] !== 0) w8[o] |= bit;
    });
  }
  return (rows) => {
    const m = rows.length;
    // the rows' records, one after another (the only reads at random: a record each), then each
    // column read out of them in order
    // a thread's one scratch, grown as needed: never held past the call (a new array a segment was
    // ~0.2 GB of short-lived external memory a worker in q10, each counted toward a collection)
    if (scratch.length < m * stride) scratch = new Int32Array(Math.max(m * stride, 2 * scratch.length));
    const taken = scratch;
    let touched = 0;
    for (let lo = 0, o = 0; lo < m; lo += TOUCH) {
      const hi = Math.min(m, lo + TOUCH);
      // a block's records touched first (first and last word: the one or two lines of each) in a
      // loop of nothing else, so that their misses overlap: the copy's inner loop lets few rows wait at once
      for (let i = lo; i < hi; i++) { const r = rows[i] * stride; touched ^= w32[r] ^ w32[r + stride - 1]; }
      for (let i = lo; i < hi; i++) {
        for (let r = rows[i] * stride, end = r + stride; r < end; r++, o++) taken[o] = w32[r];
      }
    }
    sink.touched = touched;
    const t64 = new Float64Array(taken.buffer);
    const t8 = new Uint8Array(taken.buffer);
    const values: (Float64Array | Int32Array | Uint8Array)[] = new Array(cols.length);
    const valid: (Uint8Array | null)[] = cols.map(() => null);
    f64.forEach((k, s) => {
      const out = new Float64Array(m);
      for (let i = 0, o = s; i < m; i++, o += half) out[i] = t64[o];
      values[k] = out;
    });
    i32.forEach((k, s) => {
      const out = new Int32Array(m);
      for (let i = 0, o = 2 * F + s; i < m; i++, o += stride) out[i] = taken[o];
      values[k] = out;
    });
    u8.forEach((k, s) => {
      const out = new Uint8Array(m);
      for (let i = 0, o = 4 * bytesAt + s; i < m; i++, o += 4 * stride) out[i] = t8[o];
      values[k] = out;
    });
    nullable.forEach((k, b) => {
      const out = new Uint8Array(m);
      const shift = b & 7;
      for (let i = 0, o = 4 * bytesAt + U + (b >> 3); i < m; i++, o += 4 * stride) out[i] = (t8[o] >> shift) & 1;
      valid[k] = out;
    });
    return cols.map((c, k) => ({ dtype: c.dtype, length: m, values: values[k], valid: valid[k], dict: c.dict }));
  };
}
