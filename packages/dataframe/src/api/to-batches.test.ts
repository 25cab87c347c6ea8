/** toBatches(): Arrow RecordBatches in row order, streamed partition by partition; early break and errors. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Executor } from '@floe/scheduler';
import { Table as ArrowTable, type RecordBatch } from 'apache-arrow';
import { describe, expect, test } from 'vitest';
import { col, fromColumns, readParquet, type DataFrame } from '../index.js';
import { defaultExecutor } from '../physical/default-executor.js';
import { readCsvAnyBlocksize } from './read-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-batches-'));
// quoted newlines make some byte ranges guess their first row wrong (re-run on the driver)
const lines = Array.from({ length: 6000 }, (_, i) => `${i},${i % 5 === 0 ? `"note\nline ${i}"` : `n${i % 13}`},${(i * 7) % 1000},2024-01-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00.${String(i % 1_000_000).padStart(6, '0')}`);
writeFileSync(join(dir, 'a.csv'), `id,note,v,ts\n${lines.slice(0, 3500).join('\n')}\n`);
writeFileSync(join(dir, 'b.csv'), `id,note,v,ts\n${lines.slice(3500).join('\n')}\n`);
const frame = (): DataFrame => readCsvAnyBlocksize(join(dir, '*.csv'), { parseDates: ['ts'], blocksize: 8 * 1024 });

async function drain(it: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of it) out.push(b);
  return out;
}
const rowsOf = (batches: RecordBatch[]): unknown[] => [...new ArrowTable(batches)].map((r) => r.toJSON());

/** The default pool, counting the tasks it was given and the ones that have settled. */
function countingExecutor(): Executor & { started: number; settled: number; aborted: number } {
  const inner = defaultExecutor();
  const ex = {
    concurrency: 2,
    started: 0,
    settled: 0,
    aborted: 0,
    run(call: Parameters<Executor['run']>[0], signal?: AbortSignal) {
      ex.started++;
      signal?.addEventListener('abort', () => { ex.aborted++; }, { once: true });
      return inner.run(call, signal).finally(() => { ex.settled++; });
    },
    close: async () => {},
  };
  return ex;
}

describe('toBatches()', () => {
  test('a filtered, projected scan streams in row order with the same rows as compute()', async () => {
    const q = frame().filter(col('v').gt(100)).select('id', 'note', 'v', 'ts');
    expect(q.npartitions).toBeGreaterThan(10);
    const batches = await drain(q.toBatches());
    expect(batches.length).toBeGreaterThan(10); // one or more per partition, not one whole table
    expect(rowsOf(batches)).toEqual([...(await q.compute()).toArrow()].map((r) => r.toJSON()));
    const ids = batches.flatMap((b) => Array.from(b.getChild('id')!.toArray() as BigInt64Array, Number));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(ids.length).toBe(lines.filter((_, i) => (i * 7) % 1000 > 100).length);
  });

  test('a result of no rows is one empty batch with the schema (none came: new Table(batches) had no columns)', async () => {
    for (const q of [frame().filter(col('v').lt(-1)).select('id', 'note'), frame().filter(col('v').lt(-1)).groupBy('note').agg(col('v').sum().alias('s'))]) {
      const batches = await drain(q.toBatches());
      expect(batches.map((b) => b.numRows)).toEqual([0]);
      expect(new ArrowTable(batches).schema.fields.map((f) => f.name)).toEqual(q.columns);
    }
  });

  test('batchSize bounds every batch', async () => {
    const batches = await drain(frame().toBatches({ batchSize: 100 }));
    expect(Math.max(...batches.map((b) => b.numRows))).toBeLessThanOrEqual(100);
    expect(batches.reduce((n, b) => n + b.numRows, 0)).toBe(6000);
    await expect(drain(frame().toBatches({ batchSize: 0 }))).rejects.toThrow(/batchSize must be a positive integer, got 0/);
  });

  test('an aggregate and a sort hand out their final table in batches', async () => {
    const agg = frame().groupBy('note').agg(col('v').sum().alias('s')).sort('note');
    expect(rowsOf(await drain(agg.toBatches()))).toEqual([...(await agg.compute()).toArrow()].map((r) => r.toJSON()));
    const sorted = frame().sort('v', { descending: true }).select('id', 'v');
    const batches = await drain(sorted.toBatches({ batchSize: 1000 }));
    expect(batches.map((b) => b.numRows)).toEqual([1000, 1000, 1000, 1000, 1000, 1000]);
    expect(rowsOf(batches)).toEqual([...(await sorted.compute()).toArrow()].map((r) => r.toJSON()));
  });

  test('Parquet streams by row group, strings with one schema across batches', async () => {
    const lake = mkdtempSync(join(tmpdir(), 'floe-batches-pq-'));
    await frame().writeParquet(lake);
    const q = readParquet(join(lake, '*.parquet')).filter(col('v').lt(500)).select('id', 'note');
    const batches = await drain(q.toBatches());
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.every((b) => b.schema.fields[1].type === batches[0].schema.fields[1].type)).toBe(true);
    expect(rowsOf(batches)).toEqual([...(await q.compute()).toArrow()].map((r) => r.toJSON()));
  });

  test('in-memory frames stream too', async () => {
    const df = fromColumns({ k: Array.from({ length: 5000 }, (_, i) => i) }, { blocksize: 4096 });
    const batches = await drain(df.filter(col('k').mod(2).eq(0)).toBatches());
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flatMap((b) => Array.from(b.getChild('k')!.toArray() as BigInt64Array, Number))).toEqual(Array.from({ length: 2500 }, (_, i) => 2 * i));
  });

  test('an early break stops the remaining partitions and leaves no task running', async () => {
    const executor = countingExecutor();
    const q = frame();
    let seen = 0;
    for await (const b of q.toBatches({ executor })) {
      seen += b.numRows;
      if (seen > 0) break;
    }
    expect(seen).toBeGreaterThan(0);
    // the loop's return() waited for the tasks in flight: none is still running
    expect(executor.settled).toBe(executor.started);
    expect(executor.aborted).toBe(executor.started); // each task's signal was aborted (a no-op for a finished one)
    // never more than the window ahead: most partitions were never started
    expect(executor.started).toBeLessThanOrEqual(3);
    expect(q.npartitions).toBeGreaterThan(10);
    // the shared pool still works afterwards
    expect(await q.count()).toBe(6000);
  });

  test('a data error surfaces from the iterator, after the batches before it', async () => {
    const bad = [...lines.slice(0, 3500)];
    bad[3000] = '3000,x,not-a-number,2024-01-01 00:00:00';
    const d = mkdtempSync(join(tmpdir(), 'floe-batches-bad-'));
    writeFileSync(join(d, 'a.csv'), `id,note,v,ts\n${bad.join('\n')}\n`);
    const q = readCsvAnyBlocksize(join(d, 'a.csv'), { parseDates: ['ts'], blocksize: 8 * 1024, sampleSize: 1024 });
    let rows = 0;
    const err = await (async () => { for await (const b of q.toBatches()) rows += b.numRows; })().catch((e: unknown) => e);
    expect(String((err as Error).message)).toMatch(/line 3602/);
    expect(String((err as Error).message)).toMatch(/not-a-number/);
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(3000);
  });
});
