import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InlineExecutor, LocalPool } from '@floe/scheduler';
import { col, fromColumns, readCsv, readParquet, shutdown } from '../index.js';
import { columnsBytes } from './row-chunk.js';
import { defaultConcurrency, defaultExecutor, INLINE_INPUT_BYTES, planWeight, sharedPoolStarted, startSharedPool } from './default-executor.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-default-exec-'));
afterAll(async () => {
  await shutdown();
  rmSync(dir, { recursive: true, force: true });
});

/** A CSV file of `bytes` bytes (two int columns). */
function csvOf(name: string, bytes: number): string {
  const line = '1234567,7654321\n';
  const path = join(dir, name);
  writeFileSync(path, `a,b\n${line.repeat(Math.ceil(bytes / line.length))}`);
  return path;
}

describe('startSharedPool', () => {
  it('starts the shared pool ahead only for an input a query would run on it, and a query then runs on that pool', async () => {
    await shutdown();
    startSharedPool(INLINE_INPUT_BYTES);
    expect(sharedPoolStarted()).toBe(false);
    startSharedPool(INLINE_INPUT_BYTES + 1);
    expect(sharedPoolStarted()).toBe(true);
    const pool = defaultExecutor(INLINE_INPUT_BYTES + 1);
    expect(pool).toBeInstanceOf(LocalPool);
    const path = csvOf('ahead.csv', INLINE_INPUT_BYTES + 1024);
    expect(await readCsv(path).filter(col('a').gt(0)).count()).toBe(Math.ceil((INLINE_INPUT_BYTES + 1024) / 16));
    expect(defaultExecutor(INLINE_INPUT_BYTES + 1)).toBe(pool);
    await shutdown();
  });
});

describe('cancelling a query on the shared pool', () => {
  it('leaves the other queries running on it alone (they failed with "the pool is closed"); alone, it ends the pool\'s threads', async () => {
    const path = csvOf('cancel.csv', INLINE_INPUT_BYTES * 3);
    const rows = Math.ceil((INLINE_INPUT_BYTES * 3) / 16);
    const other = readCsv(path, { blocksize: '1MB' }).filter(col('a').gt(0)).count();
    // an already-aborted query fails at once, while the other still runs
    const cancelled = readCsv(path, { blocksize: '1MB' }).sort('b').count({ signal: AbortSignal.abort() });
    await expect(cancelled).rejects.toThrow(/abort/i);
    expect(sharedPoolStarted()).toBe(true);
    expect(await other).toBe(rows);
    // a cancelled query alone on the pool still ends its threads (the only way to stop its tasks)
    await expect(readCsv(path, { blocksize: '1MB' }).sort('b').count({ signal: AbortSignal.abort() })).rejects.toThrow(/abort/i);
    expect(sharedPoolStarted()).toBe(false);
  });
});

describe('where a query runs when no executor is named', () => {
  it('a small input on the calling thread, a larger one on the shared pool', () => {
    const small = readCsv(csvOf('small.csv', 100_000)).groupBy('a').agg(col('b').sum());
    const large = readCsv(csvOf('large.csv', INLINE_INPUT_BYTES + 1_000_000)).groupBy('a').agg(col('b').sum());
    expect(planWeight(small.plan)).toBeGreaterThan(100_000);
    expect(planWeight(small.plan)).toBeLessThan(110_000);
    expect(defaultExecutor(planWeight(small.plan))).toBeInstanceOf(InlineExecutor);
    expect(defaultConcurrency(planWeight(small.plan))).toBe(1);
    expect(planWeight(large.plan)).toBeGreaterThan(INLINE_INPUT_BYTES);
    expect(defaultConcurrency(planWeight(large.plan))).toBeGreaterThanOrEqual(1);
    expect(defaultExecutor(planWeight(large.plan))).toBeInstanceOf(LocalPool);
    expect(defaultExecutor()).toBeInstanceOf(LocalPool); // unknown weight
  });

  it('head() of a large file starts no pool (its partitions run one after another), a groupBy of it does', async () => {
    await shutdown();
    const big = readCsv(csvOf('big-head.csv', INLINE_INPUT_BYTES * 2));
    expect((await big.head(3)).toRows()).toEqual([{ a: 1234567, b: 7654321 }, { a: 1234567, b: 7654321 }, { a: 1234567, b: 7654321 }]);
    expect(sharedPoolStarted()).toBe(false);
    expect((await big.groupBy('a').agg(col('b').count().alias('n')).compute()).toRows()).toEqual([{ a: 1234567, n: Math.ceil((INLINE_INPUT_BYTES * 2) / 16) }]);
    expect(sharedPoolStarted()).toBe(true);
  });

  it('a join never runs inline, however small: its output can be far larger than its input', () => {
    const a = readCsv(csvOf('a.csv', 1000));
    expect(planWeight(a.join(a, { on: 'a' }).plan)).toBe(Infinity);
    expect(planWeight(a.filter(col('a').gt(0)).join(a, { on: 'a' }).groupBy('a').agg(col('b').sum()).plan)).toBe(Infinity);
  });

  it('weighs compressed and columnar files by what they hold, in-memory data by its columns', async () => {
    const text = `a,b\n${'1,2\n'.repeat(50_000)}`;
    writeFileSync(join(dir, 'z.csv.gz'), gzipSync(text));
    const gz = readCsv(join(dir, 'z.csv.gz'));
    expect(planWeight(gz.plan)).toBe(4 * gzipSync(text).length);
    const mem = fromColumns({ a: Array.from({ length: 1000 }, (_, i) => i), s: Array.from({ length: 1000 }, (_, i) => `s${i}`) });
    expect(mem.plan.kind).toBe('scan');
    const source = mem.plan.kind === 'scan' && mem.plan.source.format === 'memory' ? mem.plan.source : null;
    expect(planWeight(mem.plan)).toBe(columnsBytes(source!.columns));
    await mem.writeParquet(join(dir, 'lake'));
    const pq = readParquet(join(dir, 'lake', '*.parquet'));
    expect(planWeight(pq.plan)).toBeGreaterThan(0);
    // three times the file: encoded and compressed columns
    expect(planWeight(pq.plan) % 3).toBe(0);
  });

  it('a small query computed without an executor gives the same answer as on a pool', async () => {
    const path = join(dir, 'g.csv');
    writeFileSync(path, `k,v\n${Array.from({ length: 5000 }, (_, i) => `${i % 37},${i}`).join('\n')}\n`);
    const q = () => readCsv(path).groupBy('k').agg(col('v').sum().alias('s'), col('v').median().alias('m'));
    const pool = new LocalPool({ workers: 2 });
    try {
      expect((await q().compute()).toRows()).toEqual((await q().compute({ executor: pool })).toRows());
    } finally {
      await pool.close();
    }
  });
});
