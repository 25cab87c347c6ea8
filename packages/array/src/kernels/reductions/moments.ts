/**
 * var and std: per cell a count, a mean and the sum of squared deviations (M2), folded in two
 * passes over the block and merged with Chan's parallel formula, so blocks combine in any
 * tree without the cancellation of sum-of-squares. ddof defaults to 0, as in NumPy.
 */
import type { DType, TypedArray } from '../../dtype.js';
import { foldRows } from './fold-rows.js';
import { countPerCell, foldMean } from './mean.js';
import type { FoldInput, ReduceOptions, Reduction, State } from './reduction.js';

function fold(input: FoldInput): State {
  const count = countPerCell(input);
  const mu = foldMean(input);
  const m2 = new Float64Array(input.cells);
  const data = input.block.data as unknown as { [i: number]: number | bigint };
  const big = input.block.dtype === 'int64';
  foldRows(input, (x, c, _i, n, xs, cs) => {
    for (let k = 0; k < n; k++, x += xs, c += cs) {
      const d = (big ? Number(data[x]) : (data[x] as number)) - mu[c];
      m2[c] += d * d;
    }
  });
  return { count, mean: mu, m2 };
}

function merge(a: State, b: State): State {
  const na = a.count as number;
  const nb = b.count as number;
  if (nb === 0) return a;
  if (na === 0) return b;
  const n = na + nb;
  const ma = a.mean as Float64Array;
  const mb = b.mean as Float64Array;
  const qa = a.m2 as Float64Array;
  const qb = b.m2 as Float64Array;
  for (let i = 0; i < ma.length; i++) {
    const delta = mb[i] - ma[i];
    qa[i] += qb[i] + (delta * delta * na * nb) / n;
    ma[i] += (delta * nb) / n;
  }
  return { count: n, mean: ma, m2: qa };
}

function variance(state: State, input: DType, options: ReduceOptions, root: boolean): TypedArray {
  const m2 = state.m2 as Float64Array;
  const dof = (state.count as number) - (options.ddof ?? 0);
  const out = input === 'float32' ? new Float32Array(m2.length) : new Float64Array(m2.length);
  for (let i = 0; i < m2.length; i++) {
    const v = m2[i] / Math.max(dof, 0); // as NumPy: ddof ≥ n gives inf (NaN when m2 is 0, e.g. no values)
    out[i] = root ? Math.sqrt(v) : v;
  }
  return out;
}

const outDType = (d: DType): DType => (d === 'float32' ? 'float32' : 'float64');

export const variance_: Reduction = { name: 'var', outDType, fold, merge, finalize: (s, d, o) => variance(s, d, o, false) };
export const std: Reduction = { name: 'std', outDType, fold, merge, finalize: (s, d, o) => variance(s, d, o, true) };
