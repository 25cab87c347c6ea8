import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { valueAt, type Column } from '../../kernels/column.js';
import { bucketsOf } from '../../kernels/hash-partition.js';
import type { Field } from '../../types/dtype.js';
import type { PartitionedRows, Sink } from '../pipeline-spec.js';
import { readRowChunk, type RowChunk } from '../row-chunk.js';
import { partitionSink } from './partition-sink.js';


const dir = mkdtempSync(join(tmpdir(), 'floe-partsink-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fields: Field[] = [{ name: 'k', dtype: 'int64' }, { name: 'id', dtype: 'int64' }];
const num = (xs: number[]): Column => ({ dtype: 'int64', length: xs.length, values: Float64Array.from(xs), valid: null });
const batch = (ks: number[], firstId: number) => ({ length: ks.length, columns: new Map([['k', num(ks)], ['id', num(ks.map((_, i) => firstId + i))]]) });

const spec = (p: number, threshold: number, spillDir = dir): Extract<Sink, { kind: 'partition' }> => ({
  kind: 'partition', fields, keys: ['k'], p, spill: { dir: spillDir, name: 'x', threshold },
});

/** Each bucket's ids, in order. */
const bucketIds = (out: PartitionedRows): number[][] => out.buckets.map((c) => {
  const cols = readRowChunk(c, fields);
  return Array.from({ length: c.length }, (_, i) => valueAt(cols[1], i) as number);
});

describe('partition sink', () => {
  const keys = Array.from({ length: 40 }, (_, i) => (i * 7) % 13);

  it('sends each row to the bucket of its key hash, keeping input order within a bucket', () => {
    const sink = partitionSink(spec(3, Number.MAX_SAFE_INTEGER), 0);
    expect(sink.push(batch(keys.slice(0, 25), 0))).toBe(true);
    expect(sink.push(batch([], 25))).toBe(true);
    expect(sink.push(batch(keys.slice(25), 25))).toBe(true);
    const out = sink.finish() as PartitionedRows;
    expect(out.kind).toBe('partitioned');
    const b = bucketsOf([num(keys)], keys.length, 3);
    const want = [0, 1, 2].map((i) => keys.map((_, id) => id).filter((id) => b[id] === i));
    expect(want.filter((ids) => ids.length > 0).length).toBeGreaterThan(1); // the keys do spread
    expect(bucketIds(out)).toEqual(want);
    expect(out.buckets.every((c) => c.kind === 'mem')).toBe(true);
  });

  it('keeps every row, in order, in its one bucket when p is 1', () => {
    const sink = partitionSink(spec(1, Number.MAX_SAFE_INTEGER), 0);
    expect(sink.push(batch(keys.slice(0, 10), 0))).toBe(true);
    expect(sink.push(batch(keys.slice(10), 10))).toBe(true);
    expect(bucketIds(sink.finish() as PartitionedRows)).toEqual([keys.map((_, id) => id)]);
  });

  it('spills the buckets over the threshold into one file of the task, each at its byte range', () => {
    const spillDir = mkdtempSync(join(dir, 'spill-'));
    const sink = partitionSink(spec(2, 0, spillDir), 4);
    sink.push(batch(keys, 0));
    const out = sink.finish() as PartitionedRows;
    expect(out.buckets.map((c) => c.kind)).toEqual(['file', 'file']);
    expect(readdirSync(spillDir)).toEqual(['x-m4.arrow']);
    const ranges = out.buckets.map((c) => (c as Extract<RowChunk, { kind: 'file' }>).range!);
    expect(ranges[0][0]).toBe(0);
    expect(ranges[1][0]).toBe(ranges[0][1]);
    expect(ranges[1][0] + ranges[1][1]).toBe(statSync(join(spillDir, 'x-m4.arrow')).size);
    const b = bucketsOf([num(keys)], keys.length, 2);
    expect(bucketIds(out)).toEqual([0, 1].map((i) => keys.map((_, id) => id).filter((id) => b[id] === i)));
  });

  it('with a group top, only the first n rows of each key in sort order cross, in input order, also when cut on the way', () => {
    const top = { keys: ['k'], keyTypes: ['int64' as const], keepNullKeys: false, by: [{ expr: { kind: 'col' as const, name: 'id' }, descending: true }], nullsLast: true, n: 2 };
    for (const cutRows of [8, 1 << 20]) {
      const sink = partitionSink({ ...spec(3, Number.MAX_SAFE_INTEGER), top: { ...top, cutRows } }, 0);
      for (let at = 0; at < keys.length; at += 10) sink.push(batch(keys.slice(at, at + 10), at));
      const out = sink.finish() as PartitionedRows;
      // per key, its two largest ids; each in its key's bucket, in input (id) order
      const last2 = (k: number): number[] => keys.map((_, id) => id).filter((id) => keys[id] === k).slice(-2);
      const kept = new Set([...new Set(keys)].flatMap(last2));
      const b = bucketsOf([num(keys)], keys.length, 3);
      expect(bucketIds(out), `cutRows ${cutRows}`).toEqual([0, 1, 2].map((i) => keys.map((_, id) => id).filter((id) => kept.has(id) && b[id] === i)));
    }
  });
});
