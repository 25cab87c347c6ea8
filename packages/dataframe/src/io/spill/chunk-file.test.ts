import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { valueAt, type Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import { readChunkFile, writeChunkFile } from './chunk-file.js';


const dir = mkdtempSync(join(tmpdir(), 'floe-chunk-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const values = (c: Column): unknown[] => Array.from({ length: c.length }, (_, i) => valueAt(c, i));

function roundTrip(fields: Field[], columns: Column[], name: string): Column[] {
  const path = join(dir, `${name}.arrow`);
  writeChunkFile(path, fields, columns);
  return readChunkFile(path, fields, columns[0].length);
}

describe('spill chunk files', () => {
  it('round-trip int64 exactly: negatives, the ±(2^53 - 1) edges, and bigints beyond', () => {
    const small = [0, -1, 1, 4_294_967_296, -4_294_967_297, 9007199254740991, -9007199254740991, 123_456_789_012];
    const a: Column = { dtype: 'int64', length: small.length, values: Float64Array.from(small), valid: null };
    const [back] = roundTrip([{ name: 'a', dtype: 'int64' }], [a], 'int');
    expect(back.dtype).toBe('int64');
    expect(back.values).toBeInstanceOf(Float64Array);
    expect(Array.from(back.values as Float64Array)).toEqual(small);
    const wide = [2n ** 60n, -(2n ** 53n), 5n];
    const b: Column = { dtype: 'int64', length: 3, values: BigInt64Array.from(wide), valid: Uint8Array.of(1, 1, 0) };
    const [backWide] = roundTrip([{ name: 'b', dtype: 'int64' }], [b], 'wide');
    expect(values(backWide)).toEqual([2n ** 60n, -(2n ** 53n), null]);
  });

  it('round-trip nulls at every position of whole and partial bitmap bytes, in every kind of column', () => {
    const n = 21;
    const valid = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 || i === 8 || i === 20 ? 0 : 1));
    const cols: Column[] = [
      { dtype: 'int64', length: n, values: Float64Array.from({ length: n }, (_, i) => i * 7 - 40), valid },
      { dtype: 'float64', length: n, values: Float64Array.from({ length: n }, (_, i) => i / 4), valid },
      { dtype: 'date', length: n, values: Int32Array.from({ length: n }, (_, i) => 19000 + i), valid },
      { dtype: 'string', length: n, values: Int32Array.from({ length: n }, (_, i) => i % 2), valid, dict: ['a', 'b'] },
    ];
    const fields: Field[] = cols.map((c, k) => ({ name: `c${k}`, dtype: c.dtype }));
    const back = roundTrip(fields, cols, 'nulls');
    back.forEach((c, k) => {
      expect(c.dtype).toBe(cols[k].dtype);
      expect(values(c)).toEqual(values(cols[k]));
    });
  });

  it('round-trip timestamps exactly (microsecond fractions of the millisecond kept) and strings with multi-byte characters', () => {
    const t: Column = { dtype: 'timestamp', length: 4, values: Float64Array.of(-86_400_000.4, 0, 1_700_000_000_123, 0.6), valid: null };
    const s: Column = { dtype: 'string', length: 4, values: Int32Array.of(2, 0, 1, 0), valid: Uint8Array.of(1, 1, 1, 0), dict: ['plain', 'größe 😀', ''] };
    const [bt, bs] = roundTrip([{ name: 't', dtype: 'timestamp' }, { name: 's', dtype: 'string' }], [t, s], 'ts');
    expect(Array.from(bt.values as Float64Array)).toEqual([-86_400_000.4, 0, 1_700_000_000_123, 0.6]);
    expect(values(bs)).toEqual(['', 'plain', 'größe 😀', null]);
  });
});
