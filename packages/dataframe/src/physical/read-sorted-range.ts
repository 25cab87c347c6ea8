/**
 * Reads one key range of an external sort: the segments of every run that overlap the range,
 * each cut to the range, are sorted pieces; their P-way merge (ties to the earlier piece, and
 * pieces come run by run in input order, so the merge is stable) is emitted in batches of
 * `batchRows`, gathered straight from the pieces. Nothing is concatenated or sorted again: the
 * task holds its pieces once plus the merge order (6 bytes a row) and one output batch.
 */
import { byteDictionary, bytesOf, ByteStringsBuilder, markRowOrdered, rowNumbers, type ByteStrings } from '../kernels/byte-strings.js';
import type { Batch } from '../kernels/batch.js';
import { concatColumns, sliceColumn, type Column, type ColumnValues } from '../kernels/column.js';
import { evalExpr } from '../kernels/eval-expr.js';
import { mergeSortedRuns } from '../kernels/merge-sorted.js';
import { compareTuples, keyTuple, lowerBound, sortPermutation, takeColumn, type KeyTuple } from '../kernels/sort.js';
import { worthKeepingFor } from '../kernels/reused-dictionary.js';
import { unionDictionary } from '../kernels/union-dictionary.js';
import type { Field } from '../types/dtype.js';
import type { TaskInput } from './pipeline-spec.js';
import { readRowChunk } from './row-chunk.js';

/** The merge records each row's piece in a Uint16Array: past this many pieces, concatenate and sort. */
const MAX_PIECES = 0xffff;

type Emit = (fields: readonly Field[], cols: Column[], n: number) => boolean;

export function readSortedRange(input: Extract<TaskInput, { kind: 'sorted' }>, batchRows: number, emit: Emit): { rows: number } {
  const desc = input.by.map((b) => b.descending);
  const pieces: Column[][] = [];
  const pieceKeys: Column[][] = [];
  const keysOf = (cols: Column[], n: number): Column[] => {
    const batch: Batch = { length: n, columns: new Map(input.fields.map((f, k) => [f.name, cols[k]])) };
    return input.by.map((b) => evalExpr(b.expr, batch));
  };
  // consecutive segments of one sorted run (the last row of one not after the first of the
  // next, their strings in the same dictionaries) are one sorted piece: concatenated, the merge
  // takes from a piece a run, not one a segment (db-benchmark q10: ~4 a run and range)
  // A piece that is a small part of its segment is copied out too, so the segment's rows outside
  // the range are not held while the range is merged (each run's overhang: one or two segments)
  let group: Column[][] = [];
  let groupKeys: Column[] = [];
  let groupLast: KeyTuple | null = null;
  let groupRead = 0;
  const close = (): void => {
    if (group.length === 0) return;
    if (group.length === 1 && group[0][0].length * 2 >= groupRead) { pieces.push(group[0]); pieceKeys.push(groupKeys); } else {
      const cols = input.fields.map((f, k) => concatColumns(group.map((p) => p[k]), f.dtype));
      pieces.push(cols);
      pieceKeys.push(keysOf(cols, cols[0].length));
    }
    group = [];
    groupRead = 0;
  };
  for (const run of input.runs) {
    for (const c of run.chunks) {
      const cols = readRowChunk(c, input.fields);
      const keys = keysOf(cols, c.length);
      const lo = input.lo ? lowerBound(keys, 0, c.length, input.lo, desc, input.nullsLast) : 0;
      const hi = input.hi ? lowerBound(keys, lo, c.length, input.hi, desc, input.nullsLast) : c.length;
      if (hi <= lo) continue;
      const piece = cols.map((col) => sliceColumn(col, lo, hi));
      const follows = groupLast !== null && compareTuples(groupLast, keyTuple(keys, lo), desc, input.nullsLast) <= 0 && piece.every((col, k) => col.dict === group[0][k].dict);
      if (!follows) close();
      group.push(piece);
      groupRead += c.length;
      if (group.length === 1) groupKeys = keys.map((col) => sliceColumn(col, lo, hi));
      groupLast = keyTuple(keys, hi - 1);
    }
    close();
    groupLast = null;
  }
  const total = pieces.reduce((n, p) => n + p[0].length, 0);
  if (total === 0) return { rows: 0 };
  if (pieces.length > MAX_PIECES) return sortWhole(input, pieces, total, emit);
  const piece = new Uint16Array(total);
  const row = mergeSortedRuns(pieceKeys, desc, input.nullsLast, piece);
  pieceKeys.length = 0;
  // indexes into the concatenation of the pieces → rows within their piece
  const starts = new Int32Array(pieces.length);
  for (let k = 1; k < pieces.length; k++) starts[k] = starts[k - 1] + pieces[k - 1][0].length;
  rebase(row, piece, starts);
  const gathers = input.fields.map((_, k) => pieceGather(pieces.map((p) => p[k]), total));
  let rows = 0;
  for (let lo = 0; lo < total; lo += batchRows) {
    const hi = Math.min(total, lo + batchRows);
    const cols = gathers.map((g) => g(piece.subarray(lo, hi), row.subarray(lo, hi)));
    rows += hi - lo;
    if (!emit(input.fields, cols, hi - lo)) break;
  }
  return { rows };
}

/**
 * Row indexes into the concatenation of the pieces → rows within their piece. A loop of its own:
 * inside readSortedRange, its ~333 k iterations a range had V8 compile that whole function on
 * the stack (OSR), inlining the emit path down to the CSV writer — ~100 ms of compiler a task.
 */
function rebase(row: Int32Array, piece: Uint16Array, starts: Int32Array): void {
  for (let i = 0; i < row.length; i++) row[i] -= starts[piece[i]];
}

/**
 * Gathers rows (piece, row) of one column from its pieces. Strings: see stringGather.
 */
function pieceGather(parts: readonly Column[], total: number): (piece: Uint16Array, row: Int32Array) => Column {
  const first = parts[0];
  const src = parts.map((p) => p.values);
  const valid = parts.map((p) => p.valid);
  const anyNull = valid.some((v) => v !== null);
  const wide = src.some((v) => v instanceof BigInt64Array);
  if (first.dtype === 'string') return stringGather(parts, anyNull, total);
  const dtype = first.dtype;
  const Ctor = (wide ? BigInt64Array : first.values.constructor) as { new (n: number): ColumnValues };
  return (piece, row) => {
    const n = row.length;
    const values = new Ctor(n);
    const outValid = anyNull ? new Uint8Array(n) : null;
    if (wide) gatherWide(src, values as BigInt64Array, piece, row);
    else gatherValues(src, values, piece, row);
    if (outValid !== null) gatherValid(valid, outValid, piece, row);
    return { dtype, length: n, values, valid: outValid };
  };
}

// The loops of the gathers are functions of the module, not of the closures a task makes for
// its columns: V8 compiled each closure's loop again on the stack (OSR) for task after task, and
// left it at a read after the loop it had no feedback for (q10 under 256 MB: ~170 compilations)

function gatherValues(src: readonly ColumnValues[], out: ColumnValues, piece: Uint16Array, row: Int32Array): void {
  for (let i = 0; i < row.length; i++) out[i] = src[piece[i]][row[i]];
}

/** int64 pieces some of which hold safe integers as float64. */
function gatherWide(src: readonly ColumnValues[], out: BigInt64Array, piece: Uint16Array, row: Int32Array): void {
  for (let i = 0; i < row.length; i++) {
    const v = src[piece[i]][row[i]];
    out[i] = typeof v === 'number' ? BigInt(v) : v;
  }
}

function gatherValid(valid: readonly (Uint8Array | null)[], out: Uint8Array, piece: Uint16Array, row: Int32Array): void {
  for (let i = 0; i < row.length; i++) {
    const sv = valid[piece[i]];
    out[i] = sv === null ? 1 : sv[row[i]];
  }
}

/**
 * Strings. When the pieces' dictionaries hold at most half as many entries as the range has
 * rows, or are all a thread's reused dictionaries (a worker's scan dictionary of 100 k ids, read
 * back from the spill folder: the union is made once a thread, kernels/reused-dictionary.ts),
 * every batch indexes one dictionary of their strings, each once
 * (unionDictionary): a row's code is one lookup, and writers and the sorted aggregate see the
 * same dictionary batch after batch (the CSV writer encodes its entries once, equal keys are
 * equal codes). Otherwise (mostly distinct strings) each batch gets a dictionary of only the
 * strings it uses, so later stages do work proportional to the batch, not to the whole range.
 */
function stringGather(parts: readonly Column[], anyNull: boolean, total: number): (piece: Uint16Array, row: Int32Array) => Column {
  if (parts.some((p) => bytesOf(p.dict) !== undefined)) return byteGather(parts);
  const index = new Map<readonly string[], number>();
  const which = parts.map((p) => {
    let at = index.get(p.dict!);
    if (at === undefined) { at = index.size; index.set(p.dict!, at); }
    return at;
  });
  const dicts = [...index.keys()];
  const codes = parts.map((p) => p.values as Int32Array);
  const valid = parts.map((p) => p.valid);
  const entries = dicts.reduce((n, d) => n + d.length, 0);
  const united = entries * 2 <= total || worthKeepingFor(dicts, entries);
  // each dictionary's codes → codes in the union, or in the dictionaries laid end to end (`all`)
  const { dict: union, remap, all } = united ? { ...unionDictionary(dicts), all: [] } : { dict: null, ...endToEnd(dicts, entries) };
  const maps = which.map((d) => remap[d]);
  // code in `all` → code in the current batch's dictionary (-1: not used yet); reset after each batch
  const local = new Int32Array(all.length).fill(-1);
  return (piece, row) => {
    const n = row.length;
    const values = new Int32Array(n);
    const outValid = anyNull ? new Uint8Array(n) : null;
    gatherCodes(maps, codes, valid, values, outValid, piece, row);
    if (union !== null) return { dtype: 'string', length: n, values, valid: outValid, dict: union };
    return { dtype: 'string', length: n, values, valid: outValid, dict: batchDictionary(values, outValid, all, local) };
  };
}

/**
 * Strings of which some pieces hold theirs as bytes (kernels/byte-strings.ts: a column nothing
 * compares, mostly distinct): each batch gets its rows' values copied into a dictionary of its
 * own, an entry a row (a null row's empty), read through no string.
 */
function byteGather(parts: readonly Column[]): (piece: Uint16Array, row: Int32Array) => Column {
  const bytes = parts.map((p) => bytesOf(p.dict) ?? null);
  const dicts = parts.map((p) => p.dict!);
  const codes = parts.map((p) => p.values as Int32Array);
  const valid = parts.map((p) => p.valid);
  const anyNull = valid.some((v) => v !== null);
  let size = 0;
  let entries = 0;
  for (const b of bytes) if (b !== null) { size += b.offsets[b.count]; entries += b.count; }
  const mean = entries > 0 ? size / entries : 16;
  return (piece, row) => {
    const n = row.length;
    const out = new ByteStringsBuilder(n, Math.ceil(mean * n));
    const outValid = anyNull ? new Uint8Array(n) : null;
    gatherEntries(bytes, dicts, codes, valid, out, outValid, piece, row);
    return { dtype: 'string', length: n, values: rowNumbers(n), valid: outValid, dict: markRowOrdered(byteDictionary(out.finish())) };
  };
}

/** Each row's value appended to `out` (a null row's empty: row i is entry i), and its validity. */
function gatherEntries(bytes: readonly (ByteStrings | null)[], dicts: readonly (readonly string[])[], codes: readonly Int32Array[], valid: readonly (Uint8Array | null)[], out: ByteStringsBuilder, outValid: Uint8Array | null, piece: Uint16Array, row: Int32Array): void {
  for (let i = 0; i < row.length; i++) {
    const k = piece[i];
    const j = row[i];
    const sv = valid[k];
    if (sv !== null && sv[j] === 0) { out.addString(''); continue; }
    if (outValid !== null) outValid[i] = 1;
    const code = codes[k][j];
    const b = bytes[k];
    if (b !== null) out.add(b.data, b.offsets[code], b.offsets[code + 1]);
    else out.addString(dicts[k][code]);
  }
}

/**
 * The dictionaries' entries end to end, and each one's codes there. Loops: `Int32Array.from` with
 * a mapping function and `flat()` took ~0.2 s a worker for db-benchmark q3's 1 M ids written in
 * key ranges (its entries once a range, ~70 k a task).
 */
function endToEnd(dicts: readonly (readonly string[])[], entries: number): { all: string[]; remap: Int32Array[] } {
  const all = new Array<string>(entries);
  let at = 0;
  const remap = dicts.map((d) => {
    const codes = new Int32Array(d.length);
    for (let j = 0; j < d.length; j++, at++) {
      codes[j] = at;
      all[at] = d[j];
    }
    return codes;
  });
  return { all, remap };
}

/** Each row's code in the union (or the dictionaries end to end), and its validity. */
function gatherCodes(maps: readonly Int32Array[], codes: readonly Int32Array[], valid: readonly (Uint8Array | null)[], out: Int32Array, outValid: Uint8Array | null, piece: Uint16Array, row: Int32Array): void {
  for (let i = 0; i < row.length; i++) {
    const k = piece[i];
    const j = row[i];
    const sv = valid[k];
    if (sv !== null && sv[j] === 0) continue;
    if (outValid !== null) outValid[i] = 1;
    out[i] = maps[k][codes[k][j]];
  }
}

/** Codes in `all` → codes in a dictionary of only the strings the batch uses (returned); `local` is left all −1. */
function batchDictionary(values: Int32Array, valid: Uint8Array | null, all: readonly string[], local: Int32Array): string[] {
  const dict: string[] = [];
  const used: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const code = values[i];
    let c = local[code];
    if (c < 0) { c = dict.length; local[code] = c; dict.push(all[code]); used.push(code); }
    values[i] = c;
  }
  for (const code of used) local[code] = -1;
  return dict;
}

/** Too many pieces to merge: concatenated in order and sorted stably (equal keys keep input order). */
function sortWhole(input: Extract<TaskInput, { kind: 'sorted' }>, pieces: Column[][], total: number, emit: Emit): { rows: number } {
  const all = input.fields.map((f, k) => concatColumns(pieces.map((p) => p[k]), f.dtype));
  const batch: Batch = { length: total, columns: new Map(input.fields.map((f, k) => [f.name, all[k]])) };
  const perm = sortPermutation(input.by.map((b) => evalExpr(b.expr, batch)), input.by.map((b) => b.descending), input.nullsLast);
  emit(input.fields, all.map((c) => takeColumn(c, perm)), total);
  return { rows: total };
}
