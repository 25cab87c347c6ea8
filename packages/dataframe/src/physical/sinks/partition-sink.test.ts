import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { valueAt, type Column } from '../../kernels/column.js';
import { bucketsOf } from '../../kernels/hash-partition.js';
import type { Field } from '../../types/dtype.js';
import type { PartitionedRows, Sink } from '../pipeline-spec.js';
import { readRowChunk, type RowChunk } from '../row-chunk.js';
import { Rng } from '../../testing/random-csv.js';
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
    expect(readdirSync(spillDir)).toEqual(['x-m4.spill']);
    const ranges = out.buckets.map((c) => (c as Extract<RowChunk, { kind: 'file' }>).range!);
    expect(ranges[0][0]).toBe(0);
    expect(ranges[1][0]).toBe(ranges[0][1]);
    expect(ranges[1][0] + ranges[1][1]).toBe(statSync(join(spillDir, 'x-m4.spill')).size);
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

  it('a group top that checks each batch against the values of the rows before it gives the first n of each key (seeded: ties, null keys, null and NaN values, both orders)', () => {
    const col = (xs: (number | null)[]): Column => ({ dtype: 'float64', length: xs.length, values: Float64Array.from(xs, (x) => x ?? 0), valid: xs.some((x) => x === null) ? Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) : null });
    // text keys: each batch with a dictionary of its own, its strings in another order
    const textCol = (xs: (number | null)[], r: Rng): Column => {
      const dict = [...new Set(xs.filter((x) => x !== null))].map((x) => `key${x}`).sort(() => r.float() - 0.5);
      return { dtype: 'string', length: xs.length, values: Int32Array.from(xs, (x) => (x === null ? 0 : dict.indexOf(`key${x}`))), valid: xs.some((x) => x === null) ? Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) : null, dict };
    };
    for (let seed = 1; seed <= 40; seed++) {
      const r = new Rng(seed);
      const text = seed % 2 === 0;
      const topFields: Field[] = [{ name: 'k', dtype: text ? 'string' : 'int64' }, { name: 'v', dtype: 'float64' }, { name: 'id', dtype: 'int64' }];
      const n = r.int(1, 3);
      const descending = r.chance(0.5);
      const keepNullKeys = r.chance(0.5);
      const rows = r.int(50, 400);
      const ks = Array.from({ length: rows }, () => (r.chance(0.05) ? null : r.int(0, r.int(1, 30))));
      // few distinct values (ties), sometimes a null or a NaN (a batch with one is let through whole)
      const vs = Array.from({ length: rows }, () => (r.chance(0.02) ? null : r.chance(0.01) ? Number.NaN : r.int(0, 12)));
      const sink = partitionSink({ kind: 'partition', fields: topFields, keys: ['k'], p: 1, spill: { dir, name: 'top', threshold: Number.MAX_SAFE_INTEGER }, top: { keys: ['k'], keyTypes: [text ? 'string' : 'int64'], keepNullKeys, by: [{ expr: { kind: 'col', name: 'v' }, descending }], nullsLast: true, n, cutRows: r.pick([4, 16, 64]) } }, 0);
      for (let at = 0; at < rows;) {
        const to = Math.min(rows, at + r.int(1, 40));
        const ids = Array.from({ length: to - at }, (_, i) => at + i);
        const k = text ? textCol(ks.slice(at, to), r) : { ...col(ks.slice(at, to)), dtype: 'int64' as const };
        sink.push({ length: ids.length, columns: new Map([['k', k], ['v', col(vs.slice(at, to))], ['id', num(ids)]]) });
        at = to;
      }
      const out = sink.finish() as PartitionedRows;
      const cols = readRowChunk(out.buckets[0], topFields);
      const got = Array.from({ length: out.buckets[0].length }, (_, i) => valueAt(cols[2], i) as number);
      // the reference: each key's rows sorted by value (nulls last, then NaN as the sort puts it), ties in input order, its first n; in input order
      const rank = (x: number | null): number => (x === null ? Infinity : Number.isNaN(x) ? (descending ? -Infinity : Infinity) : descending ? -x : x);
      const byKey = new Map<number | null, number[]>();
      ks.forEach((k, id) => { if (k !== null || keepNullKeys) byKey.set(k, [...(byKey.get(k) ?? []), id]); });
      const want = [...byKey.values()].flatMap((ids) => [...ids].sort((a, b) => rank(vs[a]) - rank(vs[b]) || a - b).slice(0, n)).sort((a, b) => a - b);
      expect(got, `seed ${seed}`).toEqual(want);
    }
  });
});
