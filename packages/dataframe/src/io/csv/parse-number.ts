/**
 * Numbers straight from bytes: no string is created for ordinary values.
 * Floats with at most 15 significant digits and a small exponent take Clinger's exact fast
 * path (one multiply or divide by an exact power of ten); anything else falls back to the
 * engine's correctly rounded Number() on the field text.
 */
/** 10^0 … 10^22: every one exact in a double (Clinger's fast path). */
export const POW10 = new Float64Array(23).map((_, i) => 10 ** i);
/** Byte → digit value; 0xF0 for every byte that is not an ASCII digit. */
export const DIGIT = new Uint8Array(256).fill(0xf0).map((v, i) => (i >= 48 && i <= 57 ? i - 48 : v));
const latin1 = new TextDecoder('latin1');

/** Parses an integer field; returns NaN if the bytes are not an integer with ≤ 15 digits. */
export function parseSmallInt(buf: Uint8Array, start: number, end: number): number {
  let p = start;
  let neg = false;
  if (p < end && (buf[p] === 0x2d || buf[p] === 0x2b)) { neg = buf[p] === 0x2d; p++; }
  if (p === end || end - p > 15) return NaN;
  let v = 0;
  for (; p < end; p++) {
    const d = buf[p] - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return neg ? 0 - v : v; // an integer -0 is 0
}

/** Parses any decimal integer exactly as a bigint, or null if not an integer. */
export function parseBigInt(buf: Uint8Array, start: number, end: number): bigint | null {
  const s = latin1.decode(buf.subarray(start, end));
  if (!/^[+-]?\d+$/.test(s)) return null;
  return BigInt(s);
}

/** Whether buf[start, end) is `nan` in any case, with an optional sign: a float's NaN written as text. */
export function isNanText(buf: Uint8Array, start: number, end: number): boolean {
  if (end - start === 4 && (buf[start] === 0x2b || buf[start] === 0x2d)) start++;
  return end - start === 3 && (buf[start] | 0x20) === 0x6e && (buf[start + 1] | 0x20) === 0x61 && (buf[start + 2] | 0x20) === 0x6e;
}

/** Parses a float field (also ints, exponents, inf/infinity); NaN if it is not a number. */
export function parseFloatBytes(buf: Uint8Array, start: number, end: number): number {
  let p = start;
  let neg = false;
  if (p < end && (buf[p] === 0x2d || buf[p] === 0x2b)) { neg = buf[p] === 0x2d; p++; }
  let mant = 0;
  let digits = 0;
  let exp = 0;
  let any = false;
  while (p < end) {
    const d = buf[p] - 48;
    if (d < 0 || d > 9) break;
    if (digits > 0 || d !== 0) digits++;
    mant = mant * 10 + d;
    any = true;
    p++;
  }
  if (p < end && buf[p] === 0x2e) {
    p++;
    while (p < end) {
      const d = buf[p] - 48;
      if (d < 0 || d > 9) break;
      if (digits > 0 || d !== 0) digits++;
      mant = mant * 10 + d;
      exp--;
      any = true;
      p++;
    }
  }
  if (!any) return slowFloat(buf, start, end);
  if (p < end && (buf[p] === 0x65 || buf[p] === 0x45)) {
    p++;
    let eneg = false;
    if (p < end && (buf[p] === 0x2d || buf[p] === 0x2b)) { eneg = buf[p] === 0x2d; p++; }
    let e = 0;
    let ed = 0;
    while (p < end) {
      const d = buf[p] - 48;
      if (d < 0 || d > 9) break;
      e = e * 10 + d;
      ed++;
      p++;
    }
    if (ed === 0) return NaN;
    exp += eneg ? -e : e;
  }
  if (p !== end) return NaN;
  if (digits > 15 || exp < -22 || exp > 22) return slowFloat(buf, start, end);
  const v = exp === 0 ? mant : exp > 0 ? mant * POW10[exp] : mant / POW10[-exp];
  return neg ? -v : v;
}

function slowFloat(buf: Uint8Array, start: number, end: number): number {
  const s = latin1.decode(buf.subarray(start, end));
  const lower = s.toLowerCase();
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return NaN;
  return Number(s);
}
