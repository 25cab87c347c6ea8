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
import { anchorWriters, fieldWriter } from './field-writers.js';
import { rowLoop } from './row-loop.js';
import { anchorShape } from '../../kernels/shape-anchor.js';
import { warmUp } from '../../kernels/warm-up.js';

const MINUS = 45;
const ZERO = 48;
const DOT = 46;
const TWO_50 = 2 ** 50;

/** Values and hints ByteBuffer.decimal is warmed up with: fractions of 1 to 8 digits, scaled values in and past int32, trailing zeros, one that no decimal fits. */
const WARM_DECIMALS: readonly (readonly [number, number])[] = [
  [0.5, 0], [12.25, 2], [3.125, 3], [47.93847561, 0], [123456.789, 3], [98765432.1, 1], [0.000125, 6], [Math.PI, 0], [1.5, 3],
  // past int32 once scaled: with trailing zeros to drop, and with a whole part of 10 digits
  [123456789.5, 3], [5000000000.5, 0], [4294967296.25, 2],
];

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

/** The two ASCII digits of 0…99, at 2n and 2n + 1. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => ZERO + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));

/**
 * Writes the `count` last decimal digits of a non-negative safe integer `v` backwards (zeros
 * before its own digits when it has fewer), ending just before `at`; returns where they start.
 * Two digits a division, from a table of the pairs.
 */
function digitsBefore(buf: Buffer, at: number, v: number, count: number): number {
  let p = at;
  let c = count;
  if (v < 0x80000000) {
    // int32 division by a constant: a multiply, not a float division
    let q = v | 0;
    for (; c >= 2; c -= 2) { const n = (q / 100) | 0; const r = (q - n * 100) << 1; buf[--p] = PAIRS[r + 1]; buf[--p] = PAIRS[r]; q = n; }
    if (c === 1) buf[--p] = ZERO + (q - ((q / 10) | 0) * 10);
  } else {
    let q = v;
    for (; c >= 2; c -= 2) { const n = Math.floor(q / 100); const r = (q - n * 100) * 2; buf[--p] = PAIRS[r + 1]; buf[--p] = PAIRS[r]; q = n; }
    if (c === 1) buf[--p] = ZERO + (q - Math.floor(q / 10) * 10);
  }
  return p;
}

/** A byte buffer filled by the encoder and emptied into `flush` (a file descriptor, a test's array). */
export class ByteBuffer {
  buf: Buffer;
  pos = 0;
  /** Bytes handed to the sink so far. */
  flushed = 0;

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
    this.flushed += this.pos;
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
          // trailing zeros dropped (no %: a float modulo is a call into the runtime; an int32's
          // division by 10 is a multiply)
          if (r < 0x80000000) {
            let q = r | 0;
            while (k > 1 && q - ((q / 10) | 0) * 10 === 0) { q = (q / 10) | 0; k--; }
            r = q;
          } else {
            while (k > 1 && r - Math.floor(r / 10) * 10 === 0) { r /= 10; k--; }
          }
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
    // the integer part's digits (a 0 when it has none), the point, the k fraction digits. r / 10^k
    // is a to the bit (checked above), and a's spacing is under a quarter of 10^-k (|a| 10^k <
    // 2^50), so a's floor is the decimal's integer part: no division for it
    const whole = Math.floor(a);
    const wholeDigits = whole === 0 ? 1 : digitCount(whole);
    const len = wholeDigits + 1 + k;
    let at = digitsBefore(buf, p + len, r - whole * POW10[k], k);
    buf[--at] = DOT;
    if (whole === 0) buf[--at] = ZERO;
    else digitsBefore(buf, at, whole, wholeDigits);
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

/** Appends n rows of `cols` as CSV lines (each ended by '\n') to `out`; ends[i], if given: where row i ends (see RowLoop). */
export function encodeCsvRows(cols: readonly Column[], n: number, delimiter: string, out: ByteBuffer, ends: Int32Array | null = null): void {
  if (cols.length === 0) return;
  const writers = cols.map((c, k) => fieldWriter(c, n, delimiter, out, k));
  const delim = Buffer.from(delimiter, 'utf8');
  // a null field is written empty: its validity is checked by the loop, not the writer
  rowLoop(cols.length, delim.length === 1, ends !== null)(writers, cols.map((c) => c.valid), n, out, delim, ends);
}

/** Rows as CSV lines, and where each ends (lines[ends[i - 1], ends[i]) is row i), for a caller that orders them itself (CsvLines). */
export interface CsvLines {
  bytes: Uint8Array;
  ends: Int32Array;
}

/** n rows of `cols` as CsvLines (`size`: the encoder's buffer, emptied into the lines as it fills). */
export function csvLines(cols: readonly Column[], n: number, delimiter: string, size = 1 << 20): CsvLines {
  let bytes = new Uint8Array(0);
  // each flush of the encoder's buffer appended (it is reused: its bytes are copied out)
  const out = new ByteBuffer((b) => {
    const at = out.flushed;
    if (at + b.length > bytes.length) {
      const grown = new Uint8Array(Math.max(at + b.length, 2 * bytes.length));
      grown.set(bytes.subarray(0, at));
      bytes = grown;
    }
    bytes.set(b, at);
  }, size);
  const ends = new Int32Array(n);
  encodeCsvRows(cols, n, delimiter, out, ends);
  out.flush();
  return { bytes: bytes.length === out.flushed ? bytes : bytes.slice(0, out.flushed), ends };
}

// keeps the buffer's and the writers' hidden classes across a worker's tasks (kernels/shape-anchor.ts)
anchorWriters(anchorShape(new ByteBuffer(() => {}, 16)));

// ByteBuffer's branches run when the module loads, on a small buffer (kernels/warm-up.ts): a
// writer's int and decimal are inlined into the compiled row loop, and a branch first met after
// that compile — a number's 5th to 8th digit (sums that grow), a larger decimal, the buffer's
// first flush after 1 MB — bailed out of it, and it was compiled again (db-benchmark q5's
// answer: 7 bail-outs a run, q3's 3). One value a call, so that the warm-up gives feedback
// without making V8 compile them here.
const warmBuffer = new ByteBuffer(() => {}, 64);
warmUp((k) => {
  const sign = k % 2 === 0 ? 1 : -1;
  warmBuffer.int(sign * (10 ** (k % 16) + k));
  const [v, hint] = WARM_DECIMALS[k % WARM_DECIMALS.length];
  warmBuffer.decimal(sign * v, hint);
  warmBuffer.text(k % 2 === 0 ? 'floe' : 'flöe');
});
