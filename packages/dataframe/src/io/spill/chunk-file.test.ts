import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { valueAt, type Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import { readChunkFile, SpillError, writeChunkFile } from './chunk-file.js';


const dir = mkdtempSync(join(tmpdir(), 'floe-chunk-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const values = (c: Column): unknown[] => Array.from({ length: c.length }, (_, i) => valueAt(c, i));

function roundTrip(fields: Field[], columns: Column[], name: string): Column[] {
  const path = join(dir, `${name}.spill`);
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

  it('round-trip bools, dates, an empty chunk, and 600 columns (more arrays than one write call takes)', () => {
    const b: Column = { dtype: 'bool', length: 5, values: Uint8Array.of(1, 0, 0, 1, 1), valid: Uint8Array.of(1, 1, 0, 1, 1) };
    const d: Column = { dtype: 'date', length: 5, values: Int32Array.of(-1, 0, 19_000, 2, 3), valid: null };
    const back = roundTrip([{ name: 'b', dtype: 'bool' }, { name: 'd', dtype: 'date' }], [b, d], 'bool');
    expect(back.map(values)).toEqual([[true, false, null, true, true], [-1, 0, 19_000, 2, 3]]);
    const empty = roundTrip([{ name: 's', dtype: 'string' }], [{ dtype: 'string', length: 0, values: new Int32Array(0), valid: null, dict: [] }], 'empty');
    expect([empty[0].length, values(empty[0])]).toEqual([0, []]);
    const many = Array.from({ length: 600 }, (_, k): Column => ({ dtype: 'float64', length: 3, values: Float64Array.of(k, k + 0.5, -k), valid: Uint8Array.of(1, k % 2, 1) }));
    const wide = roundTrip(many.map((_, k) => ({ name: `c${k}`, dtype: 'float64' })), many, 'wide600');
    expect(wide.map(values)).toEqual(many.map(values));
  });

  it('a file that is not a floe chunk, of another layout version, cut short, or of other rows, columns or kinds: a SpillError saying which', () => {
    const fields: Field[] = [{ name: 'v', dtype: 'float64' }, { name: 's', dtype: 'string' }];
    const cols: Column[] = [
      { dtype: 'float64', length: 4, values: Float64Array.of(1, 2, 3, 4), valid: null },
      { dtype: 'string', length: 4, values: Int32Array.of(0, 1, 1, 0), valid: null, dict: ['a', 'b'] },
    ];
    const path = join(dir, 'checked.spill');
    writeChunkFile(path, fields, cols);
    const good = readFileSync(path);
    const broken = (edit: (b: Buffer) => Buffer): (() => Column[]) => () => { writeFileSync(path, edit(Buffer.from(good))); return readChunkFile(path, fields, 4); };
    const word = (k: number, v: number) => (b: Buffer) => { b.writeInt32LE(v, 4 * k); return b; };
    expect(broken((b) => b)().map(values)).toEqual(cols.map(values));
    expect(broken((b) => b.fill(0x41))).toThrow(/checked\.spill is corrupt: not a floe spill file/);
    expect(broken(word(1, 99))).toThrow(/written by another version of floe \(layout 99/);
    expect(broken((b) => b.subarray(0, b.length - 9))).toThrow(/is corrupt: cut short/);
    expect(() => readChunkFile(path, fields, 5)).toThrow(/expected 5 rows of 2 columns, found 4 of 2/);
    // column 1 said to be strings: the kinds are checked against the fields
    expect(broken(word(4, 5))).toThrow(/column 1 \(float64\) was written as kind 5/);
    // a code past the dictionary (the last row's code, at the end of the codes)
    const codesEnd = good.indexOf(Buffer.from(Int32Array.of(0, 1, 1, 0).buffer)) + 12;
    expect(broken((b) => { b.writeInt32LE(7, codesEnd); return b; })).toThrow(/code 7 of a dictionary of 2 entries/);
    expect(broken(word(1, 99))).toThrow(SpillError);
  });
});
