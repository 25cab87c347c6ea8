/**
 * Encodes columns as CSV bytes straight into one reused buffer: the same text as
 * formatCsvRows (write-csv.ts), without building a JS string per field, per row and per batch.
 * A string column's dictionary is quoted and UTF-8 encoded once per batch (when it is no
 * larger than the batch), or entry by entry once per thread (a larger one that batches share:
 * encoded-entries.ts), and each row copies its entry's bytes; integers are written digit by
 * digit; other numbers, timestamps and dates go through their usual string form.
 * The buffer is handed to `flush` whenever it fills, so a writer's memory does not grow with
 * the batch (a 64k-row batch as one string was ~4 MB of garbage, and its UTF-8 copy another).
 */
import type { Column } from '../../kernels/column.js';
import { formatDate, formatTimestamp } from '../../kernels/civil-time.js';
import { encodeStrings } from '../../table/arrow-buffers.js';
import { encodedEntries, LONG, SLOT, UNSET, type EncodedEntries } from './encoded-entries.js';
import { rowLoop, type FieldWriter } from './row-loop.js';
import { isNullSpelling, quote } from './write-csv.js';
import { anchorShape } from '../../kernels/shape-anchor.js';

const MINUS = 45;
const ZERO = 48;
const DOT = 46;
const TWO_50 = 2 ** 50;

/** 10^k for k = 0..15. */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * Decimal digits of a non-negative safe integer: compares with powers of ten (a loop of
 * divisions by 10 was a chain of float divisions, ~40 ns for an 8-digit number).
 */
function digitCount(v: number): number {
  if (v < 1e8) {
    if (v < 1e4) return v < 100 ? (v < 10 ? 1 : 2) : (v < 1000 ? 3 : 4);
    return v < 1e6 ? (v < 1e5 ? 5 : 6) : (v < 1e7 ? 7 : 8);
  }
  let d = 9;
  while (d < 16 && v >= POW10[d]) d++;
  return d;
}

/** Writes the digits of a non-negative safe integer `v` backwards, ending just before `at`; returns where they start. */
function digitsBefore(buf: Buffer, at: number, v: number, count: number): number {
  let p = at;
  if (v < 0x80000000) {
    // int32 division by a constant: a multiply, not a float division
    let q = v | 0;
    for (let d = 0; d < count; d++) { const n = (q / 10) | 0; buf[--p] = ZERO + (q - n * 10); q = n; }
  } else {
    let q = v;
    for (let d = 0; d < count; d++) { const n = Math.floor(q / 10); buf[--p] = ZERO + (q - n * 10); q = n; }
  }
  return p;
}

/** A byte buffer filled by the encoder and emptied into `flush` (a file descriptor, a test's array). */
export class ByteBuffer {
  buf: Buffer;
  pos = 0;

  constructor(private readonly sink: (bytes: Uint8Array) => void, size = 1 << 20) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Makes room for `n` more bytes: flushes what is held, and grows for a value larger than the buffer. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }

  flush(): void {
    if (this.pos > 0) this.sink(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  /** A string's UTF-8 bytes (one-byte characters copied directly). */
  text(s: string): void {
    const len = s.length;
    this.room(len * 3);
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    for (let k = 0; k < len; k++) {
      const c = s.charCodeAt(k);
      if (c >= 0x80) { this.pos = start + buf.write(s, start, 'utf8'); return; }
      buf[p++] = c;
    }
    this.pos = p;
  }

  /**
   * A non-integer `v` as String(v) writes it, when a decimal of at most 9 fraction digits is
   * the double exactly (money, measurements, coordinates: what CSV numbers are); returns the
   * fraction digits written, or 0, writing nothing, for the rest (String(v) then does it). The
   * first k whose nearest k-digit decimal r / 10^k converts back to v is the shortest
   * representation, which String(v) prints; with |v| · 10^k < 2^50 the double's spacing is under
   * a quarter of the decimal grid's, so at most one k-digit decimal converts back to v and
   * Math.round(v · 10^k) finds it. Plain notation only (String switches to exponents below 1e-6).
   *
   * `hint`: the digits the column's previous value had (0: none). When its decimal converts back
   * to v, it is the only one with that many digits, so a shorter one would be it with trailing
   * zeros: those are dropped and the rest is the shortest — one division instead of one per
   * digit count tried (a 6-digit column tried 6, ~75 ns a value).
   */
  decimal(v: number, hint = 0): number {
    const a = v < 0 ? -v : v;
    if (!(a >= 1e-6 && a < 1e15)) return 0;
    let k = 0;
    let r = 0;
    if (hint > 0) {
      const m = a * POW10[hint];
      if (m < TWO_50) {
        r = Math.round(m);
        if (r / POW10[hint] === a) {
          k = hint;
          // (no %: a float modulo is a call into the runtime)
          while (k > 1 && r - Math.floor(r / 10) * 10 === 0) { r /= 10; k--; }
        }
      }
    }
    for (let j = 1; k === 0 && j <= 9; j++) {
      const m = a * POW10[j];
      if (m >= TWO_50) return 0;
      r = Math.round(m);
      if (r / POW10[j] === a) k = j;
    }
    if (k === 0) return 0;
    this.room(27);
    const buf = this.buf;
    const p = this.pos + (v < 0 ? 1 : 0);
    if (v < 0) buf[this.pos] = MINUS;
    const digits = digitCount(r);
    // r's digits with a point before the last k: "0.0…" when r has no more than k digits
    const len = digits > k ? digits + 1 : k + 2;
    // the k fraction digits, the point, then the integer part's digits (a 0 when it has none)
    const whole = Math.floor(r / POW10[k]);
    let at = digitsBefore(buf, p + len, r - whole * POW10[k], k);
    buf[--at] = DOT;
    if (whole === 0) buf[--at] = ZERO;
    else digitsBefore(buf, at, whole, digitCount(whole));
    this.pos = p + len;
    return k;
  }

  /** The decimal digits of a safe integer (as String(v) writes it: no sign for -0). */
  int(v: number): void {
    this.room(17);
    const buf = this.buf;
    let p = this.pos;
    if (v < 0) { buf[p++] = MINUS; v = -v; }
    const digits = digitCount(v);
    this.pos = p + digits;
    digitsBefore(buf, p + digits, v, digits);
  }
}

/** Per thread, a staging buffer for each column place of a batch (stageSlots). */
const staging: Uint32Array[] = [];

/**
 * The slots of rows [0, n)'s entries (their valid rows'), copied row after row into column k's
 * staging buffer first, encoding any entry not yet encoded: a row's slot is a random read of a
 * table larger than the cache (100 k ids: 1.6 MB), and in this short loop the reads overlap;
 * read while writing the row, each waited for the memory alone (~100 ns a row).
 */
function stageSlots(kept: EncodedEntries, dict: readonly string[], codes: Int32Array, valid: Uint8Array | null, n: number, k: number): Uint8Array {
  // a slot is four 32-bit words
  if ((staging[k]?.length ?? 0) < n * 4) staging[k] = new Uint32Array(Math.max(n, 1024) * 4);
  const out = staging[k];
  const slots = kept.slots;
  const words = new Uint32Array(slots.buffer, slots.byteOffset, slots.length >> 2);
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    if (valid !== null && valid[i] === 0) continue;
    const code = codes[i];
    if (slots[code * SLOT] === UNSET) kept.add(code, dict[code]);
    const at = code * 4;
    out[o] = words[at];
    out[o + 1] = words[at + 1];
    out[o + 2] = words[at + 2];
    out[o + 3] = words[at + 3];
  }
  return new Uint8Array(out.buffer, 0, n * SLOT);
}

/** Entry `code` of `kept` whose text is longer than a slot. */
function writeLong(out: ByteBuffer, kept: EncodedEntries, code: number): void {
  const { from, length } = kept.long.get(code)!;
  out.room(length);
  kept.arena.copy(out.buf, out.pos, from, from + length);
  out.pos += length;
}

const QUOTE_CHAR = 0x22;

/**
 * Writes `s` as one CSV field: copied as it is while checking that it needs no quotes (ASCII,
 * no delimiter, quote or line break, not a null spelling), else written through `quote`. One
 * pass instead of quote's four searches and then a copy: a join's output strings, written row
 * by row, spent 2.0 s of 35 in `quote` on db-benchmark join q5. `delim` is the delimiter's
 * byte, or -1 for a delimiter of several bytes (always `quote`).
 */
function plainOrQuoted(out: ByteBuffer, s: string, delimiter: string, delim: number): void {
  const len = s.length;
  if (delim >= 0 && !isNullSpelling(s)) {
    out.room(len);
    const buf = out.buf;
    const start = out.pos;
    let p = start;
    let k = 0;
    for (; k < len; k++) {
      const c = s.charCodeAt(k);
      if (c >= 0x80 || c === delim || c === QUOTE_CHAR || c === 0x0a || c === 0x0d) break;
      buf[p++] = c;
    }
    if (k === len) { out.pos = p; return; }
  }
  out.text(quote(s, delimiter));
}

/** Appends n rows of `cols` as CSV lines (each ended by '\n') to `out`. */
export function encodeCsvRows(cols: readonly Column[], n: number, delimiter: string, out: ByteBuffer): void {
  if (cols.length === 0) return;
  const writers = cols.map((c, k) => valueWriter(c, n, delimiter, out, k));
  const delim = Buffer.from(delimiter, 'utf8');
  // a null field is written empty: its validity is checked by the loop, not the writer
  rowLoop(cols.length, delim.length === 1)(writers, cols.map((c) => c.valid), n, out, delim);
}

/** `k`: the column's place in the batch (its staging buffer's). */
function valueWriter(c: Column, n: number, delimiter: string, out: ByteBuffer, k: number): FieldWriter {
  switch (c.dtype) {
    case 'string': {
      const dict = c.dict!;
      const codes = c.values as Int32Array;
      // a dictionary about as large as the batch or larger (mostly distinct values, or a dictionary
      // shared by many batches) is written row by row: quoting, joining and encoding it whole
      // first cost ~3x as much a value (a join's id columns)
      if (dict.length * 4 > n) {
        // one seen before (shared by batches): its entries' bytes, encoded once (encoded-entries.ts)
        const kept = encodedEntries(dict, delimiter, n);
        if (kept !== null) {
          const staged = stageSlots(kept, dict, codes, c.valid, n, k);
          return (i) => {
            const at = i * SLOT;
            const len = staged[at];
            if (len === LONG) { writeLong(out, kept, codes[i]); return; }
            out.room(len);
            const { buf, pos } = out;
            for (let b = 0; b < len; b++) buf[pos + b] = staged[at + 1 + b];
            out.pos = pos + len;
          };
        }
        const delim = delimiter.length === 1 && delimiter.charCodeAt(0) < 0x80 ? delimiter.charCodeAt(0) : -1;
        return (i) => plainOrQuoted(out, dict[codes[i]], delimiter, delim);
      }
      const { offsets, data } = encodeStrings(dict.map((s) => quote(s, delimiter)));
      return (i) => {
        const code = codes[i];
        const from = offsets[code];
        const len = offsets[code + 1] - from;
        out.room(len);
        const buf = out.buf;
        let p = out.pos;
        for (let k = 0; k < len; k++) buf[p++] = data[from + k];
        out.pos = p;
      };
    }
    case 'bool': {
      const values = c.values;
      return (i) => out.text(values[i] === 1 ? 'true' : 'false');
    }
    case 'timestamp': {
      const values = c.values as Float64Array;
      return (i) => out.text(formatTimestamp(values[i]));
    }
    case 'date': {
      const values = c.values;
      return (i) => out.text(formatDate(values[i] as number));
    }
    default: {
      const values = c.values;
      if (values instanceof BigInt64Array) return (i) => out.text(String(values[i]));
      const nums = values as Float64Array | Int32Array;
      let digits = 0; // the column's last value's fraction digits (ByteBuffer.decimal's hint)
      // a float64 whole number reads `2.0`, as the CLI prints it (and pandas, Polars and DuckDB
      // write it): read back, the column is float64 again, not int64
      const point = c.dtype === 'float64';
      return (i) => {
        const v = nums[i];
        if (Number.isSafeInteger(v)) {
          // -0.0 keeps its sign, as pandas and DuckDB write it
          if (point && v === 0 && 1 / v < 0) out.text('-');
          out.int(v);
          if (point) out.text('.0');
        } else if (point && Number.isInteger(v) && v < 1e21 && v > -1e21) {
          // whole past 2^53: String() still writes its digits
          out.text(`${String(v)}.0`);
        } else {
          const k = out.decimal(v, digits);
          if (k > 0) digits = k;
          else out.text(String(v));
        }
      };
    }
  }
}

// keeps the buffer's hidden class across a worker's tasks (kernels/shape-anchor.ts)
anchorShape(new ByteBuffer(() => {}, 16));
