/**
 * Whole-buffer conversions between floe's column layouts and Arrow's, without a value-by-value
 * builder or a BigInt per row: int64 held as exact doubles ⇄ Arrow's 64-bit two's-complement
 * words (written and read as 32-bit halves), and a string dictionary ⇄ Arrow's UTF-8 bytes +
 * offsets. Used by the spill files (the hot path when an operator spills) and by toArrow().
 */
import { isAscii } from 'node:buffer';

const TWO_32 = 4_294_967_296;
const TWO_21 = 2_097_152;
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/**
 * Exact integers in doubles (|x| < 2^53) as int64 words; `round` first for timestamps'
 * fractions, after multiplying by `scale` (1000: milliseconds with a µs fraction → exact µs,
 * for years 1692–2248, where a double holds every µs of a millisecond value to within 0.5 µs).
 */
export function toInt64Words(v: Float64Array, n: number, round = false, scale = 1): BigInt64Array {
  const out = new BigInt64Array(n);
  if (!LITTLE_ENDIAN) { for (let i = 0; i < n; i++) out[i] = scale !== 1 ? scaledExact(v[i], scale) : BigInt(round ? Math.round(v[i]) : v[i]); return out; }
  const w = new Int32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    // from 2^41 (ms: before ~1900, after ~2039) the product's own rounding can take a value a
    // unit off (a microsecond): whole part and fraction apart there
    if (scale !== 1 && !(Math.abs(v[i]) < TWO_41)) { out[i] = scaledExact(v[i], scale); continue; }
    const x = round ? Math.round(v[i] * scale) : v[i];
    w[2 * i] = x >>> 0;
    w[2 * i + 1] = Math.floor(x / TWO_32);
  }
  return out;
}

const TWO_41 = 2 ** 41;

/** `ms × scale` exactly, for values too far from 1970 for a double's product (whole part and fraction apart). */
function scaledExact(ms: number, scale: number): bigint {
  const whole = Math.floor(ms);
  return BigInt(whole) * BigInt(scale) + BigInt(Math.round((ms - whole) * scale));
}

/** int64 words as doubles when every value is within ±(2^53 - 1), else null (keep the bigints). */
export function fromInt64Words(words: BigInt64Array, n: number): Float64Array | null {
  const out = new Float64Array(n);
  if (!LITTLE_ENDIAN) {
    for (let i = 0; i < n; i++) { const b = words[i]; if (b > 9007199254740991n || b < -9007199254740991n) return null; out[i] = Number(b); }
    return out;
  }
  const w = new Int32Array(words.buffer, words.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    const hi = w[2 * i + 1];
    if (hi >= TWO_21 || hi < -TWO_21) return null;
    const x = hi * TWO_32 + (w[2 * i] >>> 0);
    if (x === -9007199254740992) return null;
    out[i] = x;
  }
  return out;
}

/** A dictionary as Arrow Utf8 buffers. */
export function encodeStrings(dict: readonly string[]): { offsets: Int32Array; data: Uint8Array } {
  const n = dict.length;
  const offsets = new Int32Array(n + 1);
  const chars = charOffsets(dict, offsets);
  // short ASCII entries (ids, codes, flags) byte by byte: joining then encoding took ~4× as long
  // (an exchange's id columns, db-benchmark join q5); long text goes to the encoder, faster there
  if (chars <= SHORT_ENTRY_CHARS * n) {
    const ascii = new Uint8Array(chars);
    if (asciiBytes(dict, ascii)) return { offsets, data: ascii };
  }
  const joined = dict.join('');
  const data = encoder.encode(joined);
  if (data.length === chars) return { offsets, data }; // all one-byte characters: offsets are char counts
  // some multi-byte characters: each entry's byte length (+2 a boundary: a lone surrogate at
  // the end of one entry and at the start of the next take 6 bytes apart, 4 joined)
  const exact = new Uint8Array(data.length + 2 * n);
  return { offsets, data: exact.subarray(0, byteOffsets(dict, exact, offsets)) };
}

// encodeStrings' loops, functions of their own with nothing after the loop: V8 compiled a long
// first call's loop on the stack and kept entering that code, which stopped at the encoder call
// after it (no feedback there yet) on every call — a batch's dictionary in the CSV writer
// (benchmarks/PROFILE.md, "code after a long loop")

/** Mean characters an entry up to which encodeStrings tries its byte-by-byte ASCII path. */
const SHORT_ENTRY_CHARS = 64;

/** Every entry's characters into `out` as bytes; false (out half-written) at the first past ASCII. */
function asciiBytes(dict: readonly string[], out: Uint8Array): boolean {
  let at = 0;
  for (let k = 0; k < dict.length; k++) {
    const s = dict[k];
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) return false;
      out[at++] = c;
    }
  }
  return true;
}

/** offsets[k + 1]: the characters of dict[0..k]; returns them all. */
function charOffsets(dict: readonly string[], offsets: Int32Array): number {
  let chars = 0;
  for (let k = 0; k < dict.length; k++) { chars += dict[k].length; offsets[k + 1] = chars; }
  return chars;
}

/** Each entry's UTF-8 into `exact`, offsets[k + 1] where entry k ends; returns the bytes written. */
function byteOffsets(dict: readonly string[], exact: Uint8Array, offsets: Int32Array): number {
  let at = 0;
  for (let k = 0; k < dict.length; k++) {
    at += encoder.encodeInto(dict[k], exact.subarray(at)).written;
    offsets[k + 1] = at;
  }
  return at;
}

/** ASCII text decoded as one string and cut, at most (asciiStrings). */
export const ONE_STRING_BYTES = 1 << 24;

/**
 * ASCII entries of `data` pushed onto `out` as strings: entry k is bytes [ends[first + k - 1],
 * ends[first + k]) (entry 0 starts at `from`). Decoded as one Latin-1 string per run of entries
 * up to ONE_STRING_BYTES, cut into substrings: a Buffer slice and a decode per entry cost ~3× as
 * much (spilled sort runs of distinct text dates, a join's id columns), and V8 caps one string
 * near 512 M characters, which a batch of long text could pass.
 */
export function asciiStrings(data: Uint8Array, from: number, ends: ArrayLike<number>, first: number, n: number, out: string[]): void {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let start = from;
  let k = first;
  const stop = first + n;
  while (k < stop) {
    let last = k;
    while (last + 1 < stop && ends[last + 1] - start <= ONE_STRING_BYTES) last++;
    const all = buf.toString('latin1', start, ends[last]);
    let at = 0;
    for (let i = k; i <= last; i++) {
      const end = ends[i] - start;
      out.push(all.substring(at, end));
      at = end;
    }
    start = ends[last];
    k = last + 1;
  }
}

/** Arrow Utf8 buffers (entries `offsets[k]..offsets[k+1]` of `data`) as strings. */
export function decodeStrings(offsets: Int32Array, data: Uint8Array, n: number): string[] {
  const base = offsets[0];
  if (isAscii(data.subarray(base, offsets[n]))) {
    const out: string[] = [];
    asciiStrings(data, base, offsets, 1, n, out);
    return out;
  }
  return decodeEach(offsets, data, n);
}

// the ASCII check is Node's own (as the tokenizer's): decodeStrings' byte loop for it, compiled
// on the stack during a long first call, stopped at the call after it on every later call
// (benchmarks/PROFILE.md, "code after a long loop" — db-benchmark join q5: 63 times); the
// decoding of each entry is a function of its own for the same reason

function decodeEach(offsets: Int32Array, data: Uint8Array, n: number): string[] {
  const out = new Array<string>(n);
  for (let k = 0; k < n; k++) out[k] = decoder.decode(data.subarray(offsets[k], offsets[k + 1]));
  return out;
}
