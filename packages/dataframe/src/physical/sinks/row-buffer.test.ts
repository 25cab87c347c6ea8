import { describe, expect, it } from 'vitest';
import { valueAt, type Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import { RowBuffer } from './row-buffer.js';

const fields: Field[] = [{ name: 'a', dtype: 'int64' }, { name: 's', dtype: 'string' }];
const batch = (as: (number | null)[], ss: string[]) => ({
  length: as.length,
  columns: new Map<string, Column>([
    ['a', { dtype: 'int64', length: as.length, values: Float64Array.from(as, (x) => x ?? 0), valid: Uint8Array.from(as, (x) => (x === null ? 0 : 1)) }],
    ['s', { dtype: 'string', length: ss.length, values: Int32Array.from(ss, (_, i) => i), valid: null, dict: ss }],
  ]),
});
const rowsOf = (cols: Column[]): unknown[][] => Array.from({ length: cols[0].length }, (_, i) => cols.map((c) => valueAt(c, i)));

describe('row buffer', () => {
  it('concatenates all rows, or the selected rows, of its batches in order', () => {
    const buf = new RowBuffer(fields);
    buf.add(batch([1, null], ['x', 'y']));
    buf.add(batch([3, 4, 5], ['p', 'q', 'r']), Int32Array.of(2, 0));
    expect(buf.length).toBe(4);
    expect(rowsOf(buf.columns())).toEqual([[1, 'x'], [null, 'y'], [5, 'r'], [3, 'p']]);
  });

  it('keeps a copy of exactly the batch rows: a scan that reuses its buffers does not change them', () => {
    const buf = new RowBuffer(fields);
    // a reused scan buffer: longer than the batch, overwritten by the next batch
    const b = batch([1, 2, 3, 4], ['x', 'y', 'z', 'w']);
    const short = { length: 2, columns: b.columns };
    buf.add(short);
    (b.columns.get('a')!.values as Float64Array).fill(9);
    (b.columns.get('a')!.valid as Uint8Array).fill(0);
    const cols = buf.columns();
    expect(cols.map((c) => [c.length, c.values.length])).toEqual([[2, 2], [2, 2]]);
    expect(rowsOf(cols)).toEqual([[1, 'x'], [2, 'y']]);
  });

  it('takes an empty batch, even one without columns, as no rows', () => {
    const buf = new RowBuffer(fields);
    buf.add({ length: 0, columns: new Map() });
    buf.add(batch([7], ['q']), new Int32Array(0));
    expect(buf.length).toBe(0);
    expect(buf.columns().map((c) => c.length)).toEqual([0, 0]);
  });

  it('hands its rows over on columns() and starts empty again', () => {
    const buf = new RowBuffer(fields);
    buf.add(batch([1], ['x']));
    expect(rowsOf(buf.columns())).toEqual([[1, 'x']]);
    expect(buf.columns().map((c) => c.length)).toEqual([0, 0]);
    buf.add(batch([2], ['y']));
    expect(rowsOf(buf.columns())).toEqual([[2, 'y']]);
  });
});
