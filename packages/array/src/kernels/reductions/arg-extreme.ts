/**
 * argmin and argmax: per cell the best value and its index (the flat index into the whole
 * array when reducing every axis, else the index along the one axis). Ties and NaN go to the
 * first occurrence, across blocks too, as in NumPy. Results are int64.
 */
import type { DType, TypedArray } from '../../dtype.js';
import { foldRows } from './fold-rows.js';
import { countPerCell } from './mean.js';
import { zeroSizeError, type FoldInput, type Reduction, type State } from './reduction.js';

type Better = (x: number | bigint, best: number | bigint) => boolean;

function argExtreme(name: string, better: Better): Reduction {
  return {
    name,
    outDType: () => 'int64',
    fold(input: FoldInput): State {
      const big = input.block.dtype === 'int64';
      const best = big ? new BigInt64Array(input.cells) : new Float64Array(input.cells);
      const at = new Float64Array(input.cells).fill(-1);
      const data = input.block.data as unknown as { [i: number]: number | bigint };
      const b = best as unknown as { [i: number]: number | bigint };
      foldRows(input, (x, c, i, n, xs, cs, is) => {
        for (let k = 0; k < n; k++, x += xs, c += cs, i += is) {
          const v = data[x];
          if (at[c] < 0 || better(v, b[c])) {
            b[c] = v;
            at[c] = i;
          }
        }
      });
      return { best, at, count: countPerCell(input) };
    },
    merge(a: State, b: State): State {
      if ((b.count as number) === 0) return a;
      if ((a.count as number) === 0) return b;
      const x = a.best as unknown as { [i: number]: number | bigint; length: number };
      const y = b.best as unknown as { [i: number]: number | bigint };
      const ax = a.at as Float64Array;
      const ay = b.at as Float64Array;
      for (let i = 0; i < x.length; i++) {
        const takeB = better(y[i], x[i]) || (ay[i] < ax[i] && !better(x[i], y[i]));
        if (takeB) {
          x[i] = y[i];
          ax[i] = ay[i];
        }
      }
      return { best: a.best, at: ax, count: (a.count as number) + (b.count as number) };
    },
    finalize(state: State, _input: DType): TypedArray {
      const at = state.at as Float64Array;
      if ((state.count as number) === 0 && at.length > 0) throw zeroSizeError(name);
      return BigInt64Array.from(at, (v) => BigInt(v));
    },
  };
}

const isNan = (v: number | bigint): boolean => v !== v;
export const argmin = argExtreme('argmin', (x, best) => !isNan(best) && (x < best || isNan(x)));
export const argmax = argExtreme('argmax', (x, best) => !isNan(best) && (x > best || isNan(x)));
