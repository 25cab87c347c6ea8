/**
 * Row chunks on disk: one Arrow IPC stream file per chunk (the format every engine reads),
 * written to a temporary name and renamed, so a reader never sees half a file. Strings stay
 * dictionary-encoded, nulls are validity bitmaps, int64 is exact (as Int64, or as the Float64 it is
 * held in when every value is a safe integer). Reading back checks the
 * file's schema and row count against what the writer promised: a spill file that is missing,
 * cut short or corrupt fails the query with a clear error, never a wrong answer.
 */
import type { Data, Vector } from 'apache-arrow';
import { arrow } from '../lazy-arrow.js';
import type { Column, ColumnValues } from '../../kernels/column.js';
import { decodeStrings, fromInt64Words } from '../../table/arrow-buffers.js';
import { toArrowTable } from '../../table/to-arrow.js';
import type { Field } from '../../types/dtype.js';
import { dictEntries, sharedDictionary, type SharedDictRef } from './shared-dictionary.js';
import { readSpillFile, SpillError, writeSpillFile, type ByteRange } from './spill-file.js';

export { SpillError };

/**
 * `shared[k]`: string column k is written as its codes (Int32) into the shared dictionary
 * `shared[k]` refers to (shared-dictionary.ts), not with its own entries.
 */
export function writeChunkFile(path: string, fields: readonly Field[], columns: readonly Column[], shared?: readonly (SharedDictRef | null)[]): number {
  const bytes = encodeChunk(fields, columns, shared);
  writeSpillFile(path, bytes);
  return bytes.byteLength;
}

/** A chunk's Arrow IPC stream bytes (writeChunkFile's), for a file of several chunks (SpillAppender). */
export function encodeChunk(fields: readonly Field[], columns: readonly Column[], shared?: readonly (SharedDictRef | null)[]): Uint8Array {
  // timestamps go as the float64 milliseconds they are in memory: exact, microsecond fraction
  // included; so does an int64 column held as float64 (every value a safe integer): no 64-bit
  // words made on writing and undone on reading (q10's three int keys: ~0.3 s a worker)
  const floats = columns.map((c) => c.dtype === 'timestamp' || (c.dtype === 'int64' && c.values instanceof Float64Array));
  const cols = columns.map((c, k) => (floats[k] ? ({ ...c, dtype: 'float64' } as Column) : c));
  const table = toArrowTable(fields.map((f, k) => (floats[k] ? { ...f, dtype: 'float64' } : f)), cols, { codesOnly: shared?.map((r) => r !== null && r !== undefined) });
  return arrow().tableToIPC(table, 'stream');
}

/** The chunk in `file` (at `range` of it, in a file of several chunks). */
export function readChunkFile(file: string, fields: readonly Field[], length: number, shared?: readonly (SharedDictRef | null)[], range?: ByteRange): Column[] {
  const bytes = readSpillFile(file, 'spill file', range);
  // errors name the chunk: the file, and where in it
  const path = range === undefined ? file : `${file} (bytes ${range[0]}–${range[0] + range[1]})`;
  let table;
  try {
    table = arrow().tableFromIPC(bytes);
  } catch (err) {
    throw new SpillError(`spill file ${path} is corrupt: ${(err as Error).message}`);
  }
  if (table.numRows !== length || table.numCols !== fields.length) {
    throw new SpillError(`spill file ${path} is corrupt: expected ${length} rows of ${fields.length} columns, found ${table.numRows} of ${table.numCols}`);
  }
  return fields.map((f, k) => {
    const ref = shared?.[k];
    return ref ? fromCodes(table.getChildAt(k)!, ref, length, path) : fromVector(table.getChildAt(k)!, f, length, path);
  });
}

/** A string column written as codes into a shared dictionary: a code past the entries it was written with is a corrupt file. */
function fromCodes(v: Vector, ref: SharedDictRef, n: number, path: string): Column {
  const datas = v.data as Data[];
  if (datas.length !== 1 || !(datas[0].values instanceof Int32Array)) throw new SpillError(`spill file ${path} is corrupt: a string column's codes are not one Int32 array`);
  // a view of the file's bytes (read afresh for this chunk: nothing else holds them); an Arrow
  // Data's values start at its first row already (its offset applies to the null bitmap)
  const codes = datas[0].values.subarray(0, n);
  const valid = validity(datas, n);
  const dict = sharedDictionary(ref);
  const count = dictEntries(ref);
  const bad = firstBadCode(codes, valid, count, n);
  if (bad >= 0) throw new SpillError(`spill file ${path} is corrupt: code ${codes[bad]} of a dictionary of ${count} entries`);
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

function fromVector(v: Vector, f: Field, n: number, path: string): Column {
  const datas = v.data as Data[];
  const valid = validity(datas, n);
  switch (f.dtype) {
    case 'string': {
      if (datas.length === 1) {
        // one batch (what writeChunkFile writes): its dictionary is the column's, codes as they are
        const d = datas[0];
        const words = d.dictionary!.data[0];
        const dict = words && d.dictionary!.data.length === 1 ? decodeStrings(words.valueOffsets, words.values as Uint8Array, words.length) : (d.dictionary!.toArray() as string[]);
        return { dtype: 'string', length: n, values: Int32Array.from((d.values as Int32Array).subarray(0, n)), valid, dict };
      }
      const codes = new Int32Array(n);
      const dict: string[] = [];
      const seen = new Map<string, number>();
      let off = 0;
      for (const d of datas) {
        const words = d.dictionary!.toArray() as string[];
        const remap = words.map((w) => { let c = seen.get(w); if (c === undefined) { c = dict.length; dict.push(w); seen.set(w, c); } return c; });
        const src = d.values as Int32Array;
        for (let i = 0; i < d.length; i++) codes[off + i] = remap[src[i]] ?? 0;
        off += d.length;
      }
      return { dtype: 'string', length: n, values: codes, valid, dict };
    }
    case 'bool': {
      const out = new Uint8Array(n);
      let off = 0;
      for (const d of datas) {
        const bits = d.values as Uint8Array;
        for (let i = 0; i < d.length; i++) { const j = d.offset + i; out[off + i] = (bits[j >> 3] >> (j & 7)) & 1; }
        off += d.length;
      }
      return { dtype: 'bool', length: n, values: out, valid };
    }
    case 'date': return { dtype: 'date', length: n, values: concatValues(datas, n, Int32Array) as Int32Array, valid };
    case 'float64': return { dtype: 'float64', length: n, values: concatValues(datas, n, Float64Array), valid };
    case 'timestamp': return { dtype: 'timestamp', length: n, values: concatValues(datas, n, Float64Array), valid };
    case 'int64': {
      if (datas.length > 0 && datas[0].values instanceof Float64Array) return { dtype: 'int64', length: n, values: concatValues(datas, n, Float64Array), valid };
      const big = concatValues(datas, n, BigInt64Array) as BigInt64Array;
      return { dtype: 'int64', length: n, values: fromInt64Words(big, n) ?? big, valid };
    }
    default: throw new SpillError(`spill file ${path}: unexpected column type ${String(f.dtype)}`);
  }
}

function concatValues(datas: readonly Data[], n: number, Ctor: { new (n: number): ColumnValues }): ColumnValues {
  // one batch (what writeChunkFile writes): a view of the file's bytes, read afresh for this chunk
  if (datas.length === 1 && datas[0].values instanceof Ctor) return (datas[0].values as Float64Array).subarray(0, n);
  const out = new Ctor(n);
  let off = 0;
  for (const d of datas) {
    (out as Float64Array).set((d.values as Float64Array).subarray(0, d.length), off);
    off += d.length;
  }
  return out;
}

function validity(datas: readonly Data[], n: number): Uint8Array | null {
  if (datas.every((d) => d.nullCount === 0)) return null;
  const out = new Uint8Array(n).fill(1);
  let off = 0;
  for (const d of datas) {
    if (d.nullCount > 0 && d.nullBitmap) unpackBitmap(d.nullBitmap, d.offset, d.length, out, off);
    off += d.length;
  }
  return out;
}

/** Rows [offset, offset + length) of an Arrow validity bitmap, a byte each, to out[off …]. A function of its own: Arrow's Data objects of several classes passed through validity() deoptimized its loop ("wrong map"). */
function unpackBitmap(bits: Uint8Array, offset: number, length: number, out: Uint8Array, off: number): void {
  let i = 0;
  // whole bytes of eight rows at once when the batch starts on a byte
  if ((offset & 7) === 0) {
    const base = offset >> 3;
    for (; i + 8 <= length; i += 8) {
      const b = bits[base + (i >> 3)];
      const o = off + i;
      out[o] = b & 1; out[o + 1] = (b >> 1) & 1; out[o + 2] = (b >> 2) & 1; out[o + 3] = (b >> 3) & 1;
      out[o + 4] = (b >> 4) & 1; out[o + 5] = (b >> 5) & 1; out[o + 6] = (b >> 6) & 1; out[o + 7] = b >> 7;
    }
  }
  for (; i < length; i++) { const j = offset + i; out[off + i] = (bits[j >> 3] >> (j & 7)) & 1; }
}
