/**
 * A piece of a partial aggregate on its way to a reduce task (map worker → driver → reduce
 * worker) carries its string keys' dictionaries as bytes and offsets (kernels/string-bytes.ts),
 * not as arrays of strings. Structured cloning writes and reads every string one by one, and the
 * driver clones each reduce task's pieces again to send them on (it keeps them, for a rerun):
 * db-benchmark q3's and the strings benchmark's 100 k ids were 400 k strings a run, ~25 ms of
 * the driver's time per reduce task before the task could start, and as much again to read them
 * in the reduce. Bytes are copied whole, and the reduce looks the keys up by them as they are
 * (GroupIndex.map's `packed`): only a key new to it becomes a string.
 */
import type { Column } from '../kernels/column.js';
import { remapFor } from '../kernels/compact-dictionary.js';
import { sharedInt32, sharedUint8 } from '../kernels/shared-arrays.js';
import { gatherU8 } from '../kernels/sort.js';
import { packStrings, type PackedStrings } from '../kernels/string-bytes.js';
import { dictionaryBytes } from '../io/csv/byte-dictionary.js';
import type { PartialAggregate } from './pipeline-spec.js';

/** Dictionary entries below which a key's strings travel as they are (a flag column's few). */
const PACK_FROM = 256;

/** `p` with each string key's dictionary (of at least PACK_FROM entries) packed: its column has no `dict`, `packed[k]` has its bytes. */
export function packPartial(p: PartialAggregate): PartialAggregate {
  if (!p.keys.some(packs)) return p;
  // a key packed already (packedKeyPieces) stays as it is
  const packed = p.keys.map((c, k) => p.packed?.[k] ?? (packs(c) ? packStrings(c.dict!) : null));
  const keys = p.keys.map((c, k): Column => (packed[k] ? { dtype: c.dtype, length: c.length, values: c.values, valid: c.valid } : c));
  return { ...p, keys, packed };
}

function packs(c: Column): boolean {
  return c.dtype === 'string' && c.dict !== undefined && c.dict.length >= PACK_FROM;
}

/** A piece's key column (its codes those of its own dictionary) and that dictionary's bytes. */
export interface PackedKeyPiece {
  column: Column;
  packed: PackedStrings;
}

/**
 * The pieces of a partial's one string key, cut by bucket (piece b: the groups
 * order[start[b], start[b + 1]), each with a dictionary of its own entries packed as bytes), in
 * one pass over the key's dictionary in code order, copying each entry's bytes from where the
 * scan's dictionary holds them (io/csv/byte-dictionary.ts dictionaryBytes) to its piece. The
 * pieces' strings picked out of the dictionary and encoded one by one read each string object
 * in the groups' order, a cache miss or two each. A flush of 450 k groups of a 1 M-id dictionary
 * into 16 pieces: 170–240 ms that way, 33–50 ms in one pass; 100 k groups of 100 k ids: 10–41 →
 * 4–10 ms (microbenchmark, 5 runs each). db-benchmark q3 on its file with 1 M ids (K=10, 2
 * workers): the map tasks' CPU 11.8–12.5 → 10.6–12.6 s (4 alternating pairs; 100 k ids: even).
 * One key only: a key value is then in one piece (the bucket is its hash).
 * Null (the caller compacts and packs each piece) when the dictionary is not a scan's, is
 * small, is much larger than the groups (a pass over it would read mostly entries no group
 * has), or holds a value that is not ASCII (StringBytes' form for it is not the UTF-8 held; the
 * dictionary knows, from adding it).
 */
export function packedKeyPieces(c: Column, bucket: Int32Array, order: Int32Array, start: Int32Array): PackedKeyPiece[] | null {
  if (c.dtype !== 'string' || c.dict === undefined || c.dict.length < PACK_FROM || c.dict.length > SPARSE * c.length) return null;
  const source = dictionaryBytes(c.dict);
  if (source === null || !source.ascii) return null;
  const { arena, ends } = source;
  const size = c.dict.length;
  const n = c.length;
  const p = start.length - 1;
  const codes = c.values as Int32Array;
  const valid = c.valid;
  // the piece of each code a group has, then (in code order) its code in that piece
  const mark = remapFor(size);
  markPieces(mark, codes, valid, bucket, n);
  const entries = new Int32Array(p);
  const bytes = new Int32Array(p);
  countPieces(mark, ends, size, entries, bytes);
  // each piece crosses to one reduce task through the driver: in shared memory, passed on
  // without a copy (kernels/shared-arrays.ts) — cloned, q7's two reduce tasks' pieces took the
  // driver 7–32 ms each to send
  const data = Array.from(bytes, (m) => sharedUint8(m));
  const offsets = Array.from(entries, (m) => sharedInt32(m + 1));
  copyEntries(mark, ends, arena, size, data, offsets, p);
  const pieces: PackedKeyPiece[] = [];
  for (let b = 0; b < p; b++) {
    const groups = order.subarray(start[b], start[b + 1]);
    const column: Column = { dtype: 'string', length: groups.length, values: pieceCodes(mark, codes, valid, groups), valid: valid === null ? null : gatherU8(valid, groups) };
    pieces.push({ column, packed: { offsets: offsets[b], data: data[b] } });
  }
  markPieces(mark, codes, valid, null, n);
  return pieces;
}

// Each loop below is a function of its own with nothing after it: one call a flush, each loop
// long, so V8 compiles it on the stack, and code after a loop in the same function had no type
// feedback — the function bailed out there and was compiled again at its next loop
// (db-benchmark q3: packedKeyPieces compiled 5 times a worker, bailing out 4).

/** mark[code] = bucket[g] for each group's code (-1 for all, without `bucket`: the mark cleared). */
function markPieces(mark: Int32Array, codes: Int32Array, valid: Uint8Array | null, bucket: Int32Array | null, n: number): void {
  for (let g = 0; g < n; g++) if (valid === null || valid[g] === 1) mark[codes[g]] = bucket === null ? -1 : bucket[g];
}

/** Each piece's entries and bytes: the marked codes', in code order. */
function countPieces(mark: Int32Array, ends: Int32Array, size: number, entries: Int32Array, bytes: Int32Array): void {
  for (let code = 0; code < size; code++) {
    const b = mark[code];
    if (b >= 0) { entries[b]++; bytes[b] += ends[code] - (code === 0 ? 0 : ends[code - 1]); }
  }
}

/** Copies each marked code's bytes to its piece, in code order, and marks the code with its place there. */
function copyEntries(mark: Int32Array, ends: Int32Array, arena: Uint8Array, size: number, data: Uint8Array[], offsets: Int32Array[], p: number): void {
  const at = new Int32Array(p);
  const next = new Int32Array(p);
  for (let code = 0; code < size; code++) {
    const b = mark[code];
    if (b < 0) continue;
    const d = data[b];
    let a = at[b];
    for (let k = code === 0 ? 0 : ends[code - 1], e = ends[code]; k < e; k++) d[a++] = arena[k];
    at[b] = a;
    mark[code] = next[b];
    offsets[b][++next[b]] = a;
  }
}

/** The piece's codes of `groups` (mark: each code's place in its piece). */
function pieceCodes(mark: Int32Array, codes: Int32Array, valid: Uint8Array | null, groups: Int32Array): Int32Array {
  const values = sharedInt32(groups.length);
  for (let j = 0; j < groups.length; j++) {
    const g = groups[j];
    if (valid === null || valid[g] === 1) values[j] = mark[codes[g]];
  }
  return values;
}

/** Dictionary entries per group past which packedKeyPieces leaves the pieces to be packed one by one. */
const SPARSE = 8;
