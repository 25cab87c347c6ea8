/**
 * A column: one typed array of values, an optional validity byte array (1 = valid; null means
 * no nulls), and for strings a dictionary. This is the only data shape kernels see.
 * Layouts per dtype are listed in types/dtype.ts.
 */
import type { DType } from '../types/dtype.js';
import { byteDictionary, bytesOf, ByteStringsBuilder, isRowOrdered, markRowOrdered, type ByteStrings } from './byte-strings.js';
import { StringHash } from './string-hash.js';
import { anchorShape } from './shape-anchor.js';
import { markUnique } from './unique-dictionary.js';

export type ColumnValues = Float64Array | BigInt64Array | Int32Array | Uint8Array;

export interface Column {
  readonly dtype: DType;
  readonly length: number;
  readonly values: ColumnValues;
  readonly valid: Uint8Array | null;
  /**
   * Dictionary of a string column (values are Int32Array codes into it). Never changed in place:
   * its maker may only append to it (a scan's dictionary grows batch by batch), so a code means
   * the same string for as long as the array lives, and caches keyed by the array (a writer's
   * encoded entries, a sort's ranks) stay right.
   */
  readonly dict?: readonly string[];
}

export function isValid(c: Column, i: number): boolean {
  return c.valid === null || c.valid[i] === 1;
}

/**
 * Whether row i of x and row j of y hold the same key: both null, equal values (NaN equals NaN, -0
 * equals 0, an int64's double equals its bigint — one batch of a column may come as doubles and the
 * next as bigints), equal strings (whatever their codes).
 */
export function sameValue(x: Column, i: number, y: Column, j: number): boolean {
  const xv = x.valid === null || x.valid[i] === 1;
  const yv = y.valid === null || y.valid[j] === 1;
  if (!xv || !yv) return xv === yv;
  const a = x.values[i];
  const b = y.values[j];
  if (x.dict !== undefined && y.dict !== undefined) return x.dict[a as number] === y.dict[b as number];
  if (typeof a !== typeof b) return BigInt(a) === BigInt(b);
  return a === b || (a !== a && b !== b);
}

/** The value at row i as a JS value (null for null), for printing and row conversion. */
export function valueAt(c: Column, i: number): number | bigint | string | boolean | null {
  if (!isValid(c, i)) return null;
  const v = c.values[i];
  switch (c.dtype) {
    case 'string': return c.dict![v as number];
    case 'bool': return v === 1;
    case 'int64': return typeof v === 'bigint' ? (isSafe(v) ? Number(v) : v) : v;
    default: return v as number;
  }
}

function isSafe(v: bigint): boolean {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER);
}

/** Keeps rows where mask[i] === 1, in new arrays. */
export function filterColumn(c: Column, mask: Uint8Array, count: number): Column {
  return keepRows(c, mask, count, false);
}

/**
 * Keeps rows where mask[i] === 1 by moving them down in the column's own arrays (a scan's
 * buffers, overwritten by its next batch anyway): no new arrays, whose every page this VM
 * faults in at ~10 µs (db-benchmark q8's filter: ~45 MB a worker). The mask must not share
 * memory with the column.
 */
export function filterColumnInPlace(c: Column, mask: Uint8Array, count: number): Column {
  return keepRows(c, mask, count, true);
}

function keepRows(c: Column, mask: Uint8Array, count: number, inPlace: boolean): Column {
  const v = c.values;
  const n = c.length;
  let values: ColumnValues;
  if (v instanceof Float64Array) values = keepF64(v, mask, n, inPlace ? v : new Float64Array(count));
  else if (v instanceof Int32Array) values = keepI32(v, mask, n, inPlace ? v : new Int32Array(count));
  else if (v instanceof Uint8Array) values = keepU8(v, mask, n, inPlace ? v : new Uint8Array(count));
  else values = keepI64(v, mask, n, inPlace ? v : new BigInt64Array(count));
  const valid = c.valid ? keepU8(c.valid, mask, n, inPlace ? c.valid : new Uint8Array(count)).subarray(0, count) : null;
  return { dtype: c.dtype, length: count, values: values.subarray(0, count) as ColumnValues, valid, dict: c.dict };
}

// keepRows' loops: one an array type, so each stays monomorphic; `out` may be `src` (rows move down), and is returned

function keepF64(src: Float64Array, mask: Uint8Array, n: number, out: Float64Array): Float64Array {
  let j = 0;
  for (let i = 0; i < n; i++) if (mask[i] === 1) out[j++] = src[i];
  return out;
}

function keepI32(src: Int32Array, mask: Uint8Array, n: number, out: Int32Array): Int32Array {
  let j = 0;
  for (let i = 0; i < n; i++) if (mask[i] === 1) out[j++] = src[i];
  return out;
}

function keepU8(src: Uint8Array, mask: Uint8Array, n: number, out: Uint8Array): Uint8Array {
  let j = 0;
  for (let i = 0; i < n; i++) if (mask[i] === 1) out[j++] = src[i];
  return out;
}

function keepI64(src: BigInt64Array, mask: Uint8Array, n: number, out: BigInt64Array): BigInt64Array {
  let j = 0;
  for (let i = 0; i < n; i++) if (mask[i] === 1) out[j++] = src[i];
  return out;
}

/** The first n rows (shares memory). */
export function sliceColumn(c: Column, start: number, end: number): Column {
  const out: Column = {
    dtype: c.dtype,
    length: end - start,
    values: c.values.subarray(start, end) as ColumnValues,
    valid: c.valid ? c.valid.subarray(start, end) : null,
    dict: c.dict,
  };
  if (constants.has(c)) constants.add(out);
  return out;
}

/**
 * Columns known to hold one value in every row, none null (markConstant): a Parquet row group's
 * calendar field settled by its statistics, filled by the scan. A group key that is one knows
 * its groups from its first row (GroupIndex.map). Kept beside the column, not on it, so that
 * every column keeps one shape.
 */
const constants = new WeakSet<Column>();

/** Marks `c` as holding values[0] in every row (its maker filled it so, with no nulls); returns it. */
export function markConstant(c: Column): Column {
  if (c.valid !== null) throw new Error('markConstant: a column with nulls is not one value');
  constants.add(c);
  return c;
}

export function isConstant(c: Column): boolean {
  return constants.has(c);
}

/**
 * Concatenates columns of one dtype; string dictionaries are unified. Parts often share one
 * dictionary (the batches of a scan partition share its growing dictionary): each distinct
 * dictionary is mapped once, only its new entries when it has grown, and parts that all share
 * one dictionary keep it without any string being looked up. Parts whose rows use few of their
 * dictionaries' entries (rows of a scan's batches cut into exchange buckets: each bucket's rows
 * carry the partition's whole dictionary) map only the codes they use (concatSparse), so
 * their result's dictionary holds only their strings. Dictionaries too large to hash
 * again (together over DEDUPE_LIMIT entries: a join's output with a string per row), or holding
 * about an entry a row, are appended as they are, so the result's dictionary may repeat strings
 * (unique-dictionary.ts).
 */
export function concatColumns(parts: readonly Column[], dtype: DType): Column {
  const length = parts.reduce((n, p) => n + p.length, 0);
  if (dtype === 'string' && parts.some((p) => bytesOf(p.dict) !== undefined) && parts.some((p) => p.dict !== parts[0].dict)) return concatBytes(parts, length);
  const wide = parts.some((p) => p.values instanceof BigInt64Array);
  const Ctor = wide ? BigInt64Array : parts.length > 0 ? (parts[0].values.constructor as { new (n: number): ColumnValues }) : Float64Array;
  const values = new Ctor(length) as ColumnValues;
  const anyNull = parts.some((p) => p.valid !== null);
  const valid = anyNull ? new Uint8Array(length).fill(1) : null;
  // string codes: all at once through the used entries only, or part by part through a union
  const sparse = dtype === 'string' && sparseDictionaries(parts, length) ? concatSparse(parts, values as Int32Array, length) : null;
  const strings = dtype === 'string' && sparse === null ? new DictionaryUnion(parts) : null;
  let off = 0;
  for (const p of parts) {
    if (strings) copyCodes(p, strings.remap(p.dict!), values as Int32Array, off);
    else if (sparse === null) {
      if (wide && !(p.values instanceof BigInt64Array)) {
        for (let i = 0; i < p.length; i++) (values as BigInt64Array)[off + i] = BigInt(p.values[i] as number);
      } else {
        (values as Float64Array).set(p.values.subarray(0, p.length) as Float64Array, off);
      }
    }
    if (valid && p.valid) valid.set(p.valid.subarray(0, p.length), off);
    off += p.length;
  }
  return { dtype, length, values, valid, dict: sparse ?? (strings ? strings.dict() : undefined) };
}

/**
 * String parts of which some hold their dictionary as bytes (kernels/byte-strings.ts: a column
 * nothing compares): each row's value copied into one dictionary of bytes, an entry a row in row
 * order (a null row's is empty); a part that holds one already is copied whole. Such columns hold
 * about a value a row, so nothing is lost by not merging equal ones; the other parts' strings are
 * encoded as they come.
 */
function concatBytes(parts: readonly Column[], length: number): Column {
  const values = new Int32Array(length);
  const valid = parts.some((p) => p.valid !== null) ? new Uint8Array(length).fill(1) : null;
  // sized from each part's mean entry (a part often uses a few of its dictionary's entries: an
  // exchange bucket's rows of a batch); the builder grows past a guess too small
  let bytes = 0;
  for (const p of parts) {
    const b = bytesOf(p.dict);
    bytes += b !== undefined && b.count > 0 ? Math.ceil((b.offsets[b.count] / b.count) * p.length) : p.length * 16;
  }
  const out = new ByteStringsBuilder(length, bytes);
  let off = 0;
  for (const p of parts) {
    const b = bytesOf(p.dict);
    const codes = p.values as Int32Array;
    if (b !== undefined && isRowOrdered(p)) fillCodes(values, off, out.addAll(b), p.length);
    else if (b !== undefined) copyByteEntries(out, b, codes, p.valid, p.length, values, off);
    else copyStringEntries(out, p.dict!, codes, p.valid, p.length, values, off);
    if (valid && p.valid) valid.set(p.valid.subarray(0, p.length), off);
    off += p.length;
  }
  return { dtype: 'string', length, values, valid, dict: markRowOrdered(byteDictionary(out.finish())) };
}

// concatBytes' loops, functions of their own (PROFILE.md, "code after a long loop")

function fillCodes(dst: Int32Array, off: number, first: number, n: number): void {
  for (let i = 0; i < n; i++) dst[off + i] = first + i;
}

// a null row gets an empty entry: the result holds an entry a row, in row order (markRowOrdered)

function copyByteEntries(out: ByteStringsBuilder, b: ByteStrings, codes: Int32Array, valid: Uint8Array | null, n: number, dst: Int32Array, off: number): void {
  const { offsets, data } = b;
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    dst[off + i] = valid !== null && valid[i] === 0 ? out.add(data, 0, 0) : out.add(data, offsets[c], offsets[c + 1]);
  }
}

function copyStringEntries(out: ByteStringsBuilder, dict: readonly string[], codes: Int32Array, valid: Uint8Array | null, n: number, dst: Int32Array, off: number): void {
  for (let i = 0; i < n; i++) dst[off + i] = out.addString(valid !== null && valid[i] === 0 ? '' : dict[codes[i]]);
}

/** Whether the parts' distinct dictionaries hold more than twice as many entries as the parts have rows. */
function sparseDictionaries(parts: readonly Column[], rows: number): boolean {
  if (parts.length < 2) return false;
  const first = parts[0].dict!;
  if (parts.every((p) => p.dict === first)) return false;
  let entries = 0;
  for (const d of new Set(parts.map((p) => p.dict!))) entries += d.length;
  return entries > 2 * rows;
}

/** Code → code in the union, per distinct dictionary at its offset; -1 between uses (entries touched are reset). */
let sparseScratch = new Int32Array(0);
/** Entries past which a union takes a scratch of its own instead of growing the kept one. */
const SCRATCH_KEPT = 1 << 22;

/** Used entries below which strings are always merged (a small dictionary costs little to hash, and stays unique). */
const MIN_UNMERGED = 1024;

/**
 * The parts' codes into `dst`, through one dictionary of only the strings their rows use (null
 * rows get 0): each used entry is taken once, however many rows use it. Strings that several
 * dictionaries hold are then merged into one entry — unless nearly every row brought a string of
 * its own (ids, free text: an exchange bucket of a join's mostly distinct column), where hashing
 * each string again found nothing to merge and cost most of the concatenation (db-benchmark
 * join q5); that dictionary may repeat a string (unique-dictionary.ts), as appended ones do.
 */
function concatSparse(parts: readonly Column[], dst: Int32Array, rows: number): string[] {
  const base = new Map<readonly string[], number>();
  let total = 0;
  for (const p of parts) if (!base.has(p.dict!)) { base.set(p.dict!, total); total += p.dict!.length; }
  let scratch = sparseScratch;
  if (scratch.length < total) {
    scratch = new Int32Array(total).fill(-1);
    if (total <= SCRATCH_KEPT) sparseScratch = scratch;
  }
  const used: string[] = [];
  const touched = new Int32Array(Math.min(rows, total));
  let t = 0;
  let off = 0;
  try {
    for (const p of parts) {
      t = sparseCodes(p.values as Int32Array, p.valid, p.length, p.dict!, base.get(p.dict!)!, scratch, used, touched, t, dst, off);
      off += p.length;
    }
  } finally {
    resetScratch(scratch, touched, t);
  }
  if (used.length * 2 > rows && used.length >= MIN_UNMERGED) return used;
  const union = new StringHash(used.length);
  const map = idsOf(union, used);
  if (union.size < used.length) remapCodes(dst, rows, map);
  return union.strings;
}

// concatSparse's loops, functions of their own with nothing after the loop: compiled on the stack
// during a long first call, each stopped at the code after it on later calls (db-benchmark join
// q5: 6 times; benchmarks/PROFILE.md, "code after a long loop")

/** A part's codes into dst[off …] through `scratch` (the dictionary's entries at `b` onward → their place in `used`); returns the new count of touched scratch slots. */
function sparseCodes(src: Int32Array, valid: Uint8Array | null, n: number, dict: readonly string[], b: number, scratch: Int32Array, used: string[], touched: Int32Array, t: number, dst: Int32Array, off: number): number {
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) { dst[off + i] = 0; continue; }
    const at = b + src[i];
    let u = scratch[at];
    if (u < 0) { u = used.length; used.push(dict[src[i]]); scratch[at] = u; touched[t++] = at; }
    dst[off + i] = u;
  }
  return t;
}

function resetScratch(scratch: Int32Array, touched: Int32Array, t: number): void {
  for (let k = 0; k < t; k++) scratch[touched[k]] = -1;
}

function idsOf(union: StringHash, strings: readonly string[]): Int32Array {
  const map = new Int32Array(strings.length);
  for (let k = 0; k < strings.length; k++) map[k] = union.id(strings[k]);
  return map;
}

function remapCodes(dst: Int32Array, rows: number, map: Int32Array): void {
  for (let i = 0; i < rows; i++) dst[i] = map[dst[i]];
}

/** A part's codes in the union: shifted by an offset, or through a code map (null rows get 0). */
function copyCodes(p: Column, remap: Int32Array | number, dst: Int32Array, off: number): void {
  const src = p.values as Int32Array;
  const n = p.length;
  if (remap === 0) { dst.set(src.subarray(0, n), off); return; }
  if (typeof remap === 'number') { for (let i = 0; i < n; i++) dst[off + i] = src[i] + remap; return; }
  const valid = p.valid;
  if (valid === null) for (let i = 0; i < n; i++) dst[off + i] = remap[src[i]];
  else for (let i = 0; i < n; i++) dst[off + i] = valid[i] === 0 ? 0 : remap[src[i]];
}

/** Entries of distinct dictionaries above which a concatenation appends them instead of hashing every string. */
export const DEDUPE_LIMIT = 1 << 20;

/** One dictionary for the parts of a concatenation (or a merge): codes of each part's dictionary in it. */
export class DictionaryUnion {
  /** Set when every part carries this very array: it is the result's dictionary, codes unchanged. */
  private readonly shared: readonly string[] | null;
  /** Appending: each distinct dictionary's offset in `appended`. */
  private readonly offsets: Map<readonly string[], number> | null = null;
  private readonly appended: string[] = [];
  private readonly codes: StringHash | null = null;
  private readonly remaps = new Map<readonly string[], { remap: Int32Array; mapped: number }>();
  /** Appending parts of which some hold their entries as bytes: the result, as bytes. */
  private readonly bytes: readonly string[] | null = null;

  /**
   * `disjoint`: no string is in two of the parts' dictionaries, and each holds its strings once
   * (the keys of hash-partitioned groups): they are appended, unhashed, and the union is
   * known to hold each string once.
   */
  constructor(parts: readonly Column[], private readonly disjoint = false) {
    const first = parts.length > 0 ? parts[0].dict! : null;
    this.shared = first !== null && parts.every((p) => p.dict === first) ? first : null;
    if (this.shared) return;
    // every part is here, so a dictionary shared by several parts has its final length
    const distinct = [...new Set(parts.map((p) => p.dict!))];
    const total = distinct.reduce((n, d) => n + d.length, 0);
    // dictionaries holding about an entry a row (ids, free text: an exchange bucket's chunks of a
    // join's mostly distinct column) are appended too when a sample of their entries holds no
    // string twice: hashing every string again found little to merge and cost ~40 % of the
    // concatenation (db-benchmark join q5). (Many small parts each holding most of a few thousand
    // strings have an entry a row too, but repeat them: those are merged.)
    const rows = parts.reduce((n, p) => n + p.length, 0);
    if (distinct.some((d) => bytesOf(d) !== undefined)) {
      // some held as bytes (a column nothing compares): appended, as bytes
      this.offsets = new Map();
      const out = new ByteStringsBuilder(total, distinct.reduce((n, d) => n + (bytesOf(d)?.offsets[d.length] ?? d.length * 16), 0));
      for (const d of distinct) {
        const b = bytesOf(d);
        this.offsets.set(d, b !== undefined ? out.addAll(b) : addEach(out, d));
      }
      this.bytes = byteDictionary(out.finish());
    } else if (total > DEDUPE_LIMIT || disjoint || (total >= MIN_UNMERGED && total * 2 > rows && noRepeatsSampled(distinct, total))) {
      this.offsets = new Map();
      // a push an entry: Array#concat was ~3× faster alone, but once any class defines
      // Symbol.isConcatSpreadable (apache-arrow's do) V8 takes its slow path, which returns an
      // array in dictionary mode — ~15× slower to read and to send to a worker
      for (const d of distinct) {
        this.offsets.set(d, this.appended.length);
        for (let k = 0; k < d.length; k++) this.appended.push(d[k]);
      }
    } else {
      this.codes = new StringHash(distinct.reduce((m, d) => Math.max(m, d.length), 0));
    }
  }

  /** Where `dict`'s codes go in the result: 0 (unchanged), an offset to add, or a code map. */
  remap(dict: readonly string[]): Int32Array | number {
    if (this.shared) return 0;
    if (this.offsets) return this.offsets.get(dict)!;
    let r = this.remaps.get(dict);
    if (!r) { r = { remap: new Int32Array(dict.length), mapped: 0 }; this.remaps.set(dict, r); }
    if (r.mapped < dict.length) {
      for (let k = r.mapped; k < dict.length; k++) r.remap[k] = this.codes!.id(dict[k]);
      r.mapped = dict.length;
    }
    return r.remap;
  }

  dict(): readonly string[] {
    if (this.bytes !== null) return this.disjoint ? markUnique(this.bytes) : this.bytes;
    if (this.disjoint && this.offsets) markUnique(this.appended);
    return this.shared ?? (this.offsets ? this.appended : this.codes!.strings);
  }
}

/** Every entry of `dict` appended as UTF-8; the code of its first. */
function addEach(out: ByteStringsBuilder, dict: readonly string[]): number {
  const first = out.count;
  for (let k = 0; k < dict.length; k++) out.addString(dict[k]);
  return first;
}

/** Entries of a concatenation's dictionaries that noRepeatsSampled looks at, at most. */
const REPEAT_SAMPLE = 4096;

/**
 * Whether evenly spaced entries of the dictionaries, taken one after another, hold no string
 * twice (all of them, when there are at most REPEAT_SAMPLE): strings that each part repeats
 * (a few thousand values in many small parts) show up many times in such a sample.
 */
function noRepeatsSampled(dicts: readonly (readonly string[])[], total: number): boolean {
  const step = Math.max(1, total / REPEAT_SAMPLE);
  const seen = new Set<string>();
  let d = 0;
  let base = 0;
  for (let at = 0; at < total; at = Math.floor(seen.size * step)) {
    while (at >= base + dicts[d].length) base += dicts[d++].length;
    const s = dicts[d][at - base];
    if (seen.has(s)) return false;
    seen.add(s);
  }
  return true;
}

/** A column of no rows (a string one with an empty dictionary). */
export function emptyColumn(dtype: DType): Column {
  return { dtype, length: 0, values: arrayFor(dtype, 0), valid: null, dict: dtype === 'string' ? [] : undefined };
}

export function arrayFor(dtype: DType, n: number): ColumnValues {
  switch (dtype) {
    case 'string': case 'date': return new Int32Array(n);
    case 'bool': return new Uint8Array(n);
    default: return new Float64Array(n);
  }
}

// keeps the union's hidden class across a worker's tasks (shape-anchor.ts)
anchorShape(new DictionaryUnion([]));
