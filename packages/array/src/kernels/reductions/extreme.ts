/** min and max: the input's dtype; NaN wins (as in NumPy); an empty reduction is an error. */
import { allocate, type DType, type TypedArray } from '../../dtype.js';
import { foldRows } from './fold-rows.js';
import { countPerCell } from './mean.js';
import { zeroSizeError, type FoldInput, type Reduction, type State } from './reduction.js';

type Better = (x: number | bigint, best: number | bigint) => boolean;

function extreme(name: string, better: Better): Reduction {
  return {
    name,
    outDType: (d: DType) => d,
    fold(input: FoldInput): State {
      const big = input.block.dtype === 'int64';
      const best = big ? new BigInt64Array(input.cells) : new Float64Array(input.cells);
      const seen = new Uint8Array(input.cells);
      const data = input.block.data as unknown as { [i: number]: number | bigint };
      const b = best as unknown as { [i: number]: number | bigint };
      foldRows(input, (x, c, _i, n, xs, cs) => {
        for (let k = 0; k < n; k++, x += xs, c += cs) {
          const v = data[x];
          if (seen[c] === 0) {
            b[c] = v;
            seen[c] = 1;
          } else if (better(v, b[c])) b[c] = v;
        }
      });
      return { best, count: countPerCell(input) };
    },
    merge(a: State, b: State): State {
      if ((b.count as number) === 0) return a;
      if ((a.count as number) === 0) return b;
      const x = a.best as unknown as { [i: number]: number | bigint; length: number };
      const y = b.best as unknown as { [i: number]: number | bigint };
      for (let i = 0; i < x.length; i++) if (better(y[i], x[i])) x[i] = y[i];
      return { best: a.best, count: (a.count as number) + (b.count as number) };
    },
    finalize(state: State, input: DType): TypedArray {
      const best = state.best as Float64Array | BigInt64Array;
      if ((state.count as number) === 0 && best.length > 0) throw zeroSizeError(name);
      if (input === 'float64' || input === 'int64') return best;
      const out = allocate(input, best.length) as Float32Array;
      out.set(best as Float64Array);
      return out;
    },
  };
}

// a NaN best stays; a NaN candidate takes over
export const min = extreme('min', (x, best) => best === best && (x < best || x !== x));
export const max = extreme('max', (x, best) => best === best && (x > best || x !== x));
