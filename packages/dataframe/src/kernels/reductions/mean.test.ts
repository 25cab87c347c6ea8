import { describe, expect, test } from 'vitest';
import { cells, f64, i64, reduce } from '../../testing/run-reduction.js';
import { mean } from './mean.js';

describe('mean', () => {
  test('skips nulls; an all-null or empty group is null', () => {
    const out = reduce(mean, { fn: 'mean', input: 'float64', ddof: 1 }, [[{ gids: [0, 0, 0, 1], args: [f64([1, null, 2.5, null])] }]], 3);
    expect(cells(out)).toEqual([1.75, null, null]);
  });

  test('of unequal partials merged in order counts every value once', () => {
    const out = reduce(mean, { fn: 'mean', input: 'int64', ddof: 1 }, [[{ gids: [0, 0, 0], args: [i64([1, 2, 3])] }], [{ gids: [0], args: [i64([10])] }]], 1);
    expect(cells(out)).toEqual([4]);
  });

  test('of integers beyond 2^53 uses the exact total', () => {
    const xs = [2n ** 60n, 2n ** 60n + 2n];
    const out = reduce(mean, { fn: 'mean', input: 'int64', ddof: 1 }, [[{ gids: [0], args: [i64([xs[0]])] }], [{ gids: [0], args: [i64([xs[1]])] }]], 1);
    expect(cells(out)).toEqual([Number(2n ** 60n + 1n)]);
  });
});
