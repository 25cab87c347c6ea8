/**
 * Float sums of a block per output cell, in float64. Rows along the reduced last axis sum
 * pairwise (see pairwise-sum.ts), and when every value goes to one cell the row totals join one
 * tree too, so a whole-block sum has NumPy's error; rows across cells add value by value.
 */
import { foldRows } from './fold-rows.js';
import { PairwiseSum, sumRow } from './pairwise-sum.js';
import type { FoldInput } from './reduction.js';

export function foldFloatSum(input: FoldInput): Float64Array {
  const acc = new Float64Array(input.cells);
  const d = input.block.data as Float64Array | Float32Array;
  const whole = input.cells === 1 ? new PairwiseSum() : null;
  foldRows(input, (x, c, _i, n, xs, cs) => {
    if (cs !== 0) {
      for (let k = 0; k < n; k++, x += xs, c += cs) acc[c] += d[x];
      return;
    }
    const s = sumRow(d, x, xs, n);
    if (whole) whole.add(s);
    else acc[c] += s;
  });
  if (whole) acc[0] += whole.total();
  return acc;
}
