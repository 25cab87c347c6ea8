/**
 * A string dictionary held as UTF-8 bytes: the form of a text column that nothing compares (ids,
 * emails, free text carried from the input to the output: optimizer/carried-columns.ts). Such a
 * column's values were decoded from the CSV into JS strings, encoded again into every spill
 * file, decoded again from it, and encoded again by the CSV writer — with a string allocated for
 * every row in between (db-benchmark join q5: ~10 of a worker's 26 s). As bytes they are copied
 * from the input's buffer, written to a spill file and read back as they are, and copied into the
 * output's.
 *
 * The dictionary is still a `readonly string[]` to every kernel: a Proxy over an empty array,
 * which decodes all its entries into that array on the first look at them (an index, a method,
 * a key), so code that does not know the bytes reads the strings, right, only slower. Code that
 * knows them asks `bytesOf(dict)` first and never looks. `length` is answered without decoding.
 * Entries may repeat: such a dictionary is never marked unique (unique-dictionary.ts).
 *
 * A Proxy cannot be sent to another thread: a task's result is made plain (`plainColumns`)
 * before it leaves the worker.
 */
import { decodeStrings } from '../table/arrow-buffers.js';
import type { Column } from './column.js';

/** Entry k is data[offsets[k], offsets[k + 1]); offsets[0] is 0. */
export interface ByteStrings {
  readonly count: number;
  readonly offsets: Int32Array;
  readonly data: Uint8Array;
}

const bytesOfDict = new WeakMap<readonly string[], ByteStrings>();
const plainOf = new WeakMap<readonly string[], string[]>();

/** The entries' bytes of a dictionary made by byteDictionary, or undefined for any other. */
export function bytesOf(dict: readonly string[] | undefined): ByteStrings | undefined {
  return dict === undefined ? undefined : bytesOfDict.get(dict);
}

/** A dictionary of `bytes`' entries, decoded only when something looks at them. */
export function byteDictionary(bytes: ByteStrings): readonly string[] {
  const target: string[] = [];
  const dict = new Proxy(target, new Decoding(bytes));
  bytesOfDict.set(dict, bytes);
  plainOf.set(dict, target);
  return dict;
}

/** The dictionary as a plain array of strings (decoded if it was held as bytes); any other as it is. */
export function plainDict(dict: readonly string[]): readonly string[] {
  const target = plainOf.get(dict);
  if (target === undefined) return dict;
  if (bytesOfDict.has(dict)) decodeInto(bytesOfDict.get(dict)!, target);
  return target;
}

/** The column with its dictionary as a plain array (itself, when it is one already). */
export function plainColumn(c: Column): Column {
  return c.dict !== undefined && bytesOfDict.has(c.dict) ? { ...c, dict: plainDict(c.dict) } : c;
}

/** Dictionaries made by takeBytes: entry i is row i's value, one entry a row. */
const rowOrdered = new WeakSet<readonly string[]>();

/**
 * Whether column `c`'s dictionary holds its rows' values one entry a row, in row order: its maker
 * said so (markRowOrdered) and its codes are still 0, 1, 2 … — a take, a sort's permutation or a
 * filter of such a column keeps its dictionary with other codes, of the same length or not.
 */
export function isRowOrdered(c: Column): boolean {
  return c.dict !== undefined && rowOrdered.has(c.dict) && c.dict.length === c.length && isIdentity(c.values as Int32Array, c.length);
}

/** Records that the column `dict` was made for holds its entry k at row k, for every row, its codes 0, 1, 2 …; returns it. */
export function markRowOrdered(dict: readonly string[]): readonly string[] {
  rowOrdered.add(dict);
  return dict;
}

/** Whether codes[i] is i for each of the n rows (a loop of its own). */
export function isIdentity(codes: Int32Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (codes[i] !== i) return false;
  return true;
}

/**
 * Rows `rows` (none negative) of a column whose dictionary is held as bytes, their values copied
 * into a dictionary of their own, one entry a row (a null row's entry is empty). Taken while the
 * batch is fresh in the cache — an exchange's bucket of a scan's batch — the bytes are read once
 * in order; left as codes into the batch's dictionary, the bucket's concatenation read them later
 * scattered across every batch (db-benchmark join q5: ~1 s a worker).
 */
export function takeBytes(c: Column, bytes: ByteStrings, rows: Int32Array): Column {
  const n = rows.length;
  const codes = c.values as Int32Array;
  const valid = c.valid === null ? null : new Uint8Array(n);
  const offsets = new Int32Array(n + 1);
  const size = sizeOfRows(bytes.offsets, codes, c.valid, rows, valid);
  if (size > MAX_BYTES) tooLarge(size);
  const data = new Uint8Array(size);
  copyRows(bytes.offsets, bytes.data, codes, c.valid, rows, offsets, data);
  const dict = markRowOrdered(byteDictionary({ count: n, offsets, data }));
  return { dtype: 'string', length: n, values: rowNumbers(n), valid, dict };
}

// takeBytes' loops, functions of their own (PROFILE.md, "code after a long loop")

/** The bytes of the rows' values (null rows none); their validity into `valid`. */
function sizeOfRows(offsets: Int32Array, codes: Int32Array, sv: Uint8Array | null, rows: Int32Array, valid: Uint8Array | null): number {
  let size = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (sv !== null && (valid![i] = sv[r]) === 0) continue;
    const c = codes[r];
    size += offsets[c + 1] - offsets[c];
  }
  return size;
}

function copyRows(offsets: Int32Array, src: Uint8Array, codes: Int32Array, sv: Uint8Array | null, rows: Int32Array, outOffsets: Int32Array, data: Uint8Array): void {
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (sv === null || sv[r] === 1) {
      const c = codes[r];
      const to = offsets[c + 1];
      for (let b = offsets[c]; b < to; b++) data[at++] = src[b];
    }
    outOffsets[i + 1] = at;
  }
}

/** 0, 1, … n − 1: the codes of a column in row order, or the rows of a whole column. */
export function rowNumbers(n: number): Int32Array {
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = i;
  return codes;
}

/**
 * A task's result made fit to send to another thread: every column in it (through objects and
 * arrays, a few levels deep) whose dictionary is held as bytes gets its plain array instead.
 * Columns are changed in place (the same strings, so anything else holding one is still right).
 */
export function plainColumns<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== 'object' || depth > 8 || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    // an array of strings (a dictionary) or of numbers is not entered
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v === null || typeof v !== 'object') { if (v !== null && v !== undefined) return value; continue; }
      plainColumns(v, depth + 1);
    }
    return value;
  }
  if (value instanceof Map) {
    for (const v of value.values()) plainColumns(v, depth + 1);
    return value;
  }
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    const v = o[key];
    if (key === 'dict' && Array.isArray(v) && bytesOfDict.has(v)) o[key] = plainDict(v);
    else if (v !== null && typeof v === 'object') plainColumns(v, depth + 1);
  }
  return value;
}

function decodeInto(bytes: ByteStrings, target: string[]): void {
  if (target.length === bytes.count) return;
  const strings = decodeStrings(bytes.offsets, bytes.data, bytes.count);
  for (let k = 0; k < strings.length; k++) target.push(strings[k]);
}

/** The Proxy's handler: every trap but `length` decodes the entries first (once), then acts on the plain array. */
class Decoding implements ProxyHandler<string[]> {
  private decoded = false;

  constructor(private readonly bytes: ByteStrings) {}

  private plain(target: string[]): string[] {
    if (!this.decoded) {
      decodeInto(this.bytes, target);
      this.decoded = true;
    }
    return target;
  }

  get(target: string[], key: string | symbol): unknown {
    if (key === 'length' && !this.decoded) return this.bytes.count;
    return Reflect.get(this.plain(target), key);
  }

  has(target: string[], key: string | symbol): boolean {
    return Reflect.has(this.plain(target), key);
  }

  ownKeys(target: string[]): ArrayLike<string | symbol> {
    return Reflect.ownKeys(this.plain(target));
  }

  getOwnPropertyDescriptor(target: string[], key: string | symbol): PropertyDescriptor | undefined {
    return Reflect.getOwnPropertyDescriptor(this.plain(target), key);
  }

  // a dictionary is never changed in place (column.ts); should anything do it, its bytes no longer
  // say what it holds: they are forgotten, and the array is a plain one from then on
  set(target: string[], key: string | symbol, value: unknown, receiver: unknown): boolean {
    this.plain(target);
    bytesOfDict.delete(receiver as string[]);
    return Reflect.set(target, key, value);
  }

  deleteProperty(target: string[], key: string | symbol): boolean {
    this.plain(target);
    return Reflect.deleteProperty(target, key);
  }

  defineProperty(target: string[], key: string | symbol, desc: PropertyDescriptor): boolean {
    this.plain(target);
    return Reflect.defineProperty(target, key, desc);
  }
}

/** Entries appended one after another into growing arrays; `finish` gives them as ByteStrings. */
export class ByteStringsBuilder {
  private offsets: Int32Array;
  private data: Uint8Array;
  count = 0;
  private bytes = 0;

  constructor(entries = 1024, bytes = entries * 16) {
    this.offsets = new Int32Array(Math.max(entries, 16) + 1);
    this.data = new Uint8Array(Math.max(bytes, 64));
  }

  /** Room for `bytes` more bytes and one more entry. */
  private room(bytes: number): void {
    if (this.bytes + bytes > MAX_BYTES) tooLarge(this.bytes + bytes);
    if (this.count + 2 > this.offsets.length) {
      const o = new Int32Array(this.offsets.length * 2);
      o.set(this.offsets);
      this.offsets = o;
    }
    if (this.bytes + bytes > this.data.length) {
      const d = new Uint8Array(Math.max(this.data.length * 2, this.bytes + bytes));
      d.set(this.data.subarray(0, this.bytes));
      this.data = d;
    }
  }

  /** Appends src[from, to) as an entry; returns its code. */
  add(src: Uint8Array, from: number, to: number): number {
    const len = to - from;
    this.room(len);
    const data = this.data;
    let at = this.bytes;
    if (len < 32) for (let b = from; b < to; b++) data[at++] = src[b];
    else { data.set(src.subarray(from, to), at); at += len; }
    this.bytes = at;
    this.offsets[++this.count] = at;
    return this.count - 1;
  }

  /** Appends every entry of `b`, in order; returns the code of its first. */
  addAll(b: ByteStrings): number {
    const first = this.count;
    const len = b.offsets[b.count] - b.offsets[0];
    this.room(len);
    if (this.count + b.count + 1 > this.offsets.length) {
      const o = new Int32Array(this.count + b.count + 1);
      o.set(this.offsets.subarray(0, this.count + 1));
      this.offsets = o;
    }
    this.data.set(b.data.subarray(b.offsets[0], b.offsets[b.count]), this.bytes);
    const shift = this.bytes - b.offsets[0];
    const offsets = this.offsets;
    for (let k = 1; k <= b.count; k++) offsets[first + k] = b.offsets[k] + shift;
    this.count += b.count;
    this.bytes += len;
    return first;
  }

  /** Appends a string's UTF-8 as an entry; returns its code. */
  addString(s: string): number {
    this.room(s.length * 3);
    let at = this.bytes;
    const data = this.data;
    let k = 0;
    for (; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c > 0x7f) break;
      data[at++] = c;
    }
    if (k < s.length) at = this.bytes + encoder.encodeInto(s, data.subarray(this.bytes)).written;
    this.bytes = at;
    this.offsets[++this.count] = at;
    return this.count - 1;
  }

  /** The entries so far, as views of the builder's arrays: appending more leaves them as they are. */
  snapshot(): ByteStrings {
    return { count: this.count, offsets: this.offsets.subarray(0, this.count + 1), data: this.data.subarray(0, this.bytes) };
  }

  /** Starts empty again, in new arrays as large as the last ones' use (a snapshot keeps the old ones). */
  reset(): void {
    this.offsets = new Int32Array(Math.max(this.count, 16) + 1);
    this.data = new Uint8Array(Math.max(this.bytes, 64));
    this.count = 0;
    this.bytes = 0;
  }

  /** The entries so far; the builder starts empty again. */
  finish(): ByteStrings {
    const out = this.snapshot();
    this.reset();
    return out;
  }
}

const encoder = new TextEncoder();

/** Bytes an Int32Array of offsets reaches. */
const MAX_BYTES = 0x7fffffff;

function tooLarge(bytes: number): never {
  throw new RangeError(`one task's piece of a text column would hold ${bytes} bytes, past the 2 GiB its offsets reach; give the query more partitions (a smaller blocksize) or a smaller memoryLimit, so that its pieces are smaller`);
}
