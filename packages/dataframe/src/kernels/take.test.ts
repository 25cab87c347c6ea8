import { describe, expect, it } from 'vitest';
import { valueAt, type Column } from './column.js';
import { takeFromParts } from './take.js';

const rows = (c: Column): unknown[] => Array.from({ length: c.length }, (_, i) => valueAt(c, i));

describe('takeFromParts', () => {
  it('gathers rows from several parts in the given order, nulls and wide integers kept', () => {
    const a: Column = { dtype: 'int64', length: 2, values: Float64Array.of(1, 2), valid: null };
    const b: Column = { dtype: 'int64', length: 2, values: BigInt64Array.of(2n ** 60n, 0n), valid: Uint8Array.of(1, 0) };
    const out = takeFromParts([a, b], Uint16Array.of(1, 0, 1, 0), Int32Array.of(0, 1, 1, 0), 'int64');
    expect(rows(out)).toEqual([2n ** 60n, 2, null, 1]);
  });

  it('gives strings from different dictionaries one dictionary', () => {
    const a: Column = { dtype: 'string', length: 2, values: Int32Array.of(0, 1), valid: null, dict: ['x', 'y'] };
    const b: Column = { dtype: 'string', length: 2, values: Int32Array.of(1, 0), valid: Uint8Array.of(1, 0), dict: ['y', 'z'] };
    const out = takeFromParts([a, b], Uint16Array.of(0, 1, 1, 0), Int32Array.of(1, 0, 1, 0), 'string');
    expect(rows(out)).toEqual(['y', 'z', null, 'x']);
  });
});
