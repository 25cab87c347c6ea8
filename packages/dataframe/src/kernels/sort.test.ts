import { describe, expect, test } from 'vitest';
import type { Column } from './column.js';
import { sortPermutation, takeColumn } from './sort.js';

const f64 = (xs: (number | null)[]): Column => ({
  dtype: 'float64',
  length: xs.length,
  values: Float64Array.from(xs, (x) => x ?? 0),
  valid: xs.includes(null) ? Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) : null,
});
const str = (xs: string[]): Column => {
  const dict = [...new Set(xs)];
  return { dtype: 'string', length: xs.length, values: Int32Array.from(xs, (x) => dict.indexOf(x)), valid: null, dict };
};

describe('sortPermutation', () => {
  test('ascending by one key; ties keep their input order (stable)', () => {
    expect([...sortPermutation([f64([3, 1, 2, 1])], [false])]).toEqual([1, 3, 2, 0]);
  });

  test('descending reverses the key order but not the order of ties', () => {
    expect([...sortPermutation([f64([3, 1, 2, 1, 3])], [true])]).toEqual([0, 4, 2, 1, 3]);
  });

  test('several keys, each with its own direction', () => {
    const g = str(['b', 'a', 'b', 'a', 'b']);
    const v = f64([1, 2, 3, 4, 5]);
    // g ascending, then v descending
    expect([...sortPermutation([g, v], [false, true])]).toEqual([3, 1, 4, 2, 0]);
    // g descending, then v ascending
    expect([...sortPermutation([g, v], [true, false])]).toEqual([0, 2, 4, 1, 3]);
  });

  test('nulls go last by default, first when asked, in either direction', () => {
    const v = f64([2, null, 1, null, 3]);
    expect([...sortPermutation([v], [false])]).toEqual([2, 0, 4, 1, 3]);
    expect([...sortPermutation([v], [true])]).toEqual([4, 0, 2, 1, 3]);
    expect([...sortPermutation([v], [false], false)]).toEqual([1, 3, 2, 0, 4]);
    expect([...sortPermutation([v], [true], false)]).toEqual([1, 3, 4, 0, 2]);
  });

  test('strings compare by their text, not their dictionary codes', () => {
    // dictionary order is pear, apple, zebra
    expect([...sortPermutation([str(['pear', 'apple', 'zebra'])], [false])]).toEqual([1, 0, 2]);
  });
});

describe('takeColumn', () => {
  test('reorders values and validity by the permutation', () => {
    const out = takeColumn(f64([10, null, 30]), Int32Array.from([2, 0, 1]));
    expect([...out.values]).toEqual([30, 10, 0]);
    expect([...out.valid!]).toEqual([1, 1, 0]);
  });
});
