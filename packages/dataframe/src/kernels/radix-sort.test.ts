import { describe, expect, it } from 'vitest';
import type { Column } from './column.js';
import { radixSortPermutation } from './radix-sort.js';
import { rowComparator } from './sort.js';
import { Rng } from '../testing/random-csv.js';

const f = (xs: (number | null)[]): Column => ({ dtype: 'float64', length: xs.length, values: Float64Array.from(xs, (x) => x ?? 0), valid: xs.includes(null) ? Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) : null });
const s = (xs: (string | null)[]): Column => {
  const dict = [...new Set(xs.filter((x): x is string => x !== null))].reverse();
  return { dtype: 'string', length: xs.length, values: Int32Array.from(xs, (x) => (x === null ? 0 : dict.indexOf(x))), valid: xs.includes(null) ? Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) : null, dict };
};

describe('radixSortPermutation', () => {
  it('sorts floats with negatives, -0, infinities and nulls, stably', () => {
    const c = f([3, -1.5, null, 0, -0, Infinity, -Infinity, 3, 2.25]);
    expect([...radixSortPermutation([c], [false])]).toEqual([6, 1, 3, 4, 8, 0, 7, 5, 2]);
    expect([...radixSortPermutation([c], [true])]).toEqual([5, 0, 7, 8, 3, 4, 1, 6, 2]);
    expect([...radixSortPermutation([c], [false], false)]).toEqual([2, 6, 1, 3, 4, 8, 0, 7, 5]);
  });

  it('sorts strings by text (not dictionary code) and int64 beyond 2^53', () => {
    expect([...radixSortPermutation([s(['pear', 'apple', null, 'fig', 'apple'])], [false])]).toEqual([1, 4, 3, 0, 2]);
    const big: Column = { dtype: 'int64', length: 3, values: BigInt64Array.from([2n ** 60n, -(2n ** 60n), 2n ** 60n + 1n]), valid: null };
    expect([...radixSortPermutation([big], [false])]).toEqual([1, 0, 2]);
  });

  it('agrees with a comparator sort on random multi-key data (seeded)', () => {
    const rng = new Rng(99);
    const n = 5000;
    const a = f(Array.from({ length: n }, () => (rng.int(0, 9) === 0 ? null : rng.int(-20, 20) / 4)));
    const b = s(Array.from({ length: n }, () => (rng.int(0, 9) === 0 ? null : `k${rng.int(0, 30)}`)));
    const d: Column = { dtype: 'date', length: n, values: Int32Array.from({ length: n }, () => rng.int(-1000, 1000)), valid: null };
    for (const desc of [[false, true, false], [true, false, true]]) {
      const cmp = rowComparator([a, b, d], desc);
      const want = Array.from({ length: n }, (_, i) => i).sort((x, y) => cmp(x, y) || x - y);
      expect([...radixSortPermutation([a, b, d], desc)]).toEqual(want);
    }
  });

  // keys packed into shared 32-bit words (narrow integers, strings), wide ones (fractions, int64
  // past 2^32 of range) as two words plus a null bit, in every direction and null placement
  it('agrees with a comparator sort when many keys of every kind share words (seeded)', () => {
    const rng = new Rng(5);
    const n = 3000;
    const nulls = <T>(gen: () => T): (T | null)[] => Array.from({ length: n }, () => (rng.int(0, 7) === 0 ? null : gen()));
    const narrow = f(nulls(() => rng.int(1, 100)));
    const negative = f(nulls(() => rng.int(-70_000, 70_000)));
    const frac = f(nulls(() => rng.int(-50, 50) / 8));
    const strs = s(nulls(() => `id${String(rng.int(0, 500)).padStart(4, '0')}`));
    const bigVals = nulls(() => BigInt(rng.int(-3, 3)) * 2n ** 40n + BigInt(rng.int(0, 5)));
    const wide: Column = { dtype: 'int64', length: n, values: BigInt64Array.from(bigVals, (x) => x ?? 0n), valid: Uint8Array.from(bigVals, (x) => (x === null ? 0 : 1)) };
    const smallBig: Column = { dtype: 'int64', length: n, values: BigInt64Array.from({ length: n }, () => BigInt(rng.int(-5, 5))), valid: null };
    const keys = [narrow, strs, negative, frac, wide, smallBig];
    for (const nullsLast of [true, false]) {
      for (const desc of [[false, false, false, false, false, false], [true, false, true, false, true, true]]) {
        const cmp = rowComparator(keys, desc, nullsLast);
        const want = Array.from({ length: n }, (_, i) => i).sort((x, y) => cmp(x, y) || x - y);
        expect([...radixSortPermutation(keys, desc, nullsLast)]).toEqual(want);
      }
    }
  });
});
