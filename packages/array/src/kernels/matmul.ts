/**
 * acc += A @ B for 2-d blocks, in float64 (i-k-j order: the inner loop walks rows of B and of
 * acc contiguously). Integer inputs multiply in float64 too: exact while products and sums stay
 * below 2^53.
 */
import { toContiguous, type Block } from './block.js';
import { cast } from './elementwise.js';

export function matmulInto(acc: Float64Array, a: Block, b: Block): void {
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
