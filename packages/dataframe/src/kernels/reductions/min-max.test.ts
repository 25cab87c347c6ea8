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

  test('a group left empty stays null through a switch to bigints, a merge and a split whose padding slots become groups', () => {
    const w = 2n ** 60n + 1n;
    // group 1 has only a null when the wide value arrives in group 0
    const a = [{ gids: [0, 1, 2], args: [i64([5, null, -3])] }];
    const b = [{ gids: [0], args: [i64([w])] }];
    expect(cells(reduce(max, call('max', 'int64'), [a, b], 4))).toEqual([w, null, -3, null]);
    expect(cells(reduce(min, call('min', 'int64'), [b, a], 4))).toEqual([5, null, -3, null]);
    for (const r of [min, max]) {
      const spec = call(r.fn as 'min' | 'max', 'float64');
      const s = r.create(spec);
      r.update(s, spec, Int32Array.of(0, 1, 2, 0), [f64([4, -2, NaN, 6])], 4, 3, -1);
      // groups 0 and 2 to part 0 (as 0 and 1), group 1 to part 1: part 1 holds 1 group in 16 slots
      const [p0, p1] = r.split!(s, spec, Int32Array.of(0, 1, 0), Int32Array.of(0, 0, 1), Int32Array.of(2, 1));
      expect(cells(r.finalize(p0, spec, 2, 'x'))).toEqual([r === min ? 4 : 6, null]);
      // part 1 grows to 3 groups inside its padding; only group 2 gets a value
      r.update(p1, spec, Int32Array.of(2), [f64([-0.5])], 1, 3, 2);
      expect(cells(r.finalize(p1, spec, 3, 'x'))).toEqual([-2, null, -0.5]);
    }
  });

  test('keep the input type (bool)', () => {
    const out = reduce(min, call('min', 'bool'), [[{ gids: [0, 0], args: [bools([true, false])] }]], 1);
    expect(out.dtype).toBe('bool');
    expect(cells(out)).toEqual([false]);
  });
});
