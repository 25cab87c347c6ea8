import { describe, expect, it } from 'vitest';
import type { Column } from './column.js';
import { mergeSortedRuns } from './merge-sorted.js';
import { sortPermutation } from './sort.js';
import { concatColumns } from './column.js';

const num = (xs: (number | null)[]): Column => ({ dtype: 'int64', length: xs.length, values: Float64Array.from(xs, (x) => x ?? 0), valid: xs.includes(null) ? Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) : null });
const str = (xs: string[], dict: string[]): Column => ({ dtype: 'string', length: xs.length, values: Int32Array.from(xs, (x) => dict.indexOf(x)), valid: null, dict });

describe('mergeSortedRuns', () => {
  it('merges sorted runs into the order a stable sort of their concatenation gives', () => {
    // keys (s, v): strings through different dictionaries, numbers with nulls last
    const runs = [
      [str(['a', 'a', 'c'], ['c', 'a']), num([1, null, 0])],
      [str(['a', 'b', 'c'], ['b', 'c', 'a']), num([1, 5, 0])],
      [],
      [str(['a'], ['a']), num([0])],
    ].filter((r) => r.length > 0);
    const perm = mergeSortedRuns(runs, [false, false]);
    expect(Array.from(perm)).toEqual([6, 0, 3, 1, 4, 2, 5]);
    const whole = [0, 1].map((k) => concatColumns(runs.map((r) => r[k]), runs[0][k].dtype));
    expect(Array.from(perm)).toEqual(Array.from(sortPermutation(whole, [false, false])));
  });

  it('follows descending keys and nulls first', () => {
    const runs = [[num([null, 3, 1])], [num([null, 2])]];
    expect(Array.from(mergeSortedRuns(runs, [true], false))).toEqual([0, 3, 1, 4, 2]);
  });

  it('agrees with a full sort on random runs', () => {
    let seed = 7;
    const rnd = (m: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % m; };
    const runs: Column[][] = [];
    for (let r = 0; r < 5; r++) {
      const n = 50 + rnd(50);
      const rows = Array.from({ length: n }, () => [rnd(4), rnd(10)]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      runs.push([num(rows.map((x) => x[0])), num(rows.map((x) => x[1]))]);
    }
    const whole = [0, 1].map((k) => concatColumns(runs.map((r) => r[k]), 'int64'));
    expect(Array.from(mergeSortedRuns(runs, [false, false]))).toEqual(Array.from(sortPermutation(whole, [false, false])));
  });

  it('agrees with a full sort for every count of runs from 1 to 40, empty ones among them (ties: earlier run first)', () => {
    let seed = 5;
    const rnd = (m: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % m; };
    for (let k = 1; k <= 40; k++) {
      const runs: Column[][] = [];
      for (let r = 0; r < k; r++) {
        const n = rnd(4) === 0 ? 0 : 1 + rnd(30);
        const keys = Array.from({ length: n }, () => rnd(12)).sort((a, b) => a - b);
        runs.push([num(keys), num(keys.map(() => r))]);
      }
      const whole = [0, 1].map((j) => concatColumns(runs.map((r) => r[j]), 'int64'));
      const which = new Uint16Array(whole[0].length);
      const got = mergeSortedRuns(runs.map((r) => [r[0]]), [false], true, which);
      expect(Array.from(got)).toEqual(Array.from(sortPermutation([whole[0]], [false])));
      // each row's run is the one it came from
      expect(Array.from(which)).toEqual(Array.from(got, (i) => whole[1].values[i] as number));
    }
  });

  // strings are compared through global ranks when the dictionaries are small next to the runs,
  // and directly when nearly every row has its own string: both must give the full sort's order
  it.each([
    ['few distinct strings (ranked)', 3],
    ['nearly unique strings (compared directly)', 100_000],
  ])('agrees with a full sort on string keys with nulls: %s', (_, distinct) => {
    let seed = 11;
    const rnd = (m: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % m; };
    const sortedRun = (n: number, desc: boolean): Column[] => {
      const rows = Array.from({ length: n }, () => [rnd(10) === 0 ? null : `k${rnd(distinct)}`, rnd(3)] as const);
      rows.sort((a, b) => {
        if (a[0] !== b[0]) {
          if (a[0] === null) return -1;
          if (b[0] === null) return 1;
          return (a[0] < b[0] ? -1 : 1) * (desc ? -1 : 1);
        }
        return a[1] - b[1];
      });
      const dict = [...new Set(rows.flatMap((r) => (r[0] === null ? [] : [r[0]])))].reverse();
      const s: Column = { dtype: 'string', length: n, values: Int32Array.from(rows, (r) => (r[0] === null ? 0 : dict.indexOf(r[0]))), valid: Uint8Array.from(rows, (r) => (r[0] === null ? 0 : 1)), dict };
      return [s, num(rows.map((r) => r[1]))];
    };
    for (const desc of [false, true]) {
      const runs = [sortedRun(200, desc), sortedRun(150, desc), sortedRun(1, desc), sortedRun(120, desc)];
      const whole = [0, 1].map((k) => concatColumns(runs.map((r) => r[k]), runs[0][k].dtype));
      expect(Array.from(mergeSortedRuns(runs, [desc, false], false))).toEqual(Array.from(sortPermutation(whole, [desc, false], false)));
    }
  });

  // the radix sort puts NaN after every number; a merge comparing NaN as equal to everything
  // would interleave it anywhere
  it('merges float runs holding NaN in the order the sort gives them', () => {
    const fl = (xs: number[]): Column => ({ dtype: 'float64', length: xs.length, values: Float64Array.from(xs), valid: null });
    const sorted = (xs: number[], desc: boolean): Column => { const c = fl(xs); const perm = sortPermutation([c], [desc]); return fl(Array.from(perm, (i) => xs[i])); };
    for (const desc of [false, true]) {
      const runs = [[sorted([3, NaN, -1, 7], desc)], [sorted([NaN, 2, 5], desc)], [sorted([0, NaN, 8, -4], desc)]];
      const whole = concatColumns(runs.map((r) => r[0]), 'float64');
      expect(Array.from(mergeSortedRuns(runs, [desc]))).toEqual(Array.from(sortPermutation([whole], [desc])));
    }
  });
});
