import { describe, expect, test } from 'vitest';
import { cells, f64, i64, reduce, strs } from '../../testing/run-reduction.js';
import { nUnique } from './n-unique.js';
import type { DType } from '../../types/dtype.js';

const call = (input: DType) => ({ fn: 'nUnique' as const, input, ddof: 1 });

describe('nUnique', () => {
  test('counts distinct non-null values; NaN skipped, 0 and -0 one value; an empty group is 0', () => {
    const out = reduce(nUnique, call('float64'), [[{ gids: [0, 0, 0, 0, 0, 1], args: [f64([1, 1, null, NaN, 2, null])] }], [{ gids: [0, 1, 1], args: [f64([2, 0, -0])] }]], 3);
    expect(cells(out)).toEqual([2, 1, 0]);
    expect(out.dtype).toBe('int64');
  });

  test('of strings across partitions with different dictionaries', () => {
    const out = reduce(nUnique, call('string'), [
      [{ gids: [0, 0, 1], args: [strs(['a', 'b', 'a'])] }],
      [{ gids: [0, 1, 1], args: [strs(['b', 'c', null])] }, { gids: [0], args: [strs(['c'])] }],
    ], 2);
    expect(cells(out)).toEqual([3, 2]);
  });

  test('keeps int64 values beyond 2^53 apart (exact), whichever partition is wide', () => {
    const w = 2n ** 60n;
    const a = [{ gids: [0, 0], args: [i64([1, 2])] }];
    const b = [{ gids: [0, 0, 0], args: [i64([w, w + 1n, 1n])] }];
    expect(cells(reduce(nUnique, call('int64'), [a, b], 1))).toEqual([4]);
    expect(cells(reduce(nUnique, call('int64'), [b, a], 1))).toEqual([4]);
  });

  test('stays exact over many rows and a growing table: 200 000 rows of 3 and 1 values per group, then 50 000 distinct', () => {
    const n = 200_000;
    const gids = Array.from({ length: n }, (_, i) => i % 2);
    const xs = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? i % 3 : 7));
    expect(cells(reduce(nUnique, call('int64'), [[{ gids, args: [i64(xs)] }], [{ gids, args: [i64(xs)] }]], 2))).toEqual([3, 1]);
    const ys = Array.from({ length: 50_000 }, (_, i) => i);
    expect(cells(reduce(nUnique, call('int64'), [[{ gids: ys.map(() => 0), args: [i64(ys)] }], [{ gids: ys.map(() => 0), args: [i64(ys.slice().reverse())] }]], 1))).toEqual([50_000]);
  });
  test('one bucket of a split partial holds only the strings its groups use', () => {
    const spec = call('string');
    const whole = nUnique.create(spec);
    const words = Array.from({ length: 1000 }, (_, i) => `w${i}`);
    // group g holds the words g, g + 10, g + 20, …
    nUnique.update(whole, spec, Int32Array.from(words, (_, i) => i % 10), [strs(words)], words.length, 10);
    const piece = nUnique.create(spec);
    nUnique.merge(piece, spec, whole, Int32Array.from({ length: 10 }, (_, g) => (g === 3 ? 0 : -1)), 10, 1);
    expect(piece.dict!.length).toBe(100);
    expect(cells(nUnique.finalize(piece, spec, 1, 'n'))).toEqual([100]);
  });

  test('a string state that crossed a thread (structured clone) keeps counting what it had seen', () => {
    const spec = call('string');
    const s = nUnique.create(spec);
    nUnique.update(s, spec, Int32Array.from([0, 0, 1]), [strs(['a', 'b', 'a'])], 3, 2);
    const moved = structuredClone(s);
    nUnique.update(moved, spec, Int32Array.from([0, 1, 1, 0]), [strs(['b', 'a', 'c', 'c'])], 4, 2);
    expect(cells(nUnique.finalize(moved, spec, 2, 'x'))).toEqual([3, 2]);
  });
});
