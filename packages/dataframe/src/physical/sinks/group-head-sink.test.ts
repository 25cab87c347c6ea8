import { describe, expect, it } from 'vitest';
import { valueAt, type Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import type { CollectedRows, Sink } from '../pipeline-spec.js';
import { groupHeadSink } from './group-head-sink.js';

const fields: Field[] = [{ name: 'k', dtype: 'int64' }, { name: 'id', dtype: 'int64' }];

function batch(ks: (number | null)[], firstId: number): { length: number; columns: Map<string, Column> } {
  const n = ks.length;
  return {
    length: n,
    columns: new Map<string, Column>([
      ['k', { dtype: 'int64', length: n, values: Float64Array.from(ks, (k) => k ?? 0), valid: Uint8Array.from(ks, (k) => (k === null ? 0 : 1)) }],
      ['id', { dtype: 'int64', length: n, values: Float64Array.from(ks, (_, i) => firstId + i), valid: null }],
    ]),
  };
}

const spec = (n: number, keepNullKeys = false): Extract<Sink, { kind: 'groupHead' }> => ({
  kind: 'groupHead', fields, keys: [{ kind: 'col', name: 'k' }], keyTypes: ['int64'], n, keepNullKeys,
});

const column = (out: CollectedRows, k: number): (number | null)[] => Array.from({ length: out.length }, (_, i) => valueAt(out.columns[k], i) as number | null);

describe('group head sink', () => {
  it('keeps the first n rows of each key, over batches, sorted by key ascending (a group keeps input order)', () => {
    const sink = groupHeadSink(spec(2), 0);
    expect(sink.push(batch([3, 1, 3, 2, 3], 0))).toBe(true);
    expect(sink.push(batch([1, 1, 2, 3], 5))).toBe(true);
    const out = sink.finish() as CollectedRows;
    expect(out.kind).toBe('collect');
    expect(column(out, 0)).toEqual([1, 1, 2, 2, 3, 3]);
    expect(column(out, 1)).toEqual([1, 5, 3, 7, 0, 2]);
  });

  it('drops rows with a null key unless null keys are kept', () => {
    const drop = groupHeadSink(spec(1), 0);
    drop.push(batch([null, 2, null, 1], 0));
    expect(column(drop.finish() as CollectedRows, 1)).toEqual([3, 1]);
    const keep = groupHeadSink(spec(1, true), 0);
    keep.push(batch([null, 2, null, 1], 0));
    const kept = keep.finish() as CollectedRows;
    // a null key is one group, sorted last
    expect(column(kept, 0)).toEqual([1, 2, null]);
    expect(column(kept, 1)).toEqual([3, 1, 0]);
  });

  it('takes an empty batch as no rows, not as the end of the input', () => {
    const sink = groupHeadSink(spec(1), 0);
    expect(sink.push(batch([], 0))).toBe(true);
    sink.push(batch([4, 4], 0));
    expect(column(sink.finish() as CollectedRows, 1)).toEqual([0]);
  });

  it('counts rows per key past thousands of keys in one batch (its per-key counts grow)', () => {
    // 5000 keys, each three times in one batch, then once more: the first two of each are kept
    const keys = Array.from({ length: 15_000 }, (_, i) => i % 5000);
    const sink = groupHeadSink(spec(2), 0);
    sink.push(batch(keys, 0));
    sink.push(batch(Array.from({ length: 5000 }, (_, i) => i), 15_000));
    const out = sink.finish() as CollectedRows;
    expect(out.length).toBe(10_000);
    expect(column(out, 1)).toEqual(Array.from({ length: 5000 }, (_, k) => [k, k + 5000]).flat());
  });
});
