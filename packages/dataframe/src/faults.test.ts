/**
 * Faults: a worker thread that dies in the middle of a partition task is replaced and the task
 * re-run, and the answer is identical to a clean run. Death is real (the thread exits); the
 * wrapper only decides which task's first attempt runs on a thread that is about to die.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LocalPool, type Executor, type TaskCall, type TaskOutcome } from '@floe/scheduler';
import { generateSeedYear } from '../../../scripts/gen-seed.ts';
import { col, readCsv } from './index.js';

const exitOp = { module: new URL('../../scheduler/src/testing/sample-ops.ts', import.meta.url).href, export: 'crashFirst' };

/** Runs the first attempt of the chosen tasks as a thread exit; everything else normally. */
class KillFirstAttempt implements Executor {
  readonly concurrency: number;
  readonly killed: string[] = [];
  constructor(private readonly inner: LocalPool, private readonly victims: Set<string>, private readonly counter: string) {
    this.concurrency = inner.concurrency;
  }
  run(call: TaskCall, signal?: AbortSignal): Promise<TaskOutcome> {
    if (this.victims.delete(call.key)) {
      this.killed.push(call.key);
      return this.inner.run({ key: call.key, op: exitOp, args: [`${this.counter}-${call.key}`, 1, 0] }, signal);
    }
    return this.inner.run(call, signal);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

let dir: string;
const pool = new LocalPool({ workers: 2 });
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-faults-'));
  for (const y of [2010, 2011]) generateSeedYear(join(dir, `${y}.csv`), y, { rows: 400_000, seed: 9 });
});
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a worker that dies mid-query', () => {
  test('is replaced, its task re-run, and the result is identical to a clean run', async () => {
    const df = readCsv(join(dir, '*.csv'), { parseDates: ['Date'], blocksize: '2MB' });
    const query = df.filter(col('X0').gt(10)).groupBy(col('Date').dt.month().alias('m')).agg(col('X1').sum(), col('X2').std(), col('*').count());
    const clean = await query.compute({ executor: pool });
    const faulty = new KillFirstAttempt(pool, new Set(['scan-0001', 'scan-0005', 'scan-0006']), join(dir, 'attempts'));
    const retried: string[] = [];
    const again = await query.compute({ executor: faulty, onEvent: (e) => { if (e.type === 'task-retry') retried.push(e.key); } });
    expect(faulty.killed).toEqual(['scan-0001', 'scan-0005', 'scan-0006']);
    expect(retried.sort()).toEqual(['scan-0001', 'scan-0005', 'scan-0006']);
    expect(again.toRows()).toEqual(clean.toRows());
  });
});
