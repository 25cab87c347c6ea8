import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalPool } from '@floe/scheduler';
import { col, readCsv, readParquet } from '../index.js';
import type { Field } from '../types/dtype.js';
import type { TaskSpec } from './pipeline-spec.js';
import { needsArrow } from './task-libraries.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-task-libs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fields: Field[] = [{ name: 'k', dtype: 'int64' }];
const csv: TaskSpec['input'] = { kind: 'csv', range: { path: 'x.csv', start: 0, end: 10, dataStart: 0 } };
const spill = { dir, name: 's', threshold: 1 };
const spec = (input: TaskSpec['input'], sink: TaskSpec['sink'], stages: TaskSpec['stages'] = []) => ({ input, stages, sink });

describe('what a worker task loads before it runs', () => {
  it('apache-arrow only where a spill file may be written or read, or Arrow IPC is written', () => {
    const agg: TaskSpec['sink'] = { kind: 'aggregate', keys: [], keyTypes: ['int64'], calls: [], keepNullKeys: false };
    expect(needsArrow(spec(csv, agg))).toBe(false);
    expect(needsArrow(spec(csv, { kind: 'collect', fields, limit: null }))).toBe(false);
    expect(needsArrow(spec(csv, { kind: 'write', format: 'csv', fields, dir, tmpDir: dir, delimiter: ',' }))).toBe(false);
    expect(needsArrow(spec(csv, { kind: 'write', format: 'parquet', fields, dir, tmpDir: dir, delimiter: ',' }))).toBe(false);
    expect(needsArrow(spec({ kind: 'source', format: 'parquet', partition: {} }, agg))).toBe(false);
    expect(needsArrow(spec(csv, { kind: 'write', format: 'ipc', fields, dir, tmpDir: dir, delimiter: ',' }))).toBe(true);
    expect(needsArrow(spec(csv, { ...agg, partitions: { p: 2, spill, maxGroups: 10 } } as TaskSpec['sink']))).toBe(true);
    expect(needsArrow(spec(csv, { kind: 'partition', fields, keys: ['k'], p: 2, spill }))).toBe(true);
    expect(needsArrow(spec(csv, { kind: 'sortRun', fields, by: [], nullsLast: true, segmentRows: 10, sample: 2, spill }))).toBe(true);
    expect(needsArrow(spec({ kind: 'rows', fields, chunks: [] }, agg))).toBe(true);
    expect(needsArrow(spec(csv, agg, [{ kind: 'join', join: {} as never, buildFields: fields, build: [] }]))).toBe(true);
  });

  it('a pool worker that ran a CSV groupBy has not loaded apache-arrow; after a join it has, and both answers are right', async () => {
    const path = join(dir, 'g.csv');
    writeFileSync(path, `k,v\n${Array.from({ length: 3000 }, (_, i) => `${i % 7},${i}`).join('\n')}\n`);
    const pool = new LocalPool({ workers: 1 });
    const loadedInWorker = async () => (await pool.run({ key: 'probe', op: { module: new URL(`../io/lazy-arrow${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href, export: 'arrowLoaded' }, args: [] })).value;
    try {
      const t = await readCsv(path).groupBy('k').agg(col('v').sum().alias('s')).compute({ executor: pool });
      expect(t.column('s').toArray()).toEqual(Array.from({ length: 7 }, (_, k) => Array.from({ length: 3000 }, (_, i) => i).filter((i) => i % 7 === k).reduce((a, b) => a + b, 0)));
      expect(await loadedInWorker()).toBe(false);
      // Parquet is read without Arrow too (hyparquet only)
      await readCsv(path).writeParquet(join(dir, 'lake'));
      const fromParquet = await readParquet(join(dir, 'lake')).groupBy('k').agg(col('v').sum().alias('s')).compute({ executor: pool });
      expect(fromParquet.toRows()).toEqual(t.toRows());
      expect(await loadedInWorker()).toBe(false);
      // a join: its build side goes to the tasks as row chunks (spilled past the budget)
      const names = join(dir, 'names.csv');
      writeFileSync(names, `k,name\n${Array.from({ length: 7 }, (_, k) => `${k},n${k}`).join('\n')}\n`);
      const joined = await readCsv(path).join(readCsv(names), { on: 'k' }).groupBy('name').agg(col('v').count().alias('n')).sort('name').compute({ executor: pool, memoryLimit: 1 });
      expect(joined.toRows()).toEqual(Array.from({ length: 7 }, (_, k) => ({ name: `n${k}`, n: k < 4 ? 429 : 428 })));
      expect(await loadedInWorker()).toBe(true);
    } finally {
      await pool.close();
    }
  });
});
