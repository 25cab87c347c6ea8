/**
 * One data page (v1 or v2) of a flat column → its definition levels as bytes and its values,
 * for the encodings nearly every writer uses: PLAIN numbers and strings, and dictionary indices
 * (PLAIN_DICTIONARY / RLE_DICTIONARY). Levels and indices are decoded here from the
 * RLE/bit-packed hybrid into typed arrays; hyparquet's page decoders put them in `new Array(n)`,
 * which V8 keeps in dictionary mode past ~100k elements, and that cost more than half of a
 * DuckDB-written file's read time (benchmarks/PROFILE.md, "Parquet"). Every other encoding
 * (booleans, delta, byte-stream-split, indices wider than 24 bits) goes through hyparquet's
 * decoder unchanged.
 */
import type { DecodedArray, PageHeader } from 'hyparquet';
import { type UnpackKind, unpacker } from './bit-unpack.js';
import type { ColumnDecoder, HyparquetPages } from './hyparquet-pages.js';
import { uncompressPage } from './page-buffers.js';

export interface FlatPage {
  /** Values in the page, nulls included. */
  count: number;
  /** 1 where a value is present, 0 for a null; null when the page has no nulls. */
  defs: Uint8Array | null;
  /** Dictionary indices of the present values, still packed (dictionary-encoded pages), else null. */
  indices: PackedIndices | null;
  /** The present values (other encodings), else null. */
  values: DecodedArray | null;
}

/** A dictionary-encoded page's `n` indices: hybrid runs `width` bits wide in bytes[pos, end). */
export interface PackedIndices { bytes: Uint8Array; pos: number; end: number; width: number; n: number }

const DICTIONARY = new Set(['PLAIN_DICTIONARY', 'RLE_DICTIONARY']);

/** The page's levels and values; `maxDef` is 0 for a REQUIRED column, 1 for an OPTIONAL one. */
export function readFlatPage(pages: HyparquetPages, header: PageHeader, compressed: Uint8Array, decoder: ColumnDecoder, maxDef: number): FlatPage {
  if (header.type === 'DATA_PAGE') {
    const dh = header.data_page_header;
    if (!dh) throw new Error('a data page without its header');
    const page = uncompressPage(pages, compressed, Number(header.uncompressed_page_size), decoder, 'data');
    const count = dh.num_values;
    let pos = 0;
    let defs: Uint8Array | null = null;
    let nulls = 0;
    if (maxDef > 0) {
      const len = u32(page, pos);
      pos += 4;
      if (pos + len > page.length) throw new Error(`its definition levels (${len} bytes) run past the end of a ${page.length}-byte page`);
      // a page without nulls (DuckDB writes its levels all the same): neither decoded nor counted
      if (!allPresent(page, pos, pos + len, count)) {
        defs = new Uint8Array(count);
        readHybrid(page, pos, pos + len, 1, defs, count);
        nulls = count - countOnes(defs);
        if (nulls === 0) defs = null;
      }
      pos += len;
    }
    const own = values(pages, page, pos, page.length, dh.encoding, decoder, count - nulls);
    if (own) return { count, defs, ...own };
    const data = pages.readDataPage(page, dh, decoder);
    return { count, defs, indices: null, values: fixDeltaStart(data.dataPage, page, pos, dh.encoding) };
  }
  const dh = header.data_page_header_v2;
  if (!dh) throw new Error('a data page (v2) without its header');
  const count = dh.num_values;
  const rlen = dh.repetition_levels_byte_length;
  const dlen = dh.definition_levels_byte_length;
  let defs: Uint8Array | null = null;
  if (maxDef > 0 && dh.num_nulls > 0) {
    if (rlen + dlen > compressed.length) throw new Error(`its levels (${rlen + dlen} bytes) run past the end of a ${compressed.length}-byte page`);
    defs = new Uint8Array(count);
    readHybrid(compressed, rlen, rlen + dlen, 1, defs, count);
  }
  const body = compressed.subarray(rlen + dlen);
  const size = Number(header.uncompressed_page_size) - rlen - dlen;
  const page = dh.is_compressed === false ? body : uncompressPage(pages, body, size, decoder, 'data');
  const own = values(pages, page, 0, page.length, dh.encoding, decoder, count - dh.num_nulls);
  if (own) return { count, defs, ...own };
  const data = pages.readDataPageV2(compressed, header, decoder);
  return { count, defs: maxDef > 0 && dh.num_nulls > 0 ? Uint8Array.from(data.definitionLevels, (d) => (d === maxDef ? 1 : 0)) : null, indices: null, values: fixDeltaStart(data.dataPage, page, 0, dh.encoding) };
}

/**
 * hyparquet (1.31) reads a DELTA_BINARY_PACKED INT32 page's first value as a 32-bit zigzag
 * varint, dropping its 33rd bit — which a writer sets for an unsigned 32-bit value of 2^31 or
 * more (DuckDB's UINTEGER, `PARQUET_VERSION V2`): every value of the page came out 2^31 off.
 * The deltas themselves are right and INT32 arithmetic wraps, so adding the first value's error
 * (mod 2^32) to every value corrects the page. The header (block size, miniblocks, count: three
 * varints) is skipped to reach the first value.
 */
function fixDeltaStart(values: DecodedArray, page: Uint8Array, pos: number, encoding: string): DecodedArray {
  if (encoding !== 'DELTA_BINARY_PACKED' || !(values instanceof Int32Array) || values.length === 0) return values;
  let at = pos;
  const varint = (): number => {
    let x = 0;
    let scale = 1;
    for (;;) {
      if (at >= page.length) throw new Error('a DELTA_BINARY_PACKED page ends inside its header');
      const b = page[at++];
      x += (b & 0x7f) * scale;
      scale *= 128;
      if (!(b & 0x80)) return x;
    }
  };
  varint(); varint(); varint();
  const zigzag = varint(); // < 2^35 for an INT32 page: exact in a double
  const first = zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
  const error = (first - values[0]) | 0;
  if (error !== 0) for (let i = 0; i < values.length; i++) values[i] = (values[i] + error) | 0;
  return values;
}

/** The present values of a PLAIN or dictionary-encoded page; null for what hyparquet decodes. */
function values(pages: HyparquetPages, page: Uint8Array, pos: number, end: number, encoding: string, decoder: ColumnDecoder, n: number): { indices: PackedIndices | null; values: DecodedArray | null } | null {
  if (decoder.type === 'BOOLEAN') return null;
  if (encoding === 'PLAIN') {
    const reader = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: pos };
    return { indices: null, values: pages.readPlain(reader, decoder.type, n, decoder.element.type_length) };
  }
  if (!DICTIONARY.has(encoding) && encoding !== 'RLE') return null;
  if (pos >= end) return n === 0 ? { indices: null, values: new Int32Array(0) } : null; // no bit width: hyparquet's error
  const width = page[pos];
  if (width > 24) return null;
  return { indices: { bytes: page, pos: pos + 1, end, width, n }, values: null };
}

/** The indices unpacked, each checked against a dictionary of `size` values. */
export function unpackIndices(p: PackedIndices, size: number): Int32Array {
  const indices = new Int32Array(p.n);
  if (p.width > 0) readHybrid(p.bytes, p.pos, p.end, p.width, indices, p.n);
  let max = -1;
  for (let i = 0; i < indices.length; i++) if (indices[i] > max) max = indices[i];
  if (max >= size) throw new Error(`a dictionary index (${max}) past the end of its dictionary of ${size} values`);
  return indices;
}

/** dict[index] for each index, into out[at, at + n): the gather fused into the unpacking. */
export function gatherPacked(p: PackedIndices, dict: Float64Array | Int32Array, out: Float64Array | Int32Array, at: number): void {
  if (p.width === 0) {
    if (p.n > 0 && dict.length === 0) unpackIndices(p, 0); // throws: index 0 of an empty dictionary
    out.fill(dict[0] ?? 0, at, at + p.n);
    return;
  }
  if (!readHybridThrough(p.bytes, p.pos, p.end, p.width, dict, out, at, p.n)) unpackIndices(p, dict.length); // throws, naming the index
}

function u32(b: Uint8Array, at: number): number {
  if (at + 4 > b.length) throw new Error(`a ${b.length}-byte page ends inside its level lengths`);
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}

/**
 * Whether the definition levels in bytes[pos, end) are one RLE run of 1 at least `count` long:
 * every value present. Levels in any other shape (nulls, or several runs) are decoded.
 */
export function allPresent(bytes: Uint8Array, pos: number, end: number, count: number): boolean {
  let header = 0;
  let shift = 0;
  let b: number;
  do {
    if (pos >= end) return false;
    b = bytes[pos++];
    header += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return header % 2 === 0 && header / 2 >= count && pos < end && bytes[pos] === 1;
}

function countOnes(b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) n += b[i];
  return n;
}

/**
 * Parquet's RLE/bit-packed hybrid encoding of `n` values `width` bits wide (1–24) from
 * bytes[pos, end) into out[0, n): definition levels (bytes) or dictionary indices (int32s).
 * Runs are a varint header: even → a repeated value ((header >> 1) times, in ceil(width / 8)
 * bytes), odd → (header >> 1) groups of 8 bit-packed values, least significant bit first. Bytes
 * past `end` read as 0 (a writer may end the last group early); values past n in the last group
 * are dropped.
 */
export function readHybrid(bytes: Uint8Array, pos: number, end: number, width: number, out: Uint8Array | Int32Array, n: number): void {
  hybrid(bytes, pos, end, width, out, 0, n, null, out instanceof Uint8Array ? 'levels' : 'indices');
}

/**
 * The same runs read as indices into `dict`, writing dict[index] to out[at, at + n) — no array
 * of indices in between. Returns whether every index lay inside `dict` (if not, the page is
 * corrupt and `out` holds nothing of use).
 */
export function readHybridThrough(bytes: Uint8Array, pos: number, end: number, width: number, dict: Float64Array | Int32Array, out: Float64Array | Int32Array, at: number, n: number): boolean {
  return hybrid(bytes, pos, end, width, out, at, n, dict, dict instanceof Float64Array ? 'f64' : 'i32') >= 0;
}

/** Negative when an index lay past `dict` (see bit-unpack.ts), else ≥ 0. */
function hybrid(bytes: Uint8Array, pos: number, end: number, width: number, out: Uint8Array | Int32Array | Float64Array, at: number, n: number, dict: Float64Array | Int32Array | null, kind: UnpackKind): number {
  const mask = (1 << width) - 1;
  const rleBytes = (width + 7) >> 3;
  const unpack = unpacker(width, kind);
  // bad |= last - index is negative once an index is past the dictionary (none for levels and indices)
  const last = dict === null ? 0x7fffffff : dict.length - 1;
  let seen = 0;
  let bad = 0;
  while (seen < n) {
    if (pos >= end) throw new Error(`its RLE/bit-packed values end after ${seen} of ${n}`);
    // the run's header: a varint, in int32 arithmetic up to 4 bytes (a double's % is a call, once
    // a run: DuckDB writes runs of 256 values), past them as a double
    let header = 0;
    let shift = 0;
    let b: number;
    do {
      b = bytes[pos++];
      header = shift < 28 ? header | ((b & 0x7f) << shift) : header + (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80 && pos < end);
    if (header % 2 === 0) {
      const count = header / 2;
      let v = 0;
      for (let i = 0; i < rleBytes; i++) v |= (pos < end ? bytes[pos++] : 0) << (8 * i);
      v &= mask;
      bad |= last - v;
      const stop = Math.min(n, seen + count) | 0;
      out.fill(dict === null ? v : dict[v], at + seen, at + stop);
      seen = stop;
      continue;
    }
    const count = ((header - 1) / 2) * 8;
    // an int32 bound (the header is a double): the loops below then index with integers
    const stop = Math.min(n, seen + count) | 0;
    // whole groups that lie inside the page and before n, by the generated unpacker
    const groups = Math.min((stop - seen) >> 3, ((end - pos) / width) | 0);
    bad |= unpack(bytes, pos, out, at + seen, groups, dict);
    // the rest of the run's values before n (a last group cut short by n or by the page), bit by bit
    let bit = groups * 8 * width;
    for (let i = seen + groups * 8; i < stop; i++) {
      let v = 0;
      for (let k = 0; k < width; k++) {
        const byte = pos + ((bit + k) >>> 3);
        if (byte < end) v |= ((bytes[byte] >>> ((bit + k) & 7)) & 1) << k;
      }
      out[at + i] = dict === null ? v : dict[v];
      bad |= last - v;
      bit += width;
    }
    // past the whole run (values past n in its last groups included): count × width bits, a whole
    // number of bytes; a run said to go past the page ends it. pos stays a small integer: as a
    // double (a division's result) it reached the unpacker boxed, which threw its code away for
    // generic code on files written in short runs (DuckDB's: 256 values a run, ~2× the time a value)
    const skip = (count * width) / 8;
    pos = skip >= end - pos ? end : (pos + skip) | 0;
    seen = stop;
  }
  return bad;
}
