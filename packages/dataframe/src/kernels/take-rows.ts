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
import { IdleRelease } from './idle-release.js';
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

/**
 * Per thread: the last records' memory, lent to the next recordTaker (null while lent). A fresh
 * buffer's pages are faulted in one by one as the records are packed — on this project's VMs
 * ~10 µs a 4 kB page, 25 MB a q10 run: ~60 ms, more than the packing. Let go when no taker has
 * borrowed it for a while (idle-release.ts: the end of a query's map tasks). Two takers at once each have their own;
 * the larger one released is kept.
 */
let kept: ArrayBuffer | null = null;
const dropLater = new IdleRelease(() => { kept = null; });

/** Takes the rows `rows` of every column; `release()` when done (a record taker then lends its memory on). */
export type RowTaker = ((rows: Int32Array) => Column[]) & { release(): void };

/** `records`: lay the rows out as records first (default: for RECORD_ROWS rows or more of three columns or more). */
export function rowTaker(cols: readonly Column[], records = cols.length >= 3 && (cols[0]?.length ?? 0) >= RECORD_ROWS): RowTaker {
  if (records && cols.every((c) => !(c.values instanceof BigInt64Array))) return recordTaker(cols);
  const nullable = cols.flatMap((c, k) => (c.valid !== null ? [k] : []));
  if (nullable.length < 2) return Object.assign((rows: Int32Array) => cols.map((c) => takeColumn(c, rows)), { release() {} });
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
  return Object.assign((rows: Int32Array) => {
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
  }, { release() {} });
}

/**
 * The columns copied row by row into records of 4-byte words — the float64 values first (two
 * words each, 8-byte aligned), then the int32 ones, then the bytes: uint8 values, then the
 * validity of every nullable column as bits — each record an even number of words. Taking a row
 * reads its record once and writes each column's value; db-benchmark q10's sort runs (8 columns,
 * 9 nullable: 44 bytes a row) read 1–2 cache lines a row instead of 8 to 9.
 */
function recordTaker(cols: readonly Column[]): RowTaker {
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
  dropLater.busy();
  const bytes = n * stride * 4;
  // every byte of a record is written below (the validity bytes assigned by their first column), so lent memory needs no clearing;
  // a new buffer has room for a somewhat larger next run
  const buffer = kept !== null && kept.byteLength >= bytes ? kept : new ArrayBuffer(8 * Math.ceil((bytes * 1.25) / 8));
  kept = null;
  const w64 = new Float64Array(buffer, 0, bytes >> 3);
  const w32 = new Int32Array(buffer, 0, bytes >> 2);
  const w8 = new Uint8Array(buffer, 0, bytes);
  const half = stride >> 1;
  // a block of rows at a time, each column into it in turn: the block's records stay in cache
  // across the columns (a column at a time over all the rows went through every record again)
  for (let lo = 0; lo < n; lo += PACK) {
    const hi = Math.min(n, lo + PACK);
    for (let s = 0; s < F; s++) packF64(w64, cols[f64[s]].values as Float64Array, lo, hi, lo * half + s, half);
    for (let s = 0; s < I; s++) packI32(w32, cols[i32[s]].values as Int32Array, lo, hi, lo * stride + 2 * F + s, stride);
    for (let s = 0; s < U; s++) packU8(w8, cols[u8[s]].values as Uint8Array, lo, hi, 4 * (lo * stride + bytesAt) + s, 4 * stride);
    for (let b = 0; b < nullable.length; b++) {
      packBit(w8, cols[nullable[b]].valid!, lo, hi, 4 * (lo * stride + bytesAt) + U + (b >> 3), 4 * stride, 1 << (b & 7));
    }
  }
  const take = (rows: Int32Array): Column[] => {
    const m = rows.length;
    // the rows' records, one after another (the only reads at random: a record each), then each
    // column read out of them in order
    // a thread's one scratch, grown as needed: never held past the call (a new array a segment was
    // ~0.2 GB of short-lived external memory a worker in q10, each counted toward a collection)
    if (scratch.length < m * stride) scratch = new Int32Array(Math.max(m * stride, 2 * scratch.length));
    const taken = scratch;
    sink.touched = gatherRecords(w32, rows, stride, taken);
    const t64 = new Float64Array(taken.buffer);
    const t8 = new Uint8Array(taken.buffer);
    const values: (Float64Array | Int32Array | Uint8Array)[] = new Array(cols.length);
    const valid: (Uint8Array | null)[] = cols.map(() => null);
    for (let s = 0; s < F; s++) values[f64[s]] = unpackF64(t64, m, s, half);
    for (let s = 0; s < I; s++) values[i32[s]] = unpackI32(taken, m, 2 * F + s, stride);
    for (let s = 0; s < U; s++) values[u8[s]] = unpackU8(t8, m, 4 * bytesAt + s, 4 * stride);
    for (let b = 0; b < nullable.length; b++) valid[nullable[b]] = unpackBit(t8, m, 4 * bytesAt + U + (b >> 3), 4 * stride, b & 7);
    return cols.map((c, k) => ({ dtype: c.dtype, length: m, values: values[k], valid: valid[k], dict: c.dict }));
  };
  let released = false;
  return Object.assign(take, {
    release(): void {
      if (released) return;
      released = true;
      if (kept === null || kept.byteLength < buffer.byteLength) kept = buffer;
      dropLater.idle();
    },
  });
}

// The loops that pack columns into records and read them back out, each a function of its own
// at the top level: written as closures inside recordTaker (a new one each call), V8 kept
// re-entering their optimized code with the new closure's empty feedback and deoptimizing
// ("insufficient type feedback", q10: packing ran at ~130–180 ns a row instead of ~35).

function packF64(w64: Float64Array, v: Float64Array, lo: number, hi: number, o: number, step: number): void {
  for (let i = lo; i < hi; i++, o += step) w64[o] = v[i];
}

function packI32(w32: Int32Array, v: Int32Array, lo: number, hi: number, o: number, step: number): void {
  for (let i = lo; i < hi; i++, o += step) w32[o] = v[i];
}

function packU8(w8: Uint8Array, v: Uint8Array, lo: number, hi: number, o: number, step: number): void {
  for (let i = lo; i < hi; i++, o += step) w8[o] = v[i];
}

/** The first column of a byte (bit 1) sets it, the others add their bit. */
function packBit(w8: Uint8Array, valid: Uint8Array, lo: number, hi: number, o: number, step: number, bit: number): void {
  if (bit === 1) for (let i = lo; i < hi; i++, o += step) w8[o] = valid[i] !== 0 ? 1 : 0;
  else for (let i = lo; i < hi; i++, o += step) if (valid[i] !== 0) w8[o] |= bit;
}

/**
 * The records of `rows`, one after another, into `taken`; returns what touching them read (kept
 * by the caller, so the loads are not dropped). A block's records are touched first (the first
 * and last word: the one or two lines of each) in a loop of nothing else, so that their misses
 * overlap: the copy's inner loop lets few rows wait at once. At the top level too: inside take,
 * V8 compiled the loops on the stack during a long first call and left that code at the store
 * after them, which had no feedback yet (q10: ~20 deoptimizations a worker).
 */
function gatherRecords(w32: Int32Array, rows: Int32Array, stride: number, taken: Int32Array): number {
  const m = rows.length;
  let touched = 0;
  for (let lo = 0, o = 0; lo < m; lo += TOUCH) {
    const hi = Math.min(m, lo + TOUCH);
    for (let i = lo; i < hi; i++) { const r = rows[i] * stride; touched ^= w32[r] ^ w32[r + stride - 1]; }
    for (let i = lo; i < hi; i++) {
      for (let r = rows[i] * stride, end = r + stride; r < end; r++, o++) taken[o] = w32[r];
    }
  }
  return touched;
}

function unpackF64(t64: Float64Array, m: number, o: number, step: number): Float64Array {
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++, o += step) out[i] = t64[o];
  return out;
}

function unpackI32(t32: Int32Array, m: number, o: number, step: number): Int32Array {
  const out = new Int32Array(m);
  for (let i = 0; i < m; i++, o += step) out[i] = t32[o];
  return out;
}

function unpackU8(t8: Uint8Array, m: number, o: number, step: number): Uint8Array {
  const out = new Uint8Array(m);
  for (let i = 0; i < m; i++, o += step) out[i] = t8[o];
  return out;
}

function unpackBit(t8: Uint8Array, m: number, o: number, step: number, shift: number): Uint8Array {
  const out = new Uint8Array(m);
  for (let i = 0; i < m; i++, o += step) out[i] = (t8[o] >> shift) & 1;
  return out;
}
