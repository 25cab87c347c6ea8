import { describe, expect, test } from 'vitest';
import { cells, f64, reduce, strs } from '../../testing/run-reduction.js';
import { count } from './count.js';

describe('count', () => {
  test('counts non-null values per group, across unequal partials', () => {
    const out = reduce(count, { fn: 'count', input: 'float64', ddof: 1 }, [
      [{ gids: [0, 0, 1, 1], args: [f64([1, null, null, 4])] }],
      [{ gids: [1], args: [f64([NaN])] }],
    ], 3);
    expect(cells(out)).toEqual([1, 2, 0]); // NaN from arithmetic is a value
  });

  test('counts strings too', () => {
    expect(cells(reduce(count, { fn: 'count', input: 'string', ddof: 1 }, [[{ gids: [0, 0, -1], args: [strs(['a', null, 'b'])] }]], 1))).toEqual([1]);
  });
});
