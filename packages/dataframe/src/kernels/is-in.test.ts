import { describe, expect, test } from 'vitest';
import { isIn } from './is-in.js';
import { valueAt, type Column } from './column.js';

const lit = (v: number | string): Column => (typeof v === 'string'
  ? { dtype: 'string', length: 1, values: new Int32Array(1), valid: null, dict: [v] }
  : { dtype: 'float64', length: 1, values: Float64Array.of(v), valid: null });
const rows = (c: Column) => Array.from({ length: c.length }, (_, i) => valueAt(c, i));

describe('isIn', () => {
  test('numbers; a null value gives null', () => {
    const a: Column = { dtype: 'int64', length: 4, values: Float64Array.of(1, 2, 3, 0), valid: Uint8Array.of(1, 1, 1, 0) };
    expect(rows(isIn(a, [lit(1), lit(3)], 4))).toEqual([true, false, true, null]);
  });
  test('strings are tested once per dictionary entry', () => {
    const a: Column = { dtype: 'string', length: 3, values: Int32Array.of(0, 1, 0), valid: null, dict: ['x', 'y'] };
    expect(rows(isIn(a, [lit('y'), lit('z')], 3))).toEqual([false, true, false]);
  });
  test('a batch of a few rows of a large dictionary looks up only the entries it uses; a null row past an empty dictionary', () => {
    const dict = Array.from({ length: 50_000 }, (_, k) => `id${k}`);
    const a: Column = { dtype: 'string', length: 4, values: Int32Array.of(49_999, 7, 7, 0), valid: Uint8Array.of(1, 1, 1, 0), dict };
    expect(rows(isIn(a, [lit('id7'), lit('id0')], 4))).toEqual([false, true, true, null]);
    const empty: Column = { dtype: 'string', length: 2, values: Int32Array.of(0, 0), valid: Uint8Array.of(0, 0), dict: [] };
    expect(rows(isIn(empty, [lit('x')], 2))).toEqual([null, null]);
  });
  test('int64 values past 2^53 compare exactly', () => {
    const a: Column = { dtype: 'int64', length: 2, values: BigInt64Array.of(2n ** 60n, 5n), valid: null };
    expect(rows(isIn(a, [lit(5)], 2))).toEqual([false, true]);
  });
  test('a timestamp column against ISO text', () => {
    const a: Column = { dtype: 'timestamp', length: 2, values: Float64Array.of(Date.UTC(2020, 0, 2), 0), valid: null };
    expect(rows(isIn(a, [lit('2020-01-02')], 2))).toEqual([true, false]);
  });
});
