/**
 * Matrix products of 2-d blocks, summed over k into one output block (i-k-j order: the inner
 * loop walks rows of B and of the accumulator contiguously). Floats multiply in float64. Integers
 * are exact with NumPy's wrap-around: int32 in 32-bit arithmetic (Math.imul), int64 in float64
 * while every product and partial sum provably stays below 2^53 (the fast, common case), then in
 * BigInt64Array arithmetic, which wraps modulo 2^64 on store.
 */
import { allocate, type DType, type TypedArray } from '../dtype.js';
import { forEachRow, toContiguous, type Block } from './block.js';
import { cast } from './elementwise.js';

/** The sum over the pairs of A @ B, as a C-ordered [m, n] array of `dtype`. */
export function matmulPairs(pairs: Iterable<[Block, Block]>, dtype: DType, shape: readonly [number, number]): TypedArray {
  const size = shape[0] * shape[1];
  if (dtype === 'int32') {
    const acc = new Int32Array(size);
    for (const [a, b] of pairs) matmulInt32Into(acc, a, b);
    return acc;
  }
  if (dtype === 'int64') return matmulInt64(pairs, size);
  const acc = new Float64Array(size);
  for (const [a, b] of pairs) matmulInto(acc, a, b);
  if (dtype === 'float64') return acc;
  const out = allocate(dtype, size) as Float32Array;
  out.set(acc);
  return out;
}

/** acc += A @ B in float64. */
function matmulInto(acc: Float64Array, a: Block, b: Block): void {
  const A = toContiguous(cast(a, 'float64')).data as Float64Array;
  const B = toContiguous(cast(b, 'float64')).data as Float64Array;
  const [m, k] = a.shape;
  const n = b.shape[1];
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p];
      const brow = p * n;
      for (let j = 0; j < n; j++) acc[row + j] += aip * B[brow + j];
    }
  }
}

/** acc += A @ B modulo 2^32 (Math.imul is the exact low half of the product; the store wraps the sum). */
function matmulInt32Into(acc: Int32Array, a: Block, b: Block): void {
  const A = toContiguous(cast(a, 'int32')).data as Int32Array;
  const B = toContiguous(cast(b, 'int32')).data as Int32Array;
  const [m, k] = a.shape;
  const n = b.shape[1];
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p];
      const brow = p * n;
      for (let j = 0; j < n; j++) acc[row + j] += Math.imul(aip, B[brow + j]);
    }
  }
}

/**
 * Σ A @ B in int64. Sums in float64 while the bound Σ max|A|·max|B|·k stays below 2^53 (every
 * product and partial sum is then an exact double); from the first pair that could pass it, the
 * exact float sums move to a BigInt64Array and the rest adds in bigints.
 */
function matmulInt64(pairs: Iterable<[Block, Block]>, size: number): BigInt64Array {
  let exact: Float64Array | null = new Float64Array(size);
  let acc: BigInt64Array | null = null;
  let bound = 0;
  for (const [a, b] of pairs) {
    if (exact !== null) {
      bound += maxAbs(a) * maxAbs(b) * a.shape[1];
      if (bound < 2 ** 53) {
        matmulInto(exact, a, b);
        continue;
      }
      acc = BigInt64Array.from(exact, (v) => BigInt(v));
      exact = null;
    }
    matmulBigInto(acc as BigInt64Array, a, b);
  }
  return acc ?? BigInt64Array.from(exact as Float64Array, (v) => BigInt(v));
}

/** acc += A @ B in bigints; storing into the BigInt64Array wraps modulo 2^64, as NumPy's int64. */
function matmulBigInto(acc: BigInt64Array, a: Block, b: Block): void {
  const A = toContiguous(cast(a, 'int64')).data as BigInt64Array;
  const B = toContiguous(cast(b, 'int64')).data as BigInt64Array;
  const [m, k] = a.shape;
  const n = b.shape[1];
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p];
      if (aip === 0n) continue;
      const brow = p * n;
      for (let j = 0; j < n; j++) acc[row + j] += aip * B[brow + j];
    }
  }
}

/** The largest magnitude in a block, as a double (rounded, but never below 2^53 when it is at least 2^53). */
function maxAbs(b: Block): number {
  const data = b.data as unknown as { [i: number]: number | bigint };
  const last = b.shape.length - 1;
  const step = b.strides[last];
  let max = 0;
  forEachRow(b.shape, [b.strides], [b.offset], (offs, n) => {
    for (let k = 0, i = offs[0]; k < n; k++, i += step) {
      const v = Math.abs(Number(data[i]));
      if (v > max) max = v;
    }
  });
  return max;
}
