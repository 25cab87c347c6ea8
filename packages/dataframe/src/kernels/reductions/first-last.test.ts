import { describe, expect, test } from 'vitest';
import type { DType } from '../../types/dtype.js';
import { cells, f64, i64, reduce, strs } from '../../testing/run-reduction.js';
import { first, last } from './first-last.js';

const call = (fn: 'first' | 'last', input: DType) => ({ fn, input, ddof: 1 });

describe('first and last', () => {
  test('follow row then partition order and skip nulls (like pandas); a group with no value is null', () => {
    const parts = [
      [{ gids: [0, 1, 0], args: [f64([null, 5, 2])] }, { gids: [0], args: [f64([3])] }],
      [{ gids: [1, 0, 0, 2], args: [f64([6, 4, null, null])] }],
      [{ gids: [1], args: [f64([NaN])] }],
    ];
    expect(cells(reduce(first, call('first', 'float64'), parts, 3))).toEqual([2, 5, null]);
    expect(cells(reduce(last, call('last', 'float64'), parts, 3))).toEqual([4, 6, null]);
  });

  test('of strings, across partitions with their own dictionaries', () => {
    const parts = [[{ gids: [0, 0], args: [strs([null, 'b'])] }], [{ gids: [0, 1], args: [strs(['c', 'a'])] }]];
    expect(cells(reduce(first, call('first', 'string'), parts, 2))).toEqual(['b', 'a']);
    expect(cells(reduce(last, call('last', 'string'), parts, 2))).toEqual(['c', 'a']);
  });

  test('keep wide int64 values exact, whichever partition is wide', () => {
    const w = 2n ** 60n + 1n;
    const a = [{ gids: [0], args: [i64([7])] }];
    const b = [{ gids: [0], args: [i64([w])] }];
    expect(cells(reduce(first, call('first', 'int64'), [a, b], 1))).toEqual([7]);
    expect(cells(reduce(last, call('last', 'int64'), [a, b], 1))).toEqual([w]);
    expect(cells(reduce(first, call('first', 'int64'), [b, a], 1))).toEqual([w]);
  });
});
