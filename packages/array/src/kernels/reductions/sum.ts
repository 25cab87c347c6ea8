/**
 * sum: floats add in float64 (pairwise, see float-sum.ts); integers and bools sum exactly into
 * int64 (as NumPy does on 64-bit Linux), wrapping past 2^63 like NumPy, whatever the block
 * size (see exact-int-sum.ts).
 */
import { isFloat, type DType, type TypedArray } from '../../dtype.js';
import { exactToInt64, foldIntSum, mergeExact, type ExactSums } from './exact-int-sum.js';
import { foldFloatSum } from './float-sum.js';
import type { FoldInput, Reduction, State } from './reduction.js';

export const sum: Reduction = {
  name: 'sum',
  outDType: (d: DType) => (isFloat(d) ? d : 'int64'),
  fold(input: FoldInput): State {
    if (isFloat(input.block.dtype)) return { acc: foldFloatSum(input) };
    const { hi, lo } = foldIntSum(input);
    return { hi, lo };
  },
  merge(a: State, b: State): State {
    if (a.acc === undefined) {
      mergeExact(a as unknown as ExactSums, b as unknown as ExactSums);
      return a;
    }
    const x = a.acc as Float64Array;
    const y = b.acc as Float64Array;
    for (let i = 0; i < x.length; i++) x[i] += y[i];
    return a;
  },
  finalize(state: State, input: DType): TypedArray {
    if (!isFloat(input)) return exactToInt64(state as unknown as ExactSums);
    const acc = state.acc as Float64Array;
    return input === 'float32' ? Float32Array.from(acc) : acc;
  },
};
