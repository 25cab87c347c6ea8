import { describe, expect, it } from 'vitest';
import type { Column } from './column.js';
import { hashRows } from './hash-partition.js';

const strings = (dict: string[], codes: number[]): Column => ({ dtype: 'string', length: codes.length, values: Int32Array.from(codes), valid: null, dict });

describe('hashRows', () => {
  it('hashes a string by its text, whatever its code or dictionary', () => {
    const a = hashRows([strings(['x', 'y', 'z'], [2, 0])], 2);
    const b = hashRows([strings(['z', 'x'], [0, 1])], 2);
    expect([...a]).toEqual([...b]);
    expect(a[0]).not.toBe(a[1]);
  });

  it('sees entries appended to a dictionary shared by batches (as a scan grows it)', () => {
    const dict = ['a', 'b'];
    const first = hashRows([strings(dict, [0, 1])], 2);
    for (let i = 0; i < 100; i++) dict.push(`s${i}`);
    const second = hashRows([strings(dict, [101, 0, 50])], 3);
    const fresh = hashRows([strings(['s99', 'a', 's48'], [0, 1, 2])], 3);
    expect([...second]).toEqual([...fresh]);
    expect(second[1]).toBe(first[0]);
  });

  it('hashes numbers by value: an int64 as a bigint like the same double; null keys as one value', () => {
    const big: Column = { dtype: 'int64', length: 2, values: BigInt64Array.from([7n, -3n]), valid: null };
    const dbl: Column = { dtype: 'float64', length: 2, values: Float64Array.from([7, -3]), valid: null };
    expect([...hashRows([big], 2)]).toEqual([...hashRows([dbl], 2)]);
    const nulls: Column = { dtype: 'float64', length: 2, values: Float64Array.from([1, 2]), valid: Uint8Array.from([0, 0]) };
    const h = hashRows([nulls], 2);
    expect(h[0]).toBe(h[1]);
  });
});
