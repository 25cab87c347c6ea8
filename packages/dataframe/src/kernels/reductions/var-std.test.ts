import { describe, expect, test } from 'vitest';
import { cells, f64, i64, reduce } from '../../testing/run-reduction.js';
import { std, variance } from './var-std.js';

describe('var and std', () => {
  test('merged from unequal partials equal the two-pass variance (Chan), ddof 1, large offset', () => {
    const xs = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16, 1e9 + 1, 1e9 + 2];
    const parts = [[{ gids: [0], args: [f64(xs.slice(0, 1))] }], [{ gids: [0, 0, 0, 0, 0], args: [f64(xs.slice(1))] }]];
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    const want = xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
    expect(reduce(variance, { fn: 'var', input: 'float64', ddof: 1 }, parts, 1).values[0]).toBeCloseTo(want, 6);
    expect(reduce(std, { fn: 'std', input: 'float64', ddof: 1 }, parts, 1).values[0]).toBeCloseTo(Math.sqrt(want), 7);
  });

  test('are null with ddof values or fewer; nulls skipped; ddof 0 allowed', () => {
    const parts = [[{ gids: [0, 1, 1, 1], args: [i64([5, 1, null, 3])] }]];
    expect(cells(reduce(std, { fn: 'std', input: 'int64', ddof: 1 }, parts, 3))).toEqual([null, Math.SQRT2, null]);
    expect(cells(reduce(variance, { fn: 'var', input: 'int64', ddof: 0 }, parts, 2))).toEqual([0, 1]);
  });
});
