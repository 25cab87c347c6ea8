import { describe, expect, test } from 'vitest';
import { cells, f64, reduce } from '../../testing/run-reduction.js';
import { size } from './size.js';

describe('size', () => {
  test('counts rows, nulls included, skipping group id -1, across unequal partials', () => {
    const out = reduce(size, { fn: 'size', input: null, ddof: 0 }, [
      [{ gids: [0, 0, 1, -1], args: [f64([null, null, 1, 2])] }],
      [{ gids: [1], args: [f64([3])] }],
    ], 3);
    expect(cells(out)).toEqual([2, 2, 0]);
  });
});
