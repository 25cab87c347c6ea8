/**
 * A validity column (a byte a row, 0 = null) as a bitmap of one bit a row, LSB first — Arrow's
 * layout, and what a spilled chunk stores (an eighth of the bytes to write and read back) — and
 * back.
 */

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => { let c = 0; for (let x = b; x > 0; x >>= 1) c += x & 1; return c; });

/** Rows [0, n) of `valid` as a bitmap, and how many are null (a byte is valid when not 0). */
export function packValidity(valid: Uint8Array, n: number): { bits: Uint8Array; nulls: number } {
  const bits = new Uint8Array((n + 7) >> 3);
  const whole = n & ~7;
  const set = packBytes(valid, bits, whole) + packTail(valid, bits, whole, n);
  return { bits, nulls: n - set };
}

// The loops of either direction, functions of their own with nothing after the loop: a long first
// call compiled the byte loop on the stack before the tail had ever run, and that kept code
// stopped at the tail on later calls (db-benchmark q10's spilled chunks; PROFILE.md, "code after
// a long loop").

/** Rows [0, whole) (a multiple of 8) into `bits`, eight a byte; returns how many are valid. */
function packBytes(valid: Uint8Array, bits: Uint8Array, whole: number): number {
  let set = 0;
  // -v >>> 31: 1 for 1…255, 0 for 0
  for (let i = 0; i < whole; i += 8) {
    const b = (-valid[i] >>> 31) | ((-valid[i + 1] >>> 31) << 1) | ((-valid[i + 2] >>> 31) << 2) | ((-valid[i + 3] >>> 31) << 3)
      | ((-valid[i + 4] >>> 31) << 4) | ((-valid[i + 5] >>> 31) << 5) | ((-valid[i + 6] >>> 31) << 6) | ((-valid[i + 7] >>> 31) << 7);
    bits[i >> 3] = b;
    set += POPCOUNT[b];
  }
  return set;
}

/** Rows [i, n) into `bits` (their bytes already 0); returns how many are valid. */
function packTail(valid: Uint8Array, bits: Uint8Array, i: number, n: number): number {
  let set = 0;
  for (; i < n; i++) if (valid[i]) { bits[i >> 3] |= 1 << (i & 7); set++; }
  return set;
}

function unpackTail(bits: Uint8Array, offset: number, i: number, length: number, out: Uint8Array, off: number): void {
  for (; i < length; i++) { const j = offset + i; out[off + i] = (bits[j >> 3] >> (j & 7)) & 1; }
}

/**
 * Rows [offset, offset + length) of a bitmap, a byte each, to out[off …]. A function of its own:
 * called with Arrow's Data objects of several classes around it, a loop inlined in their caller
 * deoptimized ("wrong map").
 */
export function unpackValidity(bits: Uint8Array, offset: number, length: number, out: Uint8Array, off: number): void {
  // whole bytes of eight rows at once when the rows start on a byte
  const whole = (offset & 7) === 0 ? length & ~7 : 0;
  unpackBytes(bits, offset >> 3, whole, out, off);
  unpackTail(bits, offset, whole, length, out, off);
}

/** Rows [0, whole) (a multiple of 8) of a bitmap whose first row starts byte `base`, a byte each, to out[off …]. */
function unpackBytes(bits: Uint8Array, base: number, whole: number, out: Uint8Array, off: number): void {
  for (let i = 0; i < whole; i += 8) {
    const b = bits[base + (i >> 3)];
    const o = off + i;
    out[o] = b & 1; out[o + 1] = (b >> 1) & 1; out[o + 2] = (b >> 2) & 1; out[o + 3] = (b >> 3) & 1;
    out[o + 4] = (b >> 4) & 1; out[o + 5] = (b >> 5) & 1; out[o + 6] = (b >> 6) & 1; out[o + 7] = b >> 7;
  }
}
