/**
 * A text column's values in row order, one entry a row, without looking any value up: the
 * scan's form of a column that nothing downstream compares (optimizer/carried-columns.ts) and
 * whose values are mostly distinct (ids, emails, free text carried to the output). Interning
 * such a column into a ByteDictionary hashed, probed, copied and added nearly every value —
 * ~150 ns a value, a third of a join's worker time on db-benchmark's x.csv (id6: 10 M rows, 6 M
 * distinct) — to find it had not been seen. Here each value's bytes are copied out of the bytes
 * they were read from, and the batch's dictionary is those bytes (kernels/byte-strings.ts): no
 * string is made unless something looks at one.
 *
 * Bytes that are not UTF-8 are refused as the strict decoder refuses them (a TypeError), or, when
 * lossy, kept as the lossy decoder's text (U+FFFD for each bad sequence). The entries may repeat,
 * so the dictionary is never marked unique (kernels/unique-dictionary.ts). Same interface as
 * ByteDictionary where the scan uses one.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { byteDictionary, ByteStringsBuilder } from '../../kernels/byte-strings.js';
import type { ByteDictionary } from './byte-dictionary.js';

const lossy = new TextDecoder('utf-8');

export class RowStrings {
  private readonly values = new ByteStringsBuilder(1024, 16 * 1024);
  private made: readonly string[] | null = null;

  /** Invalid UTF-8 throws a TypeError unless `lossyUtf8` (then it becomes U+FFFD). */
  constructor(private readonly lossyUtf8 = false) {}

  get size(): number {
    return this.values.count;
  }

  /** Each row's string, in row order (entries may repeat): a dictionary of the batch's bytes. */
  get strings(): readonly string[] {
    this.made ??= byteDictionary(this.values.snapshot());
    return this.made;
  }

  /** Empties it for the next batch; a column that took the old `strings` keeps them. */
  clear(): void {
    this.values.reset();
    this.made = null;
  }

  /** The next entry, buf[start, end) (throws a TypeError, adding nothing, where strict UTF-8 refuses it); its code. */
  intern(buf: Uint8Array, start: number, end: number): number {
    this.made = null;
    if (!this.isText(buf, start, end)) return this.values.addString(lossy.decode(buf.subarray(start, end)));
    // a leading byte order mark: the decoder drops it, as it does from the values of a dictionary
    if (end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) return this.values.add(buf, start + 3, end);
    return this.values.add(buf, start, end);
  }

  /**
   * Appends `count` entries, the j-th buf[starts[j], ends[j]), their codes into codes[j]; returns
   * `count`, or (strict UTF-8 only) the index of the first value that is not valid UTF-8 — the
   * values before it are added, it and those after are not (ByteDictionary.internMany's contract).
   */
  internMany(buf: Uint8Array, starts: Int32Array, ends: Int32Array, count: number, codes: Int32Array): number {
    if (count === 0) return 0;
    this.made = null;
    let from = starts[0];
    let to = ends[0];
    for (let j = 1; j < count; j++) {
      if (starts[j] < from) from = starts[j];
      if (ends[j] > to) to = ends[j];
    }
    if (isAscii(buf.subarray(from, to))) {
      copyValues(this.values, buf, starts, ends, count, codes);
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

  /** Whether buf[start, end) is UTF-8 (ASCII first: native, and nearly always); a strict reader's TypeError if not. */
  private isText(buf: Uint8Array, start: number, end: number): boolean {
    const v = buf.subarray(start, end);
    if (isAscii(v) || isUtf8(v)) return true;
    if (!this.lossyUtf8) throw new TypeError('The encoded data was not valid for encoding utf-8');
    return false;
  }
}

/** Each value's bytes appended, in order (a loop of its own: PROFILE.md, "code after a long loop"). */
function copyValues(values: ByteStringsBuilder, buf: Uint8Array, starts: Int32Array, ends: Int32Array, count: number, codes: Int32Array): void {
  for (let j = 0; j < count; j++) codes[j] = values.add(buf, starts[j], ends[j]);
}

/** What a scanned text column's values go into: a dictionary, or (carried, mostly distinct) its rows' strings. */
export type TextValues = ByteDictionary | RowStrings;
