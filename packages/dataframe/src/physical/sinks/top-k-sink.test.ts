import { describe, expect, it } from 'vitest';
import { valueAt, type Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import type { CollectedRows, Sink } from '../pipeline-spec.js';
import { topKSink } from './top-k-sink.js';

const fields: Field[] = [{ name: 'k', dtype: 'int64' }, { name: 'id', dtype: 'int64' }];

function batch(ks: number[], firstId: number): { length: number; columns: Map<string, Column> } {
  const n = ks.length;
  return {
    length: n,
    columns: new Map<string, Column>([
      ['k', { dtype: 'int64', length: n, values: Float64Array.from(ks), valid: null }],
      ['id', { dtype: 'int64', length: n, values: Float64Array.from(ks, (_, i) => firstId + i), valid: null }],
    ]),
  };
}

const spec = (k: number, descending: boolean): Extract<Sink, { kind: 'topk' }> => ({
  kind: 'topk', fields, by: [{ expr: { kind: 'col', name: 'k' }, descending }], nullsLast: true, k,
});

const ids = (out: CollectedRows): number[] => Array.from({ length: out.length }, (_, i) => valueAt(out.columns[1], i) as number);

describe('top-k sink', () => {
  it('keeps the first k rows in sort order, ties in input order', () => {
    const sink = topKSink(spec(3, true));
    expect(sink.push(batch([1, 5, 3], 0))).toBe(true);
    expect(sink.push(batch([5, 2, 3], 3))).toBe(true);
    const out = sink.finish() as CollectedRows;
    expect(out.kind).toBe('collect');
    expect(out.length).toBe(3);
    expect(ids(out)).toEqual([1, 3, 2]);
  });

  it('returns all rows, sorted, when there are fewer than k', () => {
    const sink = topKSink(spec(10, false));
    sink.push(batch([2, 0, 1], 0));
    expect(ids(sink.finish() as CollectedRows)).toEqual([1, 2, 0]);
  });

  it('gives the same rows when the buffer is cut back to k on the way (past 64k rows)', () => {
    // 100k rows with keys cycling over 0..999: the best 5 ascending are the first five rows of key 0
    const sink = topKSink(spec(5, false));
    const n = 100_000;
    for (let lo = 0; lo < n; lo += 10_000) sink.push(batch(Array.from({ length: 10_000 }, (_, i) => (lo + i) % 1000), lo));
    const out = sink.finish() as CollectedRows;
    expect(ids(out)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(Array.from(out.columns[0].values as Float64Array)).toEqual([0, 0, 0, 0, 0]);
  });
});
