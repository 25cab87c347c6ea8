import { describe, expect, test } from 'vitest';
import { bools, cells, f64, i64, reduce } from '../../testing/run-reduction.js';
import { mean } from './mean.js';
import { sum } from './sum.js';
import { Rng } from '../../testing/random-csv.js';

const call = (input: 'int64' | 'float64' | 'bool') => ({ fn: 'sum' as const, input, ddof: 1 });

describe('sum', () => {
  test('skips nulls; an empty or all-null group sums to 0', () => {
    const out = reduce(sum, call('float64'), [[{ gids: [0, 0, 0, 1], args: [f64([1, null, 2.5, null])] }]], 3);
    expect(cells(out)).toEqual([3.5, 0, 0]);
    expect(out.dtype).toBe('float64');
  });

  test('merges unequal partials in order through group maps', () => {
    const out = reduce(sum, call('int64'), [
      [{ gids: [1, 0, 1], args: [i64([10, 1, 20])] }, { gids: [2], args: [i64([5])] }],
      [{ gids: [0], args: [i64([2])] }],
      [],
    ], 3);
    expect(cells(out)).toEqual([3, 30, 5]);
  });

  test('integer sums stay exact beyond 2^53, also across merges', () => {
    const big = 2 ** 50;
    const xs = Array.from({ length: 64 }, (_, i) => big + i); // total ≈ 2^56: a double would round
    const exact = xs.reduce((a, x) => a + BigInt(x), 0n);
    const out = reduce(sum, call('int64'), [[{ gids: xs.slice(0, 5).map(() => 0), args: [i64(xs.slice(0, 5))] }], [{ gids: xs.slice(5).map(() => 0), args: [i64(xs.slice(5))] }]], 1);
    expect(out.values).toBeInstanceOf(BigInt64Array);
    expect(out.values[0]).toBe(exact);
  });

  test('sums of small values take the unchecked path until their magnitudes pass 2^52, and stay exact after', () => {
    // batches of values near 2^44 into 3 groups in random order: the first few hundred values keep
    // every magnitude sum below 2^52 (no flush checks), later batches cross it (checked), the
    // merged partials cross it too
    const r = new Rng(52);
    const partials = Array.from({ length: 3 }, () => Array.from({ length: 20 }, () => {
      const n = r.int(1, 40);
      return { gids: Array.from({ length: n }, () => r.int(-1, 2)), args: [i64(Array.from({ length: n }, () => (r.chance(0.5) ? 1 : -1) * (2 ** 44 + r.int(0, 1000))))] };
    }));
    const want = [0n, 0n, 0n];
    for (const p of partials) for (const b of p) b.gids.forEach((g, i) => { if (g >= 0) want[g] += BigInt(b.args[0].values[i] as number); });
    expect(cells(reduce(sum, call('int64'), partials, 3))).toEqual(want.map((w) => (w > BigInt(Number.MAX_SAFE_INTEGER) || w < -BigInt(Number.MAX_SAFE_INTEGER) ? w : Number(w))));
  });

  test('batches of one group: summed without ids while their magnitudes stay below 2^52, exactly after; mean counts every row once', () => {
    // batches of 50 values near ±2^44, all in group 0 (the driver passes it as `one`): about six
    // batches fit under 2^52 by √(n·Σx²), the seventh is added on the exact path, the rest too
    const r = new Rng(44);
    const batches = Array.from({ length: 12 }, (_, b) => {
      const xs = Array.from({ length: 50 }, (_, k) => (b === 3 && k % 9 === 0 ? null : (r.chance(0.5) ? 1 : -1) * (2 ** 44 + r.int(0, 5000))));
      return { gids: xs.map(() => 0), args: [i64(xs)] };
    });
    let want = 0n;
    let n = 0;
    for (const b of batches) b.args[0].values.forEach((x, i) => { if (b.args[0].valid === null || b.args[0].valid[i] === 1) { want += BigInt(x as number); n++; } });
    expect(cells(reduce(sum, call('int64'), [batches.slice(0, 7), batches.slice(7)], 1))).toEqual([Number(want)]);
    expect(cells(reduce(mean, { fn: 'mean' as const, input: 'int64', ddof: 1 }, [batches], 1))).toEqual([Number(want) / n]);
    // values whose sum passes 2^53 in one group: exact (a bigint), though each batch alone is small
    const big = Array.from({ length: 40 }, () => ({ gids: [0, 0, 0, 0], args: [i64([2 ** 50, 2 ** 50 + 1, 2 ** 50 + 3, 7])] }));
    expect(cells(reduce(sum, call('int64'), [big], 1))).toEqual([40n * (3n * 2n ** 50n + 11n)]);
  });

  test('a batch that crosses 2^52 by magnitude inside a run of one group: the rows before it unchecked, the rest exact; mean counts every row once', () => {
    // 700 values of 2^44 + k (nulls every 7th) in one group, then in two: the magnitudes pass 2^52
    // at about the 256th value, in the middle of the first group's run
    const xs = Array.from({ length: 700 }, (_, k) => (k % 7 === 3 ? null : 2 ** 44 + k));
    const gids = xs.map((_, k) => (k < 500 ? 0 : (k >> 1) % 2));
    const want = [0n, 0n];
    const n = [0, 0];
    xs.forEach((x, k) => { if (x !== null) { want[gids[k]] += BigInt(x); n[gids[k]]++; } });
    expect(want[0]).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(cells(reduce(sum, call('int64'), [[{ gids, args: [i64(xs)] }]], 2))).toEqual([want[0], Number(want[1])]);
    expect(cells(reduce(mean, { fn: 'mean' as const, input: 'int64', ddof: 1 }, [[{ gids, args: [i64(xs)] }]], 2))).toEqual([Number(want[0]) / n[0], Number(want[1]) / n[1]]);
  });

  test('wide int64 batches (BigInt64Array) add exactly', () => {
    const out = reduce(sum, call('int64'), [[{ gids: [0, 0], args: [i64([2n ** 60n, 1n])] }], [{ gids: [0], args: [i64([-5])] }]], 1);
    expect(cells(out)).toEqual([2n ** 60n - 4n]);
  });

  test('an int64 overflow names the column and the fix', () => {
    const x = 2n ** 62n;
    expect(() => reduce(sum, call('int64'), [[{ gids: [0, 0, 0], args: [i64([x, x, x])] }]], 1, 'v')).toThrow(/sum of "v" overflows int64.*cast\('float64'\)/);
  });

  test('int64 sums may reach exactly the int64 limits; one past them is an error', () => {
    const max = 2n ** 63n - 1n;
    const min = -(2n ** 63n);
    const one = (xs: bigint[]) => reduce(sum, call('int64'), [[{ gids: xs.map(() => 0), args: [i64(xs)] }]], 1, 'v');
    expect(cells(one([2n ** 62n, 2n ** 62n - 1n]))).toEqual([max]);
    expect(cells(one([-(2n ** 62n), -(2n ** 62n)]))).toEqual([min]);
    expect(() => one([2n ** 62n, 2n ** 62n])).toThrow(/overflows int64/);
    expect(() => one([-(2n ** 62n), -(2n ** 62n), -1n])).toThrow(/overflows int64/);
  });

  test('a sum of exactly ±(2^53 - 1) stays a plain number; one more is a bigint', () => {
    const safe = 2 ** 53 - 1;
    const one = (xs: number[]) => reduce(sum, call('int64'), [[{ gids: xs.map(() => 0), args: [i64(xs)] }], [{ gids: [0], args: [i64([0])] }]], 1);
    expect(cells(one([2 ** 52, 2 ** 52 - 1]))).toEqual([safe]);
    expect(cells(one([-(2 ** 52), -(2 ** 52) + 1]))).toEqual([-safe]);
    expect(cells(one([2 ** 52, 2 ** 52]))).toEqual([2n ** 53n]);
    expect(cells(one([-(2 ** 52), -(2 ** 52)]))).toEqual([-(2n ** 53n)]);
  });

  test('bools sum as integers; rows with group id -1 are ignored', () => {
    expect(cells(reduce(sum, call('bool'), [[{ gids: [0, -1, 0, 0], args: [bools([true, true, null, true])] }]], 1))).toEqual([2]);
  });

  test('integer runs of one group, broken by other groups, filtered rows (-1) and nulls, equal a row-by-row sum (seeded)', () => {
    const rng = new Rng(4242);
    const batches = Array.from({ length: 5 }, () => {
      const gids: number[] = [];
      const vals: (number | null)[] = [];
      while (gids.length < 3000) {
        const g = rng.int(-1, 6);
        for (let k = rng.int(1, 40); k > 0; k--) { gids.push(g); vals.push(rng.int(0, 9) === 0 ? null : rng.int(-1_000_000, 1_000_000)); }
      }
      return { gids, vals };
    });
    const want = new Array<number>(7).fill(0);
    for (const b of batches) b.gids.forEach((g, i) => { if (g >= 0 && b.vals[i] !== null) want[g] += b.vals[i]!; });
    const out = reduce(sum, call('int64'), [batches.map((b) => ({ gids: b.gids, args: [i64(b.vals)] }))], 7);
    expect(cells(out)).toEqual(want);
  });

  test('batches of long runs (first, middle and last rows in one group), small and near-2^52 values, with nulls, filtered rows and mean\'s counts, equal a bigint sum (seeded)', () => {
    for (const [seed, lo, hi] of [[31, -1_000_000, 1_000_000], [32, 2 ** 48, 2 ** 50]] as const) {
      const rng = new Rng(seed);
      const batches = Array.from({ length: 6 }, () => {
        const gids: number[] = [];
        const vals: (number | null)[] = [];
        while (gids.length < 4000) {
          const g = rng.int(-1, 4);
          for (let k = rng.int(1, 1500); k > 0; k--) { gids.push(g); vals.push(rng.int(0, 19) === 0 ? null : (rng.chance(0.3) ? -1 : 1) * rng.int(lo, hi)); }
        }
        // the long-runs path: the first, middle and last rows share a group
        gids[gids.length >> 1] = gids[0];
        gids[gids.length - 1] = gids[0];
        return { gids, vals };
      });
      const want = new Array<bigint>(5).fill(0n);
      const n = new Array<number>(5).fill(0);
      for (const b of batches) b.gids.forEach((g, i) => { if (g >= 0 && b.vals[i] !== null) { want[g] += BigInt(b.vals[i]!); n[g]++; } });
      const parts = [batches.slice(0, 3).map((b) => ({ gids: b.gids, args: [i64(b.vals)] })), batches.slice(3).map((b) => ({ gids: b.gids, args: [i64(b.vals)] }))];
      expect(cells(reduce(sum, call('int64'), parts, 5)).map((v) => BigInt(v as number | bigint))).toEqual(want);
      const means = cells(reduce(mean, { fn: 'mean', input: 'int64', ddof: 1 }, parts, 5));
      means.forEach((m, g) => expect(m).toBeCloseTo(Number(want[g]) / n[g], 0));
    }
  });

  test('runs of values from 2^49 to 2^53, both signs, with nulls and filtered rows, equal a bigint sum (seeded)', () => {
    const rng = new Rng(977);
    const batches = Array.from({ length: 4 }, () => {
      const gids: number[] = [];
      const vals: (number | null)[] = [];
      while (gids.length < 2000) {
        const g = rng.int(-1, 3);
        for (let k = rng.int(1, 30); k > 0; k--) {
          gids.push(g);
          const mag = 2 ** rng.int(49, 52) + rng.int(0, 2 ** 30); // up to just past 2^53 - 1 at 2^52 + 2^52
          vals.push(rng.int(0, 9) === 0 ? null : (rng.chance(0.5) ? -1 : 1) * Math.min(mag * rng.int(1, 2), Number.MAX_SAFE_INTEGER));
        }
      }
      return { gids, vals };
    });
    const want = new Array<bigint>(4).fill(0n);
    for (const b of batches) b.gids.forEach((g, i) => { if (g >= 0 && b.vals[i] !== null) want[g] += BigInt(b.vals[i]!); });
    const out = reduce(sum, call('int64'), [batches.slice(0, 2).map((b) => ({ gids: b.gids, args: [i64(b.vals)] })), batches.slice(2).map((b) => ({ gids: b.gids, args: [i64(b.vals)] }))], 4);
    expect(cells(out).map((v) => BigInt(v as number | bigint))).toEqual(want);
  });
});
