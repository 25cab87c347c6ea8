/**
 * mean: per cell the sum — exact for integers and bools, pairwise float64 for floats — and the
 * count of elements (the same for every cell); the mean divides once at the end, so an integer
 * mean is the exact mean rounded once. NaN when empty.
 */
import { isFloat, type DType, type TypedArray } from '../../dtype.js';
import { exactMeans, foldIntSum, mergeExact, type ExactSums } from './exact-int-sum.js';
import { foldFloatSum } from './float-sum.js';
import type { FoldInput, Reduction, State } from './reduction.js';

export function countPerCell(input: FoldInput): number {
  let n = 1;
  for (const d of input.block.shape) n *= d;
  return input.cells === 0 ? 0 : n / input.cells;
}

/** The mean of each cell's elements in this block. */
export function foldMean(input: FoldInput): Float64Array {
  const count = countPerCell(input);
  if (!isFloat(input.block.dtype)) return exactMeans(foldIntSum(input), count);
  const mu = foldFloatSum(input);
  for (let i = 0; i < mu.length; i++) mu[i] /= count;
  return mu;
}

export const mean: Reduction = {
  name: 'mean',
  outDType: (d: DType) => (d === 'float32' ? 'float32' : 'float64'),
  fold(input: FoldInput): State {
    const count = countPerCell(input);
    if (isFloat(input.block.dtype)) return { sum: foldFloatSum(input), count };
    const { hi, lo } = foldIntSum(input);
    return { hi, lo, count };
  },
  merge(a: State, b: State): State {
    const count = (a.count as number) + (b.count as number);
    if (a.sum === undefined) {
      mergeExact(a as unknown as ExactSums, b as unknown as ExactSums);
      return { hi: a.hi, lo: a.lo, count };
    }
    const x = a.sum as Float64Array;
    const y = b.sum as Float64Array;
    for (let i = 0; i < x.length; i++) x[i] += y[i];
    return { sum: x, count };
  },
  finalize(state: State, input: DType): TypedArray {
    const n = state.count as number;
    const means = state.sum === undefined ? exactMeans(state as unknown as ExactSums, n) : dividedBy(state.sum as Float64Array, n);
    return input === 'float32' ? Float32Array.from(means) : means;
  },
};

function dividedBy(s: Float64Array, n: number): Float64Array {
  for (let i = 0; i < s.length; i++) s[i] /= n;
  return s;
}
