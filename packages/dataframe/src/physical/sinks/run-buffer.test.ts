import { describe, expect, it, vi } from 'vitest';
import { valueAt, type Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import { RunBuffer } from './run-buffer.js';

const fields: Field[] = [{ name: 'a', dtype: 'int64' }, { name: 's', dtype: 'string' }];
const scanDict = ['x', 'y', 'z'];
/** A batch as a scan makes it: `s` codes into `dict` (the scan's, shared), `a` with nulls where null. */
const batch = (as: (number | bigint | null)[], codes: number[], dict: readonly string[] = scanDict) => ({
  length: as.length,
  columns: new Map<string, Column>([
    ['a', {
      dtype: 'int64',
      length: as.length,
      values: as.some((x) => typeof x === 'bigint') ? BigInt64Array.from(as, (x) => BigInt(x ?? 0)) : Float64Array.from(as, (x) => Number(x ?? 0)),
      valid: as.includes(null) ? Uint8Array.from(as, (x) => (x === null ? 0 : 1)) : null,
    }],
    ['s', { dtype: 'string', length: codes.length, values: Int32Array.from(codes), valid: null, dict }],
  ]),
});
const rowsOf = (cols: Column[]): unknown[][] => Array.from({ length: cols[0].length }, (_, i) => cols.map((c) => valueAt(c, i)));

describe('run buffer', () => {
  it('copies the batches once into one array a column, nulls from the first batch that has any', () => {
    const buf = new RunBuffer(fields);
    buf.add(batch([1, 2], [0, 1]));
    buf.add(batch([null, 4, null], [2, 2, 0]));
    buf.add(batch([6], [1]));
    const cols = buf.take();
    expect(cols[1].dict).toBe(scanDict);
    expect(rowsOf(cols)).toEqual([[1, 'x'], [2, 'y'], [null, 'z'], [4, 'z'], [null, 'x'], [6, 'y']]);
    buf.release();
  });

  it('keeps a copy: a scan that reuses its buffers does not change the rows, and grows past its first arrays', () => {
    const buf = new RunBuffer(fields);
    const want: unknown[][] = [];
    const b = batch(Array.from({ length: 700 }, (_, i) => i), Array.from({ length: 700 }, (_, i) => i % 3));
    for (let r = 0; r < 5; r++) {
      (b.columns.get('a')!.values as Float64Array).forEach((_, i, v) => { v[i] = r * 1000 + i; });
      buf.add(b);
      for (let i = 0; i < 700; i++) want.push([r * 1000 + i, scanDict[i % 3]]);
    }
    (b.columns.get('a')!.values as Float64Array).fill(-1);
    expect(rowsOf(buf.take())).toEqual(want);
    buf.release();
  });

  it('sizes its first arrays to the rows it is told to expect, and grows past them', () => {
    // a buffer of its own (another alive holds the thread's), so none lent from an earlier test
    const holder = new RunBuffer(fields);
    const buf = new RunBuffer(fields, 5000);
    try {
      const b = batch(Array.from({ length: 700 }, (_, i) => i), Array.from({ length: 700 }, (_, i) => i % 3));
      for (let r = 0; r < 5; r++) buf.add(b);
      const cols = buf.take();
      // 3500 rows in arrays of the hinted 5000, not grown 700 → 1050 → …
      expect(cols[0].values.buffer.byteLength).toBe(5000 * 8);
      expect((cols[1].values as Int32Array).buffer.byteLength).toBe(5000 * 4);
      for (let r = 0; r < 3; r++) buf.add(b);
      const grown = buf.take();
      expect(grown[0].length).toBe(5600);
      expect(rowsOf(grown).slice(5595)).toEqual([695, 696, 697, 698, 699].map((i) => [i, scanDict[i % 3]]));
    } finally {
      buf.release();
      holder.release();
    }
  });

  it('lends its arrays to the next run once released, and another buffer alive meanwhile gets arrays of its own', () => {
    const first = new RunBuffer(fields);
    first.add(batch([1, 2, 3], [0, 1, 2]));
    const a = first.take();
    // a second buffer while the first holds the thread's arrays
    const second = new RunBuffer(fields);
    second.add(batch([7, 8, 9], [2, 2, 2]));
    const b = second.take();
    expect(b[0].values.buffer).not.toBe(a[0].values.buffer);
    expect(rowsOf(a)).toEqual([[1, 'x'], [2, 'y'], [3, 'z']]);
    second.release();
    first.release();
    const third = new RunBuffer(fields);
    third.add(batch([5], [1]));
    const c = third.take();
    expect(c[0].values.buffer).toBe(a[0].values.buffer);
    expect(rowsOf(c)).toEqual([[5, 'y']]);
    third.release();
  });

  it('lets the arrays go when no run borrows them for a second', () => {
    vi.useFakeTimers();
    try {
      const first = new RunBuffer(fields);
      first.add(batch([1], [0]));
      const a = first.take();
      first.release();
      vi.advanceTimersByTime(500);
      const again = new RunBuffer(fields);
      again.add(batch([2], [1]));
      expect(again.take()[0].values.buffer).toBe(a[0].values.buffer);
      again.release();
      vi.advanceTimersByTime(1000);
      const later = new RunBuffer(fields);
      later.add(batch([3], [2]));
      expect(later.take()[0].values.buffer).not.toBe(a[0].values.buffer);
      later.release();
    } finally {
      vi.useRealTimers();
    }
  });

  it('falls back to parts for a column whose batches disagree: another dictionary, or int64 past 2^53 after safe values', () => {
    const buf = new RunBuffer(fields);
    buf.add(batch([1, 2], [0, 1]));
    buf.add(batch([2n ** 60n, null], [1, 0], ['p', 'q']));
    buf.add(batch([3], [2]));
    const cols = buf.take();
    expect(cols[0].values).toBeInstanceOf(BigInt64Array);
    expect(rowsOf(cols)).toEqual([[1, 'x'], [2, 'y'], [2n ** 60n, 'q'], [null, 'p'], [3, 'z']]);
    buf.release();
  });

  it('takes an empty batch, even one without columns, as no rows', () => {
    const buf = new RunBuffer(fields);
    buf.add({ length: 0, columns: new Map() });
    expect(buf.length).toBe(0);
    buf.release();
  });
});
