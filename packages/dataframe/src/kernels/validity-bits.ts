/**
 * A validity column (a byte a row, 0 = null) as a bitmap of one bit a row, LSB first — Arrow's
 * layout, and what a spilled chunk stores (an eighth of the bytes to write and read back) — and
 * back.
 */

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => { let c = 0; for (let x = b; x > 0; x >>= 1) c += x & 1; return c; });

/** Rows [0, n) of `valid` as a bitmap, and how many are null (a byte is valid when not 0). */
export function packValidity(valid: Uint8Array, n: number): { bits: Uint8Array; nulls: number } {
  const bits = new Uint8Array((n + 7) >> 3);
  let set = 0;
  let i = 0;
  // eight rows a byte; -v >>> 31: 1 for 1…255, 0 for 0
  for (; i + 8 <= n; i += 8) {
    const b = (-valid[i] >>> 31) | ((-valid[i + 1] >>> 31) << 1) | ((-valid[i + 2] >>> 31) << 2) | ((-valid[i + 3] >>> 31) << 3)
      | ((-valid[i + 4] >>> 31) << 4) | ((-valid[i + 5] >>> 31) << 5) | ((-valid[i + 6] >>> 31) << 6) | ((-valid[i + 7] >>> 31) << 7);
    bits[i >> 3] = b;
    set += POPCOUNT[b];
  }
  for (; i < n; i++) if (valid[i]) { bits[i >> 3] |= 1 << (i & 7); set++; }
  return { bits, nulls: n - set };
}

/**
 * Rows [offset, offset + length) of a bitmap, a byte each, to out[off …]. A function of its own:
 * called with Arrow's Data objects of several classes around it, a loop inlined in their caller
 * deoptimized ("wrong map").
 */
export function unpackValidity(bits: Uint8Array, offset: number, length: number, out: Uint8Array, off: number): void {
  let i = 0;
  // whole bytes of eight rows at once when the rows start on a byte
  if ((offset & 7) === 0) {
    const base = offset >> 3;
    for (; i + 8 <= length; i += 8) {
      const b = bits[base + (i >> 3)];
      const o = off + i;
      out[o] = b & 1; out[o + 1] = (b >> 1) & 1; out[o + 2] = (b >> 2) & 1; out[o + 3] = (b >> 3) & 1;
      out[o + 4] = (b >> 4) & 1; out[o + 5] = (b >> 5) & 1; out[o + 6] = (b >> 6) & 1; out[o + 7] = b >> 7;
    }
  }
  for (; i < length; i++) { const j = offset + i; out[off + i] = (bits[j >> 3] >> (j & 7)) & 1; }
}
