import { describe, expect, test } from 'vitest';
import { bools, cells, f64, i64, reduce } from '../../testing/run-reduction.js';
import { median, quantile, quantileOf } from './median-quantile.js';

const q = (x: number) => ({ fn: 'quantile' as const, input: 'float64' as const, ddof: 1, q: x });

describe('median and quantile', () => {
  test('median: the middle value, or the mean of the two middle ones; nulls and NaN skipped; empty → null', () => {
    const out = reduce(median, { fn: 'median', input: 'float64', ddof: 1 }, [
      [{ gids: [0, 0, 1, 1, 2], args: [f64([5, 1, 4, null, null])] }],
      [{ gids: [0, 1, 1, 1], args: [f64([3, 10, NaN, 1])] }],
    ], 4);
    expect(cells(out)).toEqual([3, 4, null, null]);
  });

  test('quantile interpolates linearly between ranks q·(n-1), like pandas', () => {
    const parts = [[{ gids: [0, 0, 0], args: [f64([40, 10, 30])] }], [{ gids: [0], args: [f64([20])] }]];
    // sorted 10 20 30 40: rank 0.9·3 = 2.7 → 30 + 0.7·10
    expect(reduce(quantile, q(0.9), parts, 1).values[0]).toBeCloseTo(37, 12);
    expect(cells(reduce(quantile, q(0), parts, 1))).toEqual([10]);
    expect(cells(reduce(quantile, q(1), parts, 1))).toEqual([40]);
    expect(cells(reduce(quantile, q(0.5), parts, 1))).toEqual([25]);
  });

  test('of ints (also wide) and bools read them as float64', () => {
    expect(cells(reduce(median, { fn: 'median', input: 'int64', ddof: 1 }, [[{ gids: [0, 0], args: [i64([2n ** 60n, 2n ** 60n])] }]], 1))).toEqual([2 ** 60]);
    expect(cells(reduce(median, { fn: 'median', input: 'bool', ddof: 1 }, [[{ gids: [0, 0, 0], args: [bools([true, false, true])] }]], 1))).toEqual([1]);
  });

  test('of many groups with one or two values each', () => {
    const gids = [3, 1, 0, 3, 2, 1];
    const out = reduce(median, { fn: 'median', input: 'float64', ddof: 1 }, [[{ gids, args: [f64([8, 2, 7, 6, 5, 1])] }]], 4);
    expect(cells(out)).toEqual([7, 1.5, 5, 7]);
  });

  test('the median of two huge values does not overflow', () => {
    expect(cells(reduce(median, { fn: 'median', input: 'float64', ddof: 1 }, [[{ gids: [0, 0], args: [f64([1.5e308, 1.7e308])] }]], 1))).toEqual([1.6e308]);
  });

  test('the median of two of the smallest subnormals is that value, not 0 (halving each first would lose it)', () => {
    expect(cells(reduce(median, { fn: 'median', input: 'float64', ddof: 1 }, [[{ gids: [0, 0], args: [f64([5e-324, 5e-324])] }]], 1))).toEqual([5e-324]);
    expect(quantileOf(Float64Array.of(-5e-324, 5e-324, 5e-324, 5e-324), 0, 4, 0.5, true)).toBe(5e-324);
  });

  test('infinities: the median of ±∞ is NaN like (−∞ + ∞) / 2, a quantile between two equal infinities is that infinity', () => {
    expect(quantileOf(Float64Array.of(-Infinity, Infinity), 0, 2, 0.5, true)).toBeNaN();
    expect(quantileOf(Float64Array.of(Infinity, Infinity), 0, 2, 0.5, true)).toBe(Infinity);
    expect(quantileOf(Float64Array.of(1, Infinity, Infinity), 0, 3, 0.75, false)).toBe(Infinity);
    expect(quantileOf(Float64Array.of(-Infinity, -Infinity, 0), 0, 3, 0.25, false)).toBe(-Infinity);
  });

  test('quickselect finds the same ranks as a full sort (seeded random sizes, many duplicates)', () => {
    let seed = 12345;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rand() * (trial < 250 ? 40 : 5000));
      const spread = rand() < 0.5 ? 3 : 1000;
      const xs = Float64Array.from({ length: n }, () => Math.floor(rand() * spread) - spread / 2);
      const sorted = xs.slice().sort();
      for (const q of [0, 0.1, 0.25, 0.5, 0.9, 1]) {
        const pos = q * (n - 1);
        const lo = sorted[Math.floor(pos)];
        const hi = sorted[Math.ceil(pos)];
        expect(quantileOf(xs.slice(), 0, n, q, false)).toBe(lo === hi ? lo : lo + (hi - lo) * (pos - Math.floor(pos)));
      }
      const m = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      expect(quantileOf(xs.slice(), 0, n, 0.5, true)).toBe(m);
      // past its depth bound quickselect sorts what is left of the range: the same ranks
      const depth = trial % 4;
      expect(quantileOf(xs.slice(), 0, n, 0.5, true, depth)).toBe(m);
      const pos = 0.9 * (n - 1);
      const [lo, hi] = [sorted[Math.floor(pos)], sorted[Math.ceil(pos)]];
      expect(quantileOf(xs.slice(), 0, n, 0.9, false, depth)).toBe(lo === hi ? lo : lo + (hi - lo) * (pos - Math.floor(pos)));
    }
  });

  test('ranks inside a sub-range [a, b) leave the values outside it alone, also on the sorting fallback', () => {
    for (const depth of [0, 1, 30]) {
      const v = Float64Array.of(100, -100, 5, 3, 9, 1, 7, -200, 300);
      expect(quantileOf(v, 2, 7, 0.5, true, depth)).toBe(5);
      expect([v[0], v[1], v[7], v[8]]).toEqual([100, -100, -200, 300]);
      expect(quantileOf(Float64Array.of(100, 4, 2, 8, 6, -100), 1, 5, 0.5, true, depth)).toBe(5);
    }
  });
});
