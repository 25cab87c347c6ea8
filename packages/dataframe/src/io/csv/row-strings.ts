/**
 * A text column's values in row order, one entry a row, without looking any value up: the
 * scan's form of a column that nothing downstream compares (optimizer/carried-columns.ts) and
 * whose values are mostly distinct (ids, emails, free text carried to the output). Interning
 * such a column into a ByteDictionary hashed, probed, copied and added nearly every value —
 * ~150 ns a value, a third of a join's worker time on db-benchmark's x.csv (id6: 10 M rows, 6 M
 * distinct) — to find it had not been seen. Here the values are cut out of the bytes they were
 * read from: a batch's ASCII span decoded once and cut into substrings, other text decoded
 * value by value.
 *
 * The entries may repeat, so `strings` is not marked unique (kernels/unique-dictionary.ts):
 * anything that does compare the column treats the codes as standing for possibly equal
 * strings, and stays right. Same interface as ByteDictionary where the scan uses one.
 */
import { isAscii } from 'node:buffer';
import { ONE_STRING_BYTES } from '../../table/arrow-buffers.js';
import type { ByteDictionary } from './byte-dictionary.js';

const strict = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

/** Characters from which V8 makes a substring a view of its parent string rather than a copy (SlicedString::kMinLength). */
const SLICED_MIN = 13;

export class RowStrings {
  size = 0;
  private list: string[] = [];

  /** Invalid UTF-8 throws a TypeError unless `lossyUtf8` (then it becomes U+FFFD). */
  constructor(private readonly lossyUtf8 = false) {}

  /** Each row's string, in row order (entries may repeat). */
  get strings(): string[] {
    return this.list;
  }

  /** Empties it for the next batch; a column that took the old `strings` keeps that array. */
  clear(): void {
    this.list = [];
    this.size = 0;
  }

  /** The next entry, buf[start, end) (throws a TypeError, adding nothing, where strict UTF-8 refuses it); its code. */
  intern(buf: Uint8Array, start: number, end: number): number {
    this.list.push((this.lossyUtf8 ? lossy : strict).decode(buf.subarray(start, end)));
    return this.size++;
  }

  /**
   * Appends `count` entries, the j-th buf[starts[j], ends[j]), their codes into codes[j]; returns
   * `count`, or (strict UTF-8 only) the index of the first value that is not valid UTF-8 — the
   * values before it are added, it and those after are not (ByteDictionary.internMany's contract).
   */
  internMany(buf: Uint8Array, starts: Int32Array, ends: Int32Array, count: number, codes: Int32Array): number {
    if (count === 0) return 0;
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
    const view = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    if (to - from <= ONE_STRING_BYTES && isAscii(view.subarray(from, to))) {
      // V8 copies a substring shorter than SLICED_MIN characters but makes a longer one a view of
      // the whole decoded span: long values are cut from it only where they fill most of it, so
      // that they do not keep the other columns' bytes alive
      if (longest < SLICED_MIN || 2 * bytes >= to - from) this.cut(view.toString('latin1', from, to), from, starts, ends, count, codes);
      else for (let j = 0; j < count; j++) codes[j] = this.push(view.toString('latin1', starts[j], ends[j]));
      return count;
    }
    let j = 0;
    try {
      for (; j < count; j++) codes[j] = this.intern(buf, starts[j], ends[j]);
    } catch (err) {
      if (!(err instanceof TypeError) || this.lossyUtf8) throw err;
      return j;
    }
    return count;
  }

  /** Each value a substring of `text`, the span's bytes from `from` on. */
  private cut(text: string, from: number, starts: Int32Array, ends: Int32Array, count: number, codes: Int32Array): void {
    const list = this.list;
    let code = this.size;
    for (let j = 0; j < count; j++) {
      list.push(text.substring(starts[j] - from, ends[j] - from));
      codes[j] = code++;
    }
    this.size = code;
  }

  private push(s: string): number {
    this.list.push(s);
    return this.size++;
  }
}

/** What a scanned text column's values go into: a dictionary, or (carried, mostly distinct) its rows' strings. */
export type TextValues = ByteDictionary | RowStrings;
