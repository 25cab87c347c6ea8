import { describe, expect, test } from 'vitest';
import type { DType } from '../../types/dtype.js';
import { bools, cells, f64, i64, reduce, strs } from '../../testing/run-reduction.js';
import { max, min } from './min-max.js';

const call = (fn: 'min' | 'max', input: DType) => ({ fn, input, ddof: 1 });

describe('min and max', () => {
  test('skip nulls and NaN; an empty group is null', () => {
    const parts = [[{ gids: [0, 0, 0, 1], args: [f64([3, NaN, null, null])] }], [{ gids: [0], args: [f64([-1.5])] }]];
    expect(cells(reduce(min, call('min', 'float64'), parts, 3))).toEqual([-1.5, null, null]);
    expect(cells(reduce(max, call('max', 'float64'), parts, 3))).toEqual([3, null, null]);
  });

  test('of strings compare by code point, across partitions with their own dictionaries', () => {
    const parts = [[{ gids: [0, 0], args: [strs(['pear', 'apple'])] }], [{ gids: [0, 1], args: [strs(['zebra', null])] }]];
    expect(cells(reduce(min, call('min', 'string'), parts, 2))).toEqual(['apple', null]);
    expect(cells(reduce(max, call('max', 'string'), parts, 2))).toEqual(['zebra', null]);
  });

  test('of int64 beyond 2^53 are exact, whether the wide value comes first or last', () => {
    const w = 2n ** 60n + 1n;
    const a = [{ gids: [0, 0], args: [i64([5, 7])] }];
    const b = [{ gids: [0], args: [i64([w])] }];
    expect(cells(reduce(max, call('max', 'int64'), [a, b], 1))).toEqual([w]);
    expect(cells(reduce(max, call('max', 'int64'), [b, a], 1))).toEqual([w]);
    expect(cells(reduce(min, call('min', 'int64'), [b, a], 1))).toEqual([5]);
  });

  test('keep the input type (bool)', () => {
    const out = reduce(min, call('min', 'bool'), [[{ gids: [0, 0], args: [bools([true, false])] }]], 1);
    expect(out.dtype).toBe('bool');
    expect(cells(out)).toEqual([false]);
  });
});
