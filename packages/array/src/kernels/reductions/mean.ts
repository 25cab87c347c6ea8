/** mean: a float64 sum and the count of elements per cell (the same for every cell). NaN when empty. */
import type { DType, TypedArray } from '../../dtype.js';
import { foldRows } from './fold-rows.js';
import type { FoldInput, Reduction, State } from './reduction.js';

export function foldSum(input: FoldInput): Float64Array {
  const acc = new Float64Array(input.cells);
  const data = input.block.data as unknown as { [i: number]: number | bigint };
  const big = input.block.dtype === 'int64';
  foldRows(input, (x, c, _i, n, xs, cs) => {
    if (big) for (let k = 0; k < n; k++, x += xs, c += cs) acc[c] += Number(data[x]);
    else if (cs === 0 && xs === 0) acc[c] += (data[x] as number) * n; // a constant row: n copies of one value
    else if (cs === 0) {
      let s = 0;
      for (let k = 0; k < n; k++, x += xs) s += data[x] as number;
      acc[c] += s;
    } else for (let k = 0; k < n; k++, x += xs, c += cs) acc[c] += data[x] as number;
  });
  return acc;
}

export function countPerCell(input: FoldInput): number {
  let n = 1;
  for (const d of input.block.shape) n *= d;
  return input.cells === 0 ? 0 : n / input.cells;
}

export const mean: Reduction = {
  name: 'mean',
  outDType: (d: DType) => (d === 'float32' ? 'float32' : 'float64'),
  fold: (input: FoldInput): State => ({ sum: foldSum(input), count: countPerCell(input) }),
  merge(a: State, b: State): State {
    const x = a.sum as Float64Array;
    const y = b.sum as Float64Array;
    for (let i = 0; i < x.length; i++) x[i] += y[i];
    return { sum: x, count: (a.count as number) + (b.count as number) };
  },
  finalize(state: State, input: DType): TypedArray {
    const s = state.sum as Float64Array;
    const n = state.count as number;
    const out = input === 'float32' ? new Float32Array(s.length) : new Float64Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s[i] / n;
    return out;
  },
};
