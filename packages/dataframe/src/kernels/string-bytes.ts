/**
 * JS strings as bytes that tell them apart, for looking them up by bytes (ByteDictionary's
 * batched, one-cache-line lookups) instead of through a `Map` of strings: a string of ASCII
 * characters is its own bytes; any other is 0xFF and then its UTF-16 code units, little-endian,
 * which no ASCII string starts with. (UTF-8 would not do: it gives every lone surrogate the
 * bytes of U+FFFD, and three different strings would become one key.) NULL_KEY_BYTES, one 0xFE,
 * is neither form: a stand-in for a null key among the strings.
 */

import { sharedInt32, sharedUint8 } from './shared-arrays.js';

export const NULL_KEY_BYTES = new Uint8Array([0xfe]);

export class StringBytes {
  /** Entry j's bytes are buf[starts[j], ends[j]). */
  buf = new Uint8Array(1 << 16);
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);

  /** Encodes strings[from, to) as entries 0 .. to - from. */
  encode(strings: readonly string[], from: number, to: number): void {
    const n = to - from;
    if (this.starts.length < n) {
      this.starts = new Int32Array(n);
      this.ends = new Int32Array(n);
    }
    let chars = 0;
    for (let k = from; k < to; k++) chars += strings[k].length;
    // all ASCII (ids, codes, names): each character its byte, in one loop (joining the strings
    // for one encodeInto took ~140 ns a string in the join alone: 25 k ids, ~3.5 ms vs ~0.6)
    this.reserve(chars);
    if (this.asciiOnly(strings, from, to)) return;
    this.reserve(2 * chars + n);
    const buf = this.buf;
    let at = 0;
    for (let j = 0; j < n; j++) {
      const s = strings[from + j];
      this.starts[j] = at;
      let ascii = true;
      for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) { ascii = false; break; }
      if (ascii) {
        for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
      } else {
        buf[at++] = 0xff;
        for (let i = 0; i < s.length; i++) {
          const u = s.charCodeAt(i);
          buf[at++] = u & 0xff;
          buf[at++] = u >>> 8;
        }
      }
      this.ends[j] = at;
    }
  }

  /** Entries of ASCII strings[from, to) as their characters; false (entries unusable) when one is not ASCII. */
  private asciiOnly(strings: readonly string[], from: number, to: number): boolean {
    const { buf, starts, ends } = this;
    let at = 0;
    let high = 0;
    for (let j = from; j < to; j++) {
      const s = strings[j];
      starts[j - from] = at;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        high |= c;
        buf[at++] = c;
      }
      ends[j - from] = at;
    }
    return high < 0x80;
  }

  private reserve(bytes: number): void {
    if (this.buf.length < bytes) this.buf = new Uint8Array(Math.max(bytes, this.buf.length * 2));
  }
}

/** Strings as one buffer of their bytes, as StringBytes encodes them: entry k is data[offsets[k], offsets[k + 1]). */
export interface PackedStrings {
  offsets: Int32Array;
  data: Uint8Array;
}

/** `strings` packed (nothing lost, unlike UTF-8: a lone surrogate stays itself). */
export function packStrings(strings: readonly string[]): PackedStrings {
  const bytes = new StringBytes();
  const n = strings.length;
  bytes.encode(strings, 0, n);
  // the entries lie one after another from 0; in shared memory, as they cross to a reduce task
  // through the driver (shared-arrays.ts)
  const offsets = sharedInt32(n + 1);
  offsets.set(bytes.ends.subarray(0, n), 1);
  const data = sharedUint8(offsets[n]);
  data.set(bytes.buf.subarray(0, offsets[n]));
  return { offsets, data };
}

/** The string whose StringBytes encoding is buf[from, to). */
export function stringAt(buf: Buffer, from: number, to: number): string {
  return to > from && buf[from] === 0xff ? buf.toString('utf16le', from + 1, to) : buf.toString('latin1', from, to);
}
