import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalPool } from '@floe/scheduler';
import * as ArrowEsm from 'apache-arrow';
import { col, fromArrow, readCsv, readIpc, readParquet } from '../index.js';
import { arrowLoaded } from './lazy-arrow.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-task-libs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('apache-arrow is loaded where it is used, on each thread', () => {
  it('here: not for a CSV query; toArrow() loads the same module instance an import of apache-arrow gets', async () => {
    const path = join(dir, 'here.csv');
    writeFileSync(path, 'k,v\na,1\nb,2\na,3\n');
    const t = await readCsv(path).groupBy('k').agg(col('v').sum().alias('s')).compute();
    expect(t.toRows()).toEqual([{ k: 'a', s: 4 }, { k: 'b', s: 2 }]);
    expect(arrowLoaded()).toBe(false);
    const table = t.toArrow();
    expect(arrowLoaded()).toBe(true);
    expect(table).toBeInstanceOf(ArrowEsm.Table);
    expect(ArrowEsm.tableToIPC(table).byteLength).toBeGreaterThan(0);
    expect((await fromArrow(ArrowEsm.tableFromIPC(ArrowEsm.tableToIPC(table))).compute()).toRows()).toEqual(t.toRows());
  });

  it('a pool worker that ran a CSV groupBy, a Parquet one and a join that spilled has not loaded apache-arrow; after reading an Arrow IPC file it has, and the answers are right', async () => {
    const path = join(dir, 'g.csv');
    writeFileSync(path, `k,v\n${Array.from({ length: 3000 }, (_, i) => `${i % 7},${i}`).join('\n')}\n`);
    const pool = new LocalPool({ workers: 1 });
    const loadedInWorker = async () => (await pool.run({ key: 'probe', op: { module: new URL(`./lazy-arrow${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href, export: 'arrowLoaded' }, args: [] })).value;
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
      // spill files are floe's own layout (io/spill/spill-layout.ts), not Arrow IPC
      expect(await loadedInWorker()).toBe(false);
      await readCsv(path).writeIpc(join(dir, 'ipc'));
      const fromIpc = await readIpc(join(dir, 'ipc')).groupBy('k').agg(col('v').sum().alias('s')).compute({ executor: pool });
      expect(fromIpc.toRows()).toEqual(t.toRows());
      expect(await loadedInWorker()).toBe(true);
    } finally {
      await pool.close();
    }
  });
});
