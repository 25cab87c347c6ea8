/**
 * A state of one slot a group cut into parts in one pass: group g's slot goes to part[g] as its
 * group local[g] (Reduction.split). Without it a partial split into p pieces is merged out of the
 * whole state once a piece: p passes over every group (a partial of 335 k user ids flushed into
 * 8 pieces: 2.7 M slots a state, sum's merge 1.5 s of a 1 M-key groupBy's workers).
 */
import { sharedFloat64 } from '../shared-arrays.js';

/** The slots of `a` (one a group, part.length groups) cut into parts of sizes[b] slots (at least 16; the rest `fill`). */
export function splitF64(a: Float64Array, part: Int32Array, local: Int32Array, sizes: Int32Array, fill = 0): Float64Array[] {
  const out = Array.from(sizes, (n) => sharedFloat64(partCap(n)).fill(fill));
  for (let g = 0; g < part.length; g++) out[part[g]][local[g]] = a[g];
  return out;
}

/** The same for a plain array of slots (bigints, strings), padded with `fill` to at least 16. */
export function splitArray<T>(a: readonly T[], part: Int32Array, local: Int32Array, sizes: Int32Array, fill: T): T[][] {
  const out = Array.from(sizes, (n) => new Array<T>(partCap(n)).fill(fill));
  for (let g = 0; g < part.length; g++) out[part[g]][local[g]] = a[g];
  return out;
}

/** The capacity of a part of n groups (its arrays' length). */
export function partCap(n: number): number {
  return Math.max(16, n);
}
