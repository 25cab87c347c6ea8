/**
 * sum: floats add in float64; integers and bools sum exactly into int64 (as NumPy does on
 * 64-bit Linux), wrapping past 2^63 like NumPy. Within one block a cell adds in a double
 * (exact while a cell gathers fewer than 2^22 int32 values per block), then moves to int64.
 */
import { isFloat, type DType, type TypedArray } from '../../dtype.js';
import { foldRows } from './fold-rows.js';
import type { FoldInput, Reduction, State } from './reduction.js';

export const sum: Reduction = {
  name: 'sum',
  outDType: (d: DType) => (isFloat(d) ? d : 'int64'),
  fold(input: FoldInput): State {
    const data = input.block.data as unknown as { [i: number]: number | bigint };
    if (input.block.dtype === 'int64') {
      const acc = new BigInt64Array(input.cells);
      foldRows(input, (x, c, _i, n, xs, cs) => {
        for (let k = 0; k < n; k++, x += xs, c += cs) acc[c] += data[x] as bigint;
      });
      return { acc };
    }
    const acc = new Float64Array(input.cells);
    const d = data as { [i: number]: number };
    foldRows(input, (x, c, _i, n, xs, cs) => {
      if (cs === 0 && xs === 0) acc[c] += d[x] * n; // a constant row (zero stride): n copies of one value
      else if (cs === 0) {
        let s = 0;
        for (let k = 0; k < n; k++, x += xs) s += d[x];
        acc[c] += s;
      } else for (let k = 0; k < n; k++, x += xs, c += cs) acc[c] += d[x];
    });
    if (isFloat(input.block.dtype)) return { acc };
    return { acc: BigInt64Array.from(acc, (v) => BigInt(v)) };
  },
  merge(a: State, b: State): State {
    const x = a.acc as Float64Array | BigInt64Array;
    const y = b.acc as Float64Array | BigInt64Array;
    if (x instanceof BigInt64Array) for (let i = 0; i < x.length; i++) x[i] += (y as BigInt64Array)[i];
    else for (let i = 0; i < x.length; i++) x[i] += (y as Float64Array)[i];
    return a;
  },
  finalize(state: State, input: DType): TypedArray {
    const acc = state.acc as Float64Array | BigInt64Array;
    return input === 'float32' ? Float32Array.from(acc as Float64Array) : acc;
  },
};
