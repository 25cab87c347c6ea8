/**
 * One flat Parquet column chunk (one column of one row group) → one floe column, page by page,
 * written straight into the typed arrays of floe's layouts: the definition levels become the
 * validity bytes, a dictionary page is converted once and its data pages copy by index (strings
 * keep the dictionary as floe's dictionary codes), INT64 values are converted to doubles unless
 * one of them is past ±2^53, where the whole column is decoded again as bigints. hyparquet reads
 * page headers, decompresses and decodes PLAIN values (hyparquet-pages.ts); definition levels and
 * dictionary indices are decoded into typed arrays by flat-page.ts. Nothing here builds a JS
 * value per row except strings of PLAIN-encoded (non-dictionary) pages.
 */
import type { CompressionCodec, Compressors, DecodedArray, PageHeader, SchemaElement } from 'hyparquet';
import type { Column, ColumnValues } from '../../kernels/column.js';
import { I64_MAX, type Field } from '../../types/dtype.js';
import { scaleToMs } from '../timestamp-scale.js';
import { gatherPacked, readFlatPage, unpackIndices } from './flat-page.js';
import type { ColumnDecoder, DataReader, HyparquetPages } from './hyparquet-pages.js';
import { uncompressPage } from './page-buffers.js';
import type { ColumnPool } from './column-pool.js';
import { decimalScale, PARSERS } from './parquet-types.js';
import { decimalsToDoubles } from './decimal-to-double.js';


export interface ChunkInput {
  field: Field;
  element: SchemaElement;
  root: SchemaElement;
  codec: CompressionCodec;
  /** Decoders of codecs other than SNAPPY (page-buffers.ts); undefined when the file has none. */
  compressors: Compressors | undefined;
  /** The column chunk's bytes: its dictionary page (if any) and data pages. */
  bytes: Uint8Array;
  rows: number;
  /** Where the values go, kept between row groups (column-pool.ts; `slot` names the column); else a new array. */
  pool?: { pool: ColumnPool; slot: string };
}

class WideInt extends Error {}

const MAX_SAFE = 9007199254740991;

export function decodeColumnChunk(pages: HyparquetPages, input: ChunkInput): Column {
  try {
    return decode(pages, input, false);
  } catch (err) {
    if (!(err instanceof WideInt)) throw err;
    return decode(pages, input, true);
  }
}

function decode(pages: HyparquetPages, input: ChunkInput, wide: boolean): Column {
  const { field, element, root, codec, compressors, bytes, rows } = input;
  if (element.type === undefined) throw new Error('a column without a physical type');
  const decoder: ColumnDecoder = {
    pathInSchema: [element.name], type: element.type, element, codec, compressors, parsers: PARSERS, utf8: true,
    schemaPath: [{ element: root, children: [], count: 1, path: [] }, { element, children: [], count: 0, path: [element.name] }],
  };
  const maxDef = element.repetition_type === 'REQUIRED' ? 0 : 1;
  const strings = field.dtype === 'string' ? new StringCodes() : null;
  const out = allocate(field, rows, wide, input.pool);
  let valid: Uint8Array | null = null;
  let dictionary: ColumnValues | null = null;
  let row = 0;
  const reader: DataReader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  while (row < rows && reader.offset < bytes.byteLength) {
    const header: PageHeader = pages.parquetHeader(reader);
    const compressed = bytes.subarray(reader.offset, reader.offset + header.compressed_page_size);
    if (compressed.length !== header.compressed_page_size) throw new Error(`a page of ${header.compressed_page_size} bytes runs past the end of the column chunk`);
    reader.offset += header.compressed_page_size;
    if (header.type === 'DICTIONARY_PAGE') {
      const dh = header.dictionary_page_header;
      if (!dh) throw new Error('a dictionary page without its header');
      const page = uncompressPage(pages, compressed, Number(header.uncompressed_page_size), decoder, 'dictionary');
      const raw = pages.readPlain({ view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 }, element.type, dh.num_values, element.type_length);
      dictionary = toFloe(pages, raw, decoder, field, wide, strings);
      continue;
    }
    if (header.type !== 'DATA_PAGE' && header.type !== 'DATA_PAGE_V2') continue; // index pages carry no values
    const page = readFlatPage(pages, header, compressed, decoder, maxDef);
    const { count, defs, indices } = page;
    if (row + count > rows) throw new Error(`its pages hold more than the ${rows} rows the footer gives the row group`);
    if (indices !== null && dictionary === null) throw new Error('a dictionary-encoded page without a dictionary page');
    if (defs !== null) {
      valid ??= new Uint8Array(rows).fill(1);
      valid.set(defs, row);
    }
    // most pages of most files: dictionary numbers or string codes, no nulls, gathered while unpacked
    if (indices !== null && defs === null && sameLayout(out, dictionary!)) gatherPacked(indices, dictionary!, out as Float64Array | Int32Array, row);
    else if (indices !== null) gather(out, row, count, defs, unpackIndices(indices, dictionary!.length), dictionary!);
    else if (defs !== null || !plainInto(page.values!, count, element, field, wide, out, row)) gather(out, row, count, defs, null, toFloe(pages, page.values!, decoder, field, wide, strings));
    row += count;
  }
  if (row !== rows) throw new Error(`its pages hold ${row} of the ${rows} rows the footer gives the row group`);
  // a pooled array holds the last row group's values where this one's are null: 0 there, as in a new one
  if (valid !== null && input.pool !== undefined && !(out instanceof BigInt64Array)) for (let i = 0; i < rows; i++) if (valid[i] === 0) out[i] = 0;
  if (strings) return { dtype: 'string', length: rows, values: out, valid, dict: strings.dict };
  return { dtype: field.dtype, length: rows, values: out, valid };
}

/**
 * Copies a page's values into out[row, row + count): present values in order (by dictionary
 * index when `indices` is given), nulls skipped (their slots keep 0). One loop per case, so each
 * stays a tight loop over typed arrays.
 */
function gather(out: ColumnValues, row: number, count: number, defs: Uint8Array | null, indices: Int32Array | null, src: ColumnValues): void {
  const o = out as unknown as Record<number, unknown>;
  const s = src as unknown as Record<number, unknown>;
  if (defs === null) {
    if (indices !== null) for (let i = 0; i < count; i++) o[row + i] = s[indices[i]];
    else if (src.length === count && out.constructor === src.constructor) (out as Float64Array).set(src as Float64Array, row);
    else for (let i = 0; i < count; i++) o[row + i] = s[i];
    return;
  }
  let j = 0;
  if (indices !== null) {
    for (let i = 0; i < count; i++) if (defs[i] === 1) o[row + i] = s[indices[j++]];
  } else {
    for (let i = 0; i < count; i++) if (defs[i] === 1) o[row + i] = s[j++];
  }
}

function sameLayout(out: ColumnValues, dict: ColumnValues): dict is Float64Array | Int32Array { // and out, the same
  return (out instanceof Float64Array && dict instanceof Float64Array) || (out instanceof Int32Array && dict instanceof Int32Array);
}

function allocate(field: Field, n: number, wide: boolean, into?: { pool: ColumnPool; slot: string }): ColumnValues {
  if (field.dtype === 'int64' && wide) return new BigInt64Array(n);
  const Ctor = field.dtype === 'string' || field.dtype === 'date' ? Int32Array : field.dtype === 'bool' ? Uint8Array : Float64Array;
  return into ? into.pool.take(into.slot, Ctor, n) : new Ctor(n);
}

/**
 * Strings → floe dictionary codes, one dictionary per column chunk. Bytes that are not UTF-8 are
 * an error, never replacement characters: a BYTE_ARRAY without a STRING annotation may be binary
 * (DuckDB's BLOB), and decoding it leniently merged distinct values ("\x80" and "\x81" both "�").
 */
class StringCodes {
  readonly dict: string[] = [];
  private readonly seen = new Map<string, number>();
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  code(v: unknown): number {
    const s = v instanceof Uint8Array ? this.text(v) : typeof v === 'string' ? v : String(v);
    let c = this.seen.get(s);
    if (c === undefined) { c = this.dict.length; this.dict.push(s); this.seen.set(s, c); }
    return c;
  }

  private text(bytes: Uint8Array): string {
    try {
      return this.utf8.decode(bytes);
    } catch {
      const hex = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
      throw new Error(`a value that is not UTF-8 text (bytes ${hex}${bytes.length > 8 ? ' …' : ''}): a binary (BLOB) column, which floe does not read; leave it out with readParquet(path, { columns: [...] })`);
    }
  }
}

/** Decoded page values (or dictionary values) in the floe layout of the column. */
function toFloe(pages: HyparquetPages, raw: DecodedArray, decoder: ColumnDecoder, field: Field, wide: boolean, strings: StringCodes | null): ColumnValues {
  const n = raw.length;
  const el = decoder.element;
  switch (field.dtype) {
    case 'string': {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = strings!.code(raw[i]);
      return out;
    }
    case 'date': return raw instanceof Int32Array ? raw : Int32Array.from(raw as ArrayLike<number>);
    case 'bool': {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = raw[i] ? 1 : 0;
      return out;
    }
    case 'float64': {
      const scale = decimalScale(el);
      if (scale !== null) return decimalsToDoubles(raw, scale);
      return raw instanceof Float64Array ? raw : Float64Array.from(raw as ArrayLike<number>);
    }
    case 'timestamp': {
      const unit = timestampUnit(el);
      if (unit === null || !(raw instanceof BigInt64Array)) return Float64Array.from(pages.convert(raw, decoder) as ArrayLike<number>);
      const out = new Float64Array(n);
      const div = unit === 1 ? 1 : unit === 2 ? 1000 : 1e6;
      // nanoseconds floor to microseconds (scaleToMs): a division would round them
      if (unit !== 3 && int64AsDoubles(raw, out, 0, div)) return out;
      if (unit === 1) for (let i = 0; i < n; i++) out[i] = Number(raw[i]);
      else for (let i = 0; i < n; i++) out[i] = scaleToMs(raw[i], unit);
      return out;
    }
    default: { // int64
      const vals = isUnsigned(el) ? pages.convert(raw, decoder) : raw;
      if (wide) {
        const out = new BigInt64Array(n);
        for (let i = 0; i < n; i++) {
          const v = BigInt(vals[i] as number | bigint);
          // an unsigned 64-bit value past int64 would wrap (2^64 − 1 read as −1)
          if (v > I64_MAX) throw new Error(`an unsigned 64-bit value past int64's range (${v}), which floe's int64 cannot hold; cast the column in the writer (to DOUBLE, or to BIGINT where its values fit)`);
          out[i] = v;
        }
        return out;
      }
      if (vals instanceof Int32Array || vals instanceof Uint32Array) return Float64Array.from(vals);
      const out = new Float64Array(n);
      if (vals instanceof BigInt64Array) {
        if (int64AsDoubles(vals, out, 0, 1)) return out;
        throw new WideInt();
      }
      for (let i = 0; i < n; i++) {
        const x = Number(vals[i]);
        if (x > MAX_SAFE || x < -MAX_SAFE) throw new WideInt();
        out[i] = x;
      }
      return out;
    }
  }
}

/**
 * An INT64 page of values without nulls (PLAIN or delta-encoded: timestamps in ms or µs, signed
 * integers), written straight into the column's doubles at `row`, no array between; false where
 * toFloe must take it (other types, nanoseconds, a value past ±2^53 — `out` then partly
 * written, and rewritten by toFloe — or a page of another count than its header's).
 */
function plainInto(raw: DecodedArray, count: number, el: SchemaElement, field: Field, wide: boolean, out: ColumnValues, row: number): boolean {
  if (wide || !(raw instanceof BigInt64Array) || raw.length !== count || !(out instanceof Float64Array)) return false;
  if (field.dtype === 'timestamp') {
    const unit = timestampUnit(el);
    return (unit === 1 || unit === 2) && int64AsDoubles(raw, out, row, unit === 1 ? 1 : 1000);
  }
  return field.dtype === 'int64' && !isUnsigned(el) && int64AsDoubles(raw, out, row, 1);
}

/**
 * INT64 values as doubles divided by `div` into out[at…], read as two 32-bit halves (no bigint
 * per value); false if one is past ±2^53 (not exact as a double), with `out` partly written.
 */
function int64AsDoubles(raw: BigInt64Array, out: Float64Array, at: number, div: number): boolean {
  const halves = new Int32Array(raw.buffer, raw.byteOffset, raw.length * 2);
  for (let i = 0; i < raw.length; i++) {
    const hi = halves[2 * i + 1];
    if (hi >= 0x200000 || hi < -0x200000) return false;
    const x = hi * 4294967296 + (halves[2 * i] >>> 0);
    out[at + i] = div === 1 ? x : x / div;
  }
  return true;
}

function isUnsigned(el: SchemaElement): boolean {
  return el.converted_type?.startsWith('UINT') === true || (el.logical_type?.type === 'INTEGER' && !el.logical_type.isSigned);
}

/** scaleToMs's unit (1 ms, 2 µs, 3 ns) of an INT64 timestamp column; null for INT96 and others. */
function timestampUnit(el: SchemaElement): number | null {
  if (el.type !== 'INT64') return null;
  const lt = el.logical_type;
  if (lt?.type === 'TIMESTAMP') return lt.unit === 'MILLIS' ? 1 : lt.unit === 'MICROS' ? 2 : 3;
  if (el.converted_type === 'TIMESTAMP_MILLIS') return 1;
  if (el.converted_type === 'TIMESTAMP_MICROS') return 2;
  return null;
}
