import { describe, expect, it } from 'vitest';
import type { Column } from './column.js';
import { groupTop } from './group-top.js';

const ints = (xs: (number | null)[]): Column => ({ dtype: 'int64', length: xs.length, values: Float64Array.from(xs, (x) => x ?? 0), valid: xs.includes(null) ? Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) : null });

describe('groupTop', () => {
  // rows:       0  1  2  3  4  5  6
  const key = ints([1, 2, 1, 1, 2, null, 1]);
  const v = ints([5, 7, 9, 5, 7, 100, null]);

  it('keeps the first n of each key in the sort order, ties in row order, listed in that order', () => {
    const spec = { keyTypes: ['int64' as const], keepNullKeys: false, descending: [true], nullsLast: true, n: 2 };
    // key 1: 9 (row 2), then 5 (rows 0 and 3 tie: row 0 first); key 2: 7, 7 (rows 1, 4); null key dropped
    expect([...groupTop([key], [v], 7, spec)]).toEqual([2, 1, 4, 0]);
  });

  it('nulls first, and the null key kept as a group', () => {
    const spec = { keyTypes: ['int64' as const], keepNullKeys: true, descending: [false], nullsLast: false, n: 1 };
    // ascending with nulls first: row 6 (null v) leads key 1; key 2: row 1; the null key: row 5
    expect([...groupTop([key], [v], 7, spec)]).toEqual([6, 1, 5]);
  });
});
