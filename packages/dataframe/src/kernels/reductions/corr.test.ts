import { describe, expect, test } from 'vitest';
import { cells, f64, i64, reduce } from '../../testing/run-reduction.js';
import { corr } from './corr.js';

const call = { fn: 'corr' as const, input: 'float64' as const, input2: 'float64' as const, ddof: 1 };

function pearson(xs: number[], ys: number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0, sxx = 0, syy = 0;
  xs.forEach((x, i) => { sxy += (x - mx) * (ys[i] - my); sxx += (x - mx) ** 2; syy += (ys[i] - my) ** 2; });
  return sxy / Math.sqrt(sxx * syy);
}

describe('corr', () => {
  test('uses only rows where both sides are present, merged from unequal partials', () => {
    const out = reduce(corr, call, [
      [{ gids: [0, 0, 0], args: [f64([1, 2, null]), f64([2, 1, 9])] }],
      [{ gids: [0, 0, 0, 0], args: [f64([3, 4, 5, NaN]), f64([5, null, 4, 1])] }],
    ], 1);
    expect(out.values[0]).toBeCloseTo(pearson([1, 2, 3, 5], [2, 1, 5, 4]), 12);
  });

  test('is exactly ±1 for a linear relation, even with a large offset', () => {
    const xs = [1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4];
    const up = reduce(corr, call, [[{ gids: [0, 0], args: [f64(xs.slice(0, 2)), f64(xs.slice(0, 2).map((x) => 2 * x))] }], [{ gids: [0, 0], args: [f64(xs.slice(2)), f64(xs.slice(2).map((x) => 2 * x))] }]], 1);
    expect(up.values[0]).toBeCloseTo(1, 12);
    const down = reduce(corr, { ...call, input: 'int64', input2: 'int64' }, [[{ gids: [0, 0, 0], args: [i64([1, 2, 3]), i64([30, 20, 10])] }]], 1);
    expect(cells(down)).toEqual([-1]);
  });

  test('is null with fewer than two rows or a constant side', () => {
    const out = reduce(corr, call, [[{ gids: [0, 1, 1, 2, 2], args: [f64([1, 0.1, 0.1, 1, 2]), f64([1, 1, 2, 3, null])] }]], 4);
    expect(cells(out)).toEqual([null, null, null, null]);
  });
  test('skips a row whose y is NaN as it skips one whose x is', () => {
    const out = reduce(corr, call, [[{ gids: [0, 0, 0, 0], args: [f64([1, 2, 3, 4]), f64([1, 3, NaN, 2])] }]], 1);
    expect(out.values[0]).toBeCloseTo(pearson([1, 2, 4], [1, 3, 2]), 12);
  });
});
