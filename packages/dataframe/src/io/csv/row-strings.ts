/**
 * A text column's values in row order, one entry a row, without looking any value up: the
 * scan's form of a column that nothing downstream compares (optimizer/carried-columns.ts) and whose
 * values are mostly distinct (ids, emails, free text carried to the output). Interning such a
 * column into a ByteDictionary hashed, probed and added nearly every value — ~150 ns a value,
 * a third of a join's worker time on db-benchmark's x.csv (id6: 10 M rows, 6 M distinct) — to
 * find it had not been seen. Here a value's bytes are copied to the arena and the batch's are
 * cut into strings together (table/arrow-buffers.ts asciiStrings), as ByteDictionary does for
 * its new values.
 *
 * The entries may repeat, so `strings` is not marked unique (kernels/unique-dictionary.ts):
 * anything that does compare the column treats the codes as standing for possibly equal
 * strings, and stays right. Same interface as ByteDictionary where the scan uses one.
 */
import { isAscii } from 'node:buffer';
import { asciiStrings, ONE_STRING_BYTES } from '../../table/arrow-buffers.js';
import type { ByteDictionary } from './byte-dictionary.js';

const strict = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

/** Characters from which V8 makes a substring a view of its parent string rather than a copy (SlicedString::kMinLength). */
const SLICED_MIN = 13;

export class RowStrings {
  private arena: Uint8Array;
  private arenaLen = 0;
  size = 0;
  /** The decoded entries; the newest ASCII ones wait in the arena, ending at pendingEnds (materialize). */
  private list: string[] = [];
  private pendingStart = 0;
  private pendingEnds: number[] = [];

  /** Invalid UTF-8 throws a TypeError unless `lossyUtf8` (then it becomes U+FFFD). */
  constructor(capacity = 1024, private readonly lossyUtf8 = false) {
    this.arena = new Uint8Array(Math.max(64 * 1024, Math.min(capacity * 16, 4 << 20)));
  }

  /** Each row's string, in row order (entries may repeat). */
  get strings(): string[] {
    return this.materialize();
  }

  /** Empties it for the next batch; a column that took the old `strings` keeps that array. */
  clear(): void {
    this.list = [];
    this.arenaLen = 0;
    this.pendingStart = 0;
    this.pendingEnds.length = 0;
    this.size = 0;
  }

  materialize(): string[] {
    const ends = this.pendingEnds;
    if (ends.length === 0) return this.list;
    asciiStrings(this.arena, this.pendingStart, ends, 0, ends.length, this.list);
    ends.length = 0;
    this.pendingStart = this.arenaLen;
    return this.list;
  }

  /** The next entry, buf[start, end); its code. */
  intern(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    if (this.arenaLen + len > this.arena.length) this.grow(len);
    const arena = this.arena;
    const at = this.arenaLen;
    let high = 0;
    for (let k = 0; k < len; k++) { const b = buf[start + k]; arena[at + k] = b; high |= b; }
    if (high >= 0x80) {
      // decoded (and checked) now, after the entries before it, so that `strings` stays in row
      // order; a failed decode leaves the list as it was
      const text = (this.lossyUtf8 ? lossy : strict).decode(arena.subarray(at, at + len));
      this.materialize();
      this.list.push(text);
      this.arenaLen += len;
      this.pendingStart = this.arenaLen;
    } else {
      this.arenaLen += len;
      this.pendingEnds.push(this.arenaLen);
    }
    return this.size++;
  }

  /**
   * Appends `count` entries, the j-th buf[starts[j], ends[j]), their codes into codes[j]; returns
   * `count`, or (strict UTF-8 only) the index of the first value that is not valid UTF-8 — the
   * values before it are added, it and those after are not (ByteDictionary.internMany's contract).
   */
  internMany(buf: Uint8Array, starts: Int32Array, ends: Int32Array, count: number, codes: Int32Array): number {
    if (count > 0 && this.cutAscii(buf, starts, ends, count, codes)) return count;
    let j = 0;
    try {
      for (; j < count; j++) codes[j] = this.intern(buf, starts[j], ends[j]);
    } catch (err) {
      if (!(err instanceof TypeError) || this.lossyUtf8) throw err;
      return j;
    }
    return count;
  }

  /**
   * The values cut straight out of the bytes they were read from, when all the bytes they span
   * are ASCII (one native check): one Latin-1 decode of the span and a substring a value — no
   * copy to the arena, no loop over their bytes. False (nothing added) otherwise, and when the
   * substrings would keep the other columns' bytes alive: V8 copies a substring shorter than
   * SLICED_MIN characters but makes a longer one a view of the whole decoded span, so long
   * values are cut this way only where they fill most of it.
   */
  private cutAscii(buf: Uint8Array, starts: Int32Array, ends: Int32Array, count: number, codes: Int32Array): boolean {
    let from = starts[0];
    let to = ends[0];
    let bytes = 0;
    let longest = 0;
    for (let j = 0; j < count; j++) {
      const s = starts[j];
      const e = ends[j];
      if (s < from) from = s;
      if (e > to) to = e;
      bytes += e - s;
      if (e - s > longest) longest = e - s;
    }
    if (to - from > ONE_STRING_BYTES || (longest >= SLICED_MIN && 2 * bytes < to - from)) return false;
    const view = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    if (!isAscii(view.subarray(from, to))) return false;
    const list = this.materialize();
    const text = view.toString('latin1', from, to);
    let code = this.size;
    for (let j = 0; j < count; j++) {
      list.push(text.substring(starts[j] - from, ends[j] - from));
      codes[j] = code++;
    }
    this.size = code;
    return true;
  }

  private grow(len: number): void {
    const next = new Uint8Array(Math.max(this.arena.length * 2, this.arenaLen + len));
    next.set(this.arena.subarray(0, this.arenaLen));
    this.arena = next;
  }
}

/** What a scanned text column's values go into: a dictionary, or (carried, mostly distinct) its rows' strings. */
export type TextValues = ByteDictionary | RowStrings;
