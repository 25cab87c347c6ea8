/**
 * Growing the typed arrays of reduction states: capacities double, so n appends or group
 * additions cost O(n) copies in all. Never shrinks.
 */

/** The capacity to grow to so that `need` fits (at least double the current one, at least 16). */
export function nextCapacity(cap: number, need: number): number {
  return Math.max(need, cap * 2, 16);
}

/** A copy of `a` in a larger array of `cap` elements; new slots are 0. */
export function growF64(a: Float64Array, cap: number): Float64Array {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}

export function growI32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

export function growU8(a: Uint8Array, cap: number): Uint8Array {
  const b = new Uint8Array(cap);
  b.set(a);
  return b;
}

export function growI64(a: BigInt64Array, cap: number): BigInt64Array {
  const b = new BigInt64Array(cap);
  b.set(a);
  return b;
}

/** Pads a plain array with `fill` up to `cap` elements (in place). */
export function growArray<T>(a: T[], cap: number, fill: T): T[] {
  while (a.length < cap) a.push(fill);
  return a;
}
