/**
 * The CSV encoder's writers of one column's fields (csv-encoder.ts): one object a column and
 * batch, of a class for each way a column is written, called row by row from the generated row
 * loop (row-loop.ts) as `w.write(i)`.
 *
 * Objects of a few classes, not closures: the row loop's optimized code inlines the writer each
 * call site sees, and for a closure it checked the closure itself — a new one every batch. When
 * a batch's closures were collected, V8 threw that code away ("weak objects") and compiled the
 * loop again: db-benchmark q10 under a 256 MB budget compiled it ~60 times (~0.9 s of compiler,
 * on threads that share the workers' two cores). A class's instances share a hidden class,
 * which one anchored instance each keeps alive (kernels/shape-anchor.ts).
 */
import type { Column } from '../../kernels/column.js';
import { formatDate, formatTimestamp } from '../../kernels/civil-time.js';
import { anchorShape } from '../../kernels/shape-anchor.js';
import { encodeStrings } from '../../table/arrow-buffers.js';
import type { ByteBuffer } from './csv-encoder.js';
import { encodedEntries, EncodedEntries, LONG, SLOT, UNSET } from './encoded-entries.js';
import { isNullSpelling, mayBeNullSpelling, quote } from './write-csv.js';
import { bytesOf } from '../../kernels/byte-strings.js';

/** Writes row i's field of one column (its validity already checked). */
export interface FieldWriter {
  write(i: number): void;
}

/** `k`: the column's place in the batch (its staging buffer's). */
export function fieldWriter(c: Column, n: number, delimiter: string, out: ByteBuffer, k: number): FieldWriter {
  switch (c.dtype) {
    case 'string': {
      const dict = c.dict!;
      const codes = c.values as Int32Array;
      const bytes = bytesOf(dict);
      if (bytes !== undefined) return new ByteEntryWriter(out, bytes.offsets, bytes.data, codes, delimiter, singleByte(delimiter));
      // a dictionary about as large as the batch or larger (mostly distinct values, or a dictionary
      // shared by many batches) is written row by row: quoting, joining and encoding it whole
      // first cost ~3x as much a value (a join's id columns)
      if (dict.length * 4 > n) {
        // one seen before (shared by batches): its entries' bytes, encoded once (encoded-entries.ts)
        const kept = encodedEntries(dict, delimiter, n);
        if (kept !== null) return new KeptEntryWriter(out, kept, codes, stageSlots(kept, dict, codes, c.valid, n, k));
        return new StringWriter(out, dict, codes, delimiter, singleByte(delimiter));
      }
      const { offsets, data } = encodeStrings(dict.map((s) => quote(s, delimiter)));
      return new EncodedDictWriter(out, codes, offsets, data);
    }
    case 'bool': return new BoolWriter(out, c.values as Uint8Array);
    case 'timestamp': return new TimestampWriter(out, c.values as Float64Array);
    case 'date': return new DateWriter(out, c.values as Int32Array);
    default: {
      const values = c.values;
      if (values instanceof BigInt64Array) return new BigIntWriter(out, values);
      // a float64 whole number reads `2.0`, as the CLI prints it (and pandas, Polars and DuckDB
      // write it): read back, the column is float64 again, not int64
      if (values instanceof Int32Array) return new Int32Writer(out, values, c.dtype === 'float64');
      return new NumberWriter(out, values as Float64Array, c.dtype === 'float64');
    }
  }
}

/** The delimiter's byte, or -1 when it is not one ASCII character. */
function singleByte(delimiter: string): number {
  return delimiter.length === 1 && delimiter.charCodeAt(0) < 0x80 ? delimiter.charCodeAt(0) : -1;
}

/**
 * An entry of a dictionary held as bytes (kernels/byte-strings.ts), copied as it is unless it
 * needs quotes — or may: a first or last byte that is a space, a control or not ASCII (quote
 * trims Unicode spaces too), a possible null spelling — which the entry's string decides.
 */
class ByteEntryWriter implements FieldWriter {
  constructor(private readonly out: ByteBuffer, private readonly offsets: Int32Array, private readonly data: Uint8Array, private readonly codes: Int32Array, private readonly delimiter: string, private readonly delim: number) {}

  write(i: number): void {
    const code = this.codes[i];
    const { out, data } = this;
    const from = this.offsets[code];
    const to = this.offsets[code + 1];
    const len = to - from;
    if (len > 0 && this.delim >= 0) {
      const first = data[from];
      const last = data[to - 1];
      if (first > 32 && first < 128 && last > 32 && last < 128 && !mayBeNullSpelling(first, len)) {
        out.room(len);
        const buf = out.buf;
        const delim = this.delim;
        let p = out.pos;
        let b = from;
        for (; b < to; b++) {
          const c = data[b];
          if (c === delim || c === QUOTE_CHAR || c === 10 || c === 13) break;
          buf[p++] = c;
        }
        if (b === to) { out.pos = p; return; }
      }
    }
    out.text(quote(Buffer.from(data.buffer, data.byteOffset + from, len).toString('utf8'), this.delimiter));
  }
}

/** A large dictionary's entry, from its bytes encoded once (encoded-entries.ts), staged for the batch (stageSlots). */
class KeptEntryWriter implements FieldWriter {
  constructor(private readonly out: ByteBuffer, private readonly kept: EncodedEntries, private readonly codes: Int32Array, private readonly staged: Uint8Array) {}

  write(i: number): void {
    const staged = this.staged;
    const out = this.out;
    const at = i * SLOT;
    const len = staged[at];
    if (len === LONG) { writeLong(out, this.kept, this.codes[i]); return; }
    out.room(len);
    const { buf, pos } = out;
    for (let b = 0; b < len; b++) buf[pos + b] = staged[at + 1 + b];
    out.pos = pos + len;
  }
}

/** A large dictionary's entry, from its string (a dictionary not kept: mostly distinct values). */
class StringWriter implements FieldWriter {
  constructor(private readonly out: ByteBuffer, private readonly dict: readonly string[], private readonly codes: Int32Array, private readonly delimiter: string, private readonly delim: number) {}

  write(i: number): void {
    plainOrQuoted(this.out, this.dict[this.codes[i]], this.delimiter, this.delim);
  }
}

/** A small dictionary's entry, from the batch's encoding of all its entries. */
class EncodedDictWriter implements FieldWriter {
  constructor(private readonly out: ByteBuffer, private readonly codes: Int32Array, private readonly offsets: Int32Array, private readonly data: Uint8Array) {}

  write(i: number): void {
    const { out, data } = this;
    const code = this.codes[i];
    const from = this.offsets[code];
    const len = this.offsets[code + 1] - from;
    out.room(len);
    const buf = out.buf;
    let p = out.pos;
    for (let k = 0; k < len; k++) buf[p++] = data[from + k];
    out.pos = p;
  }
}

class BoolWriter implements FieldWriter {
  constructor(private readonly out: ByteBuffer, private readonly values: Uint8Array) {}

  write(i: number): void {
    this.out.text(this.values[i] === 1 ? 'true' : 'false');
  }
}

class TimestampWriter implements FieldWriter {
  constructor(private readonly out: ByteBuffer, private readonly values: Float64Array) {}

  write(i: number): void {
    this.out.text(formatTimestamp(this.values[i]));
  }
}

class DateWriter implements FieldWriter {
  constructor(private readonly out: ByteBuffer, private readonly values: Int32Array) {}

  write(i: number): void {
    this.out.text(formatDate(this.values[i]));
  }
}

class BigIntWriter implements FieldWriter {
  constructor(private readonly out: ByteBuffer, private readonly values: BigInt64Array) {}

  write(i: number): void {
    this.out.text(String(this.values[i]));
  }
}

/**
 * Numbers in an Int32Array, digit by digit (no reader makes one for a number column today — they
 * read numbers into Float64Arrays — but a column's values may be either). A class of their own:
 * NumberWriter read both kinds of array at one site, and the row loop it was inlined into slowed
 * for all its columns — rows of three int32 and five other columns 241 → 131 ns.
 */
class Int32Writer implements FieldWriter {
  constructor(private readonly out: ByteBuffer, private readonly nums: Int32Array, private readonly point: boolean) {}

  write(i: number): void {
    this.out.int(this.nums[i]);
    if (this.point) this.out.text('.0');
  }
}

/** Float64 numbers: integers digit by digit, other numbers as their shortest decimal (ByteBuffer.decimal). */
class NumberWriter implements FieldWriter {
  /** The column's last value's fraction digits (ByteBuffer.decimal's hint). */
  private digits = 0;

  /** `point`: a float64 column, whose whole numbers are written with `.0`. */
  constructor(private readonly out: ByteBuffer, private readonly nums: Float64Array, private readonly point: boolean) {}

  write(i: number): void {
    const out = this.out;
    const point = this.point;
    const v = this.nums[i];
    if (Number.isSafeInteger(v)) {
      // -0.0 keeps its sign, as pandas and DuckDB write it
      if (point && v === 0 && 1 / v < 0) out.text('-');
      out.int(v);
      if (point) out.text('.0');
    } else if (point && Number.isInteger(v) && v < 1e21 && v > -1e21) {
      // whole past 2^53: String() still writes its digits
      out.text(`${String(v)}.0`);
    } else {
      const k = out.decimal(v, this.digits);
      if (k > 0) this.digits = k;
      else out.text(String(v));
    }
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
  stageRows(kept, dict, codes, valid, n, out);
  return new Uint8Array(out.buffer, 0, n * SLOT);
}

/**
 * stageSlots' loop, a function of its own: in one body with the code after it, V8 compiled the
 * loop on the stack during its first long call and left that code at the view after the loop,
 * which had no feedback yet — a deoptimization a batch or so (q10: ~10 a worker).
 */
function stageRows(kept: EncodedEntries, dict: readonly string[], codes: Int32Array, valid: Uint8Array | null, n: number, out: Uint32Array): void {
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
 * no delimiter, quote or line break, not a null spelling, no space at either end), else written through `quote`. One
 * pass instead of quote's four searches and then a copy: a join's output strings, written row
 * by row, spent 2.0 s of 35 in `quote` on db-benchmark join q5. `delim` is the delimiter's
 * byte, or -1 for a delimiter of several bytes (always `quote`).
 */
function plainOrQuoted(out: ByteBuffer, s: string, delimiter: string, delim: number): void {
  const len = s.length;
  // a space (or tab) at either end goes through quote, which quotes it
  if (delim >= 0 && !isNullSpelling(s) && (len === 0 || (s.charCodeAt(0) > 0x20 && s.charCodeAt(len - 1) > 0x20))) {
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

/** Keeps one live instance of each writer class, so its hidden class survives a worker's tasks; `out` a real buffer (csv-encoder.ts). */
export function anchorWriters(out: ByteBuffer): void {
  const codes = new Int32Array(1);
  anchorShape(new KeptEntryWriter(out, new EncodedEntries(','), codes, new Uint8Array(1)));
  anchorShape(new StringWriter(out, [''], codes, ',', 44));
  anchorShape(new ByteEntryWriter(out, new Int32Array(2), new Uint8Array(1), codes, ',', 44));
  anchorShape(new EncodedDictWriter(out, codes, new Int32Array(2), new Uint8Array(1)));
  anchorShape(new BoolWriter(out, new Uint8Array(1)));
  anchorShape(new TimestampWriter(out, new Float64Array(1)));
  anchorShape(new DateWriter(out, codes));
  anchorShape(new BigIntWriter(out, new BigInt64Array(1)));
  anchorShape(new NumberWriter(out, new Float64Array(1), true));
  anchorShape(new Int32Writer(out, codes, false));
}
