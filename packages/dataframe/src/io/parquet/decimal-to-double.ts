/**
 * Parquet DECIMAL values → the nearest doubles, as floe reads decimal text in a CSV file. A
 * decimal is an unscaled integer U (INT32, INT64, or big-endian two's-complement bytes) and a
 * scale S: its value is U / 10^S. While |U| < 2^53 and S ≤ 22 both are exact doubles, so one
 * division is correctly rounded (Clinger's fast path); past that the digits are parsed as text
 * (`${U}e-${S}`), which is correctly rounded too — never U × 10^−S, whose factor is inexact.
 */
import type { DecodedArray } from 'hyparquet';

const TWO_53 = 9007199254740992;

export function decimalsToDoubles(raw: DecodedArray, scale: number): Float64Array {
  const n = raw.length;
  const out = new Float64Array(n);
  const fast = scale <= 22;
  const pow = 10 ** scale;
  if (raw instanceof BigInt64Array) {
    // read as two 32-bit halves: no bigint per value while it fits 53 bits
    const halves = new Int32Array(raw.buffer, raw.byteOffset, n * 2);
    for (let i = 0; i < n; i++) {
      const hi = halves[2 * i + 1];
      out[i] = fast && hi < 0x200000 && hi >= -0x200000 ? (hi * 4294967296 + (halves[2 * i] >>> 0)) / pow : viaText(raw[i], scale);
    }
    return out;
  }
  for (let i = 0; i < n; i++) {
    const v: unknown = raw[i];
    if (typeof v === 'number') out[i] = fast ? v / pow : viaText(BigInt(v), scale);
    else if (typeof v === 'bigint') out[i] = viaText(v, scale);
    else if (v instanceof Uint8Array) out[i] = bytesToDouble(v, scale, fast, pow);
    else throw new TypeError(`a decimal value of an unexpected kind (${typeof v})`);
  }
  return out;
}

/**
 * One decimal held as `stride` little-endian 32-bit words of its unscaled value (Arrow's
 * Decimal128 and Decimal256: 4 and 8 words) from `at`, as the double nearest it.
 */
export function wordsToDouble(words: Uint32Array, at: number, stride: number, scale: number): number {
  const b = new Uint8Array(stride * 4);
  for (let w = 0; w < stride; w++) {
    const x = words[at + stride - 1 - w];
    b[4 * w] = x >>> 24; b[4 * w + 1] = (x >>> 16) & 0xff; b[4 * w + 2] = (x >>> 8) & 0xff; b[4 * w + 3] = x & 0xff;
  }
  return bytesToDouble(b, scale, scale <= 22, 10 ** scale);
}

/** A big-endian two's-complement unscaled value: as a number when it fits 48 bits, else as a bigint. */
function bytesToDouble(b: Uint8Array, scale: number, fast: boolean, pow: number): number {
  if (b.length === 0) return 0;
  // sign-extension bytes carry no digits: 0x00 0x7f… is 0x7f…, 0xff 0x80… is 0x80…
  let from = 0;
  while (from < b.length - 1 && ((b[from] === 0 && b[from + 1] < 0x80) || (b[from] === 0xff && b[from + 1] >= 0x80))) from++;
  const len = b.length - from;
  if (len <= 6) {
    let u = 0;
    for (let i = from; i < b.length; i++) u = u * 256 + b[i];
    if (b[from] >= 0x80) u -= 256 ** len;
    return fast && Math.abs(u) < TWO_53 ? u / pow : viaText(BigInt(u), scale);
  }
  let hex = '';
  for (let i = from; i < b.length; i++) hex += b[i].toString(16).padStart(2, '0');
  let u = BigInt(`0x${hex}`);
  if (b[from] >= 0x80) u -= 1n << BigInt(8 * len);
  return viaText(u, scale);
}

function viaText(u: bigint, scale: number): number {
  return Number(`${u}e-${scale}`);
}
