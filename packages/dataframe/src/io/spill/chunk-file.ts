/**
 * Row chunks on disk, in floe's spill layout (spill-layout.ts): a header (the rows, the columns,
 * each column's kind), then each column's values as they are in memory, its nulls as a bitmap,
 * and a string column's codes with its dictionary's UTF-8 (or only codes, into a dictionary
 * shared by many chunks: shared-dictionary.ts). Written to a temporary name and renamed, so a
 * reader never sees half a file. int64 is exact (as the Float64 it is held in when every value
 * is a safe integer, else as BigInt64), timestamps keep their microsecond fraction. Reading back
 * views the values in the bytes read and checks everything against what the writer promised —
 * rows, columns, kinds, lengths, codes within their dictionary: a spill file that is missing,
 * cut short or corrupt fails the query with a clear error, never a wrong answer.
 */
import type { Column } from '../../kernels/column.js';
import { packValidity, unpackValidity } from '../../kernels/validity-bits.js';
import { fromInt64Words } from '../../table/arrow-buffers.js';
import type { DType, Field } from '../../types/dtype.js';
import { dictEntries, sharedDictionary, type SharedDictRef } from './shared-dictionary.js';
import { readSpillFile, SpillError, writeSpillFile, type ByteRange } from './spill-file.js';
import { addStrings, LayoutReader, LayoutWriter, takeBytes, takeStrings } from './spill-layout.js';
import { byteDictionary, bytesOf, isIdentity, markRowOrdered } from '../../kernels/byte-strings.js';

export { SpillError };

/** 'FLCK' read as a little-endian int32, and the layout's version. */
const MAGIC = 0x4b434c46;
const VERSION = 1;
/** Header words: magic, version, rows, columns; then per column: kind, has nulls, dictionary entries, dictionary bytes. */
const HEAD = 4;
const PER_COLUMN = 4;

/** How a column's values are held: the array type, and for strings where the dictionary is. */
const F64 = 1, I32 = 2, U8 = 3, I64 = 4, STRING = 5, SHARED_STRING = 6, BYTE_STRING = 7;
const KINDS: Record<DType, readonly number[]> = {
  float64: [F64], timestamp: [F64], int64: [F64, I64], date: [I32], bool: [U8], string: [STRING, SHARED_STRING, BYTE_STRING],
};

/**
 * `shared[k]`: string column k is written as its codes into the shared dictionary `shared[k]`
 * refers to (shared-dictionary.ts), not with its own entries.
 */
export function writeChunkFile(path: string, fields: readonly Field[], columns: readonly Column[], shared?: readonly (SharedDictRef | null)[]): number {
  const pieces = encodeChunk(fields, columns, shared);
  writeSpillFile(path, pieces);
  return pieces.reduce((n, p) => n + p.byteLength, 0);
}

/** A chunk's bytes, as the arrays to write one after another (writeChunkFile's, or a file of several chunks: SpillAppender). */
export function encodeChunk(fields: readonly Field[], columns: readonly Column[], shared?: readonly (SharedDictRef | null)[]): Uint8Array[] {
  const n = columns.length > 0 ? columns[0].length : 0;
  const head = new Int32Array(HEAD + PER_COLUMN * columns.length);
  head.set([MAGIC, VERSION, n, columns.length]);
  const out = new LayoutWriter();
  out.add(head);
  columns.forEach((c, k) => {
    const at = HEAD + PER_COLUMN * k;
    const values = c.values;
    const isShared = shared?.[k] !== null && shared?.[k] !== undefined;
    const bytes = c.dtype === 'string' && !isShared ? bytesOf(c.dict) : undefined;
    head[at] = c.dtype === 'string' ? (isShared ? SHARED_STRING : bytes !== undefined ? BYTE_STRING : STRING)
      : values instanceof Float64Array ? F64 : values instanceof BigInt64Array ? I64 : values instanceof Int32Array ? I32 : U8;
    if (!KINDS[fields[k].dtype].includes(head[at])) throw new SpillError(`column ${JSON.stringify(fields[k].name)} (${fields[k].dtype}) holds ${values.constructor.name} values`);
    out.add(values.subarray(0, n));
    if (c.valid !== null) {
      const { bits, nulls } = packValidity(c.valid, n);
      if (nulls > 0) {
        head[at + 1] = 1;
        out.add(bits);
      }
    }
    if (head[at] === STRING) {
      head[at + 2] = c.dict!.length;
      head[at + 3] = addStrings(out, c.dict!);
    } else if (bytes !== undefined) {
      // a dictionary held as bytes (kernels/byte-strings.ts) is written as it is, read back so
      head[at + 2] = bytes.count;
      head[at + 3] = bytes.offsets[bytes.count];
      out.add(bytes.offsets);
      out.add(bytes.data.subarray(0, bytes.offsets[bytes.count]));
    }
  });
  return out.pieces;
}

/** The chunk in `file` (at `range` of it, in a file of several chunks). */
export function readChunkFile(file: string, fields: readonly Field[], length: number, shared?: readonly (SharedDictRef | null)[], range?: ByteRange): Column[] {
  const bytes = readSpillFile(file, 'spill file', range);
  // errors name the chunk: the file, and where in it
  const path = range === undefined ? file : `${file} (bytes ${range[0]}–${range[0] + range[1]})`;
  const corrupt = (why: string): never => { throw new SpillError(`spill file ${path} is corrupt: ${why}`); };
  const read = new LayoutReader(bytes, corrupt);
  const head = read.header(MAGIC, VERSION, (first) => {
    if (first[2] !== length || first[3] !== fields.length) corrupt(`expected ${length} rows of ${fields.length} columns, found ${first[2]} of ${first[3]}`);
    return HEAD + PER_COLUMN * fields.length;
  });
  const n = length;
  return fields.map((f, k) => {
    const at = HEAD + PER_COLUMN * k;
    const kind = head[at];
    const ref = shared?.[k] ?? null;
    if (!KINDS[f.dtype].includes(kind) || (kind === SHARED_STRING) !== (ref !== null)) corrupt(`column ${k + 1} (${f.dtype}) was written as kind ${kind}`);
    const values = kind === F64 ? read.take(Float64Array, n) : kind === I64 ? read.take(BigInt64Array, n) : kind === U8 ? read.take(Uint8Array, n) : read.take(Int32Array, n);
    let valid: Uint8Array | null = null;
    if (head[at + 1] === 1) {
      valid = new Uint8Array(n);
      unpackValidity(read.take(Uint8Array, (n + 7) >> 3), 0, n, valid, 0);
    }
    if (kind === SHARED_STRING) return fromCodes(values as Int32Array, valid, ref!, n, corrupt);
    if (kind === STRING || kind === BYTE_STRING) {
      const count = head[at + 2];
      const dict = kind === STRING ? takeStrings(read, count, head[at + 3], corrupt) : byteDictionary(takeBytes(read, count, head[at + 3], corrupt));
      const bad = firstBadCode(values as Int32Array, valid, count, n);
      if (bad >= 0) corrupt(`code ${(values as Int32Array)[bad]} of a dictionary of ${count} entries`);
      // an entry a row, in row order (as a concatenation or an exchange's take writes one): copied whole when concatenated
      if (kind === BYTE_STRING && count === n && isIdentity(values as Int32Array, n)) markRowOrdered(dict);
      return { dtype: 'string', length: n, values, valid, dict };
    }
    if (kind === I64) {
      const big = values as BigInt64Array;
      return { dtype: f.dtype, length: n, values: fromInt64Words(big, n) ?? big, valid };
    }
    return { dtype: f.dtype, length: n, values, valid };
  });
}

/** A string column written as codes into a shared dictionary: a code past the entries it was written with is a corrupt file. */
function fromCodes(codes: Int32Array, valid: Uint8Array | null, ref: SharedDictRef, n: number, corrupt: (why: string) => never): Column {
  const dict = sharedDictionary(ref);
  const count = dictEntries(ref);
  const bad = firstBadCode(codes, valid, count, n);
  if (bad >= 0) corrupt(`code ${codes[bad]} of a dictionary of ${count} entries`);
  return { dtype: 'string', length: n, values: codes, valid, dict };
}

/**
 * The first valid row whose code is not below `count`, or -1. A loop of its own: inside fromCodes,
 * V8 entered the loop's on-stack-compiled code on every call and bailed out after it (no feedback
 * for what follows), ~60 times in a q10 run, each call's loop starting in the interpreter.
 */
function firstBadCode(codes: Int32Array, valid: Uint8Array | null, count: number, n: number): number {
  for (let i = 0; i < n; i++) if (codes[i] >>> 0 >= count && (valid === null || valid[i] === 1)) return i;
  return -1;
}
