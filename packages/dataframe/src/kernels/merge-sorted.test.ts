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

  // the merge compares keys packed into words, one encoding for all runs: a float key (nulls,
  // NaN, -0), a 64-bit integer key wider than 32 bits, a small Int32Array key (a date) and a string key through
  // each run's own dictionary, in every direction, against a plain comparator sort
  it('agrees with a comparator sort on mixed keys packed into words, every direction and null placement', () => {
    let seed = 3;
    // mulberry32: the low bits of the LCG above repeat too soon for seven draws a row
    const rnd = (m: number): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (((t ^ (t >>> 14)) >>> 0) % m);
    };
    type Row = [number | null, bigint | null, number, string | null];
    const floats = [-1.5, 0, -0, 2.25, NaN, 1e300, -Infinity];
    const bigs = [-(2n ** 40n), 0n, 5n, 2n ** 50n];
    const cmpVal = (x: number | bigint | string | null, y: number | bigint | string | null, desc: boolean, nullsLast: boolean): number => {
      if (x === null || y === null) return x === y ? 0 : (x === null ? 1 : -1) * (nullsLast ? 1 : -1);
      const nx = typeof x === 'number' && x !== x;
      const ny = typeof y === 'number' && y !== y;
      const c = nx || ny ? (nx && ny ? 0 : nx ? 1 : -1) : x < y ? -1 : x > y ? 1 : 0;
      return desc ? -c : c;
    };
    for (const desc of [[false, false, false, false], [true, false, true, false], [false, true, false, true]]) {
      for (const nullsLast of [true, false]) {
        const cmpRow = (a: Row, b: Row): number => {
          for (let k = 0; k < 4; k++) { const c = cmpVal(a[k], b[k], desc[k], nullsLast); if (c !== 0) return c; }
          return 0;
        };
        const runRows: Row[][] = Array.from({ length: 6 }, () => Array.from({ length: rnd(40) }, (): Row => [
          rnd(8) === 0 ? null : floats[rnd(floats.length)], rnd(8) === 0 ? null : bigs[rnd(bigs.length)], rnd(3), rnd(8) === 0 ? null : `s${rnd(4)}`,
        ]).sort(cmpRow));
        const runs = runRows.filter((rows) => rows.length > 0).map((rows): Column[] => {
          const dict = [...new Set(rows.flatMap((r) => (r[3] === null ? [] : [r[3]])))].reverse();
          const valid = (k: number): Uint8Array => Uint8Array.from(rows, (r) => (r[k] === null ? 0 : 1));
          return [
            { dtype: 'float64', length: rows.length, values: Float64Array.from(rows, (r) => r[0] ?? 0), valid: valid(0) },
            { dtype: 'int64', length: rows.length, values: BigInt64Array.from(rows, (r) => r[1] ?? 0n), valid: valid(1) },
            { dtype: 'date', length: rows.length, values: Int32Array.from(rows, (r) => r[2]), valid: null },
            { dtype: 'string', length: rows.length, values: Int32Array.from(rows, (r) => (r[3] === null ? 0 : dict.indexOf(r[3]))), valid: valid(3), dict },
          ];
        });
        const all = runRows.flat();
        const want = Array.from(all.keys()).sort((a, b) => cmpRow(all[a], all[b]) || a - b);
        expect(Array.from(mergeSortedRuns(runs, desc, nullsLast))).toEqual(want);
      }
    }
  });

  // an int64 key held as float64 in one run (every value safe) and as 64-bit integers in another
  it('merges an int64 key held as float64 in some runs and as BigInt64Array in others', () => {
    const asFloat: Column = { dtype: 'int64', length: 3, values: Float64Array.from([-5, 7, 0]), valid: Uint8Array.from([1, 1, 0]) };
    const asBig: Column = { dtype: 'int64', length: 3, values: BigInt64Array.from([-(2n ** 60n), 0n, 2n ** 60n]), valid: null };
    expect(Array.from(mergeSortedRuns([[asFloat], [asBig]], [false]))).toEqual([3, 0, 4, 1, 5, 2]);
    expect(Array.from(mergeSortedRuns([[asBig], [asFloat]], [false]))).toEqual([0, 3, 1, 4, 2, 5]);
  });
});
