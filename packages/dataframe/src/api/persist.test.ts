/** persist(): partitions computed once, kept in memory or spilled to IPC files, reused, freed by unpersist() and at exit. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InlineExecutor } from '@floe/scheduler';
import { describe, expect, test } from 'vitest';
import { col, type DataFrame } from '../index.js';
import { readCsvAnyBlocksize } from './read-csv.js';

function csvDir(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'floe-persist-src-'));
  const file = join(dir, 'a.csv');
  const rows = Array.from({ length: 20_000 }, (_, i) => `${i},g${i % 7},${(i * 13) % 997},2024-0${1 + (i % 9)}-15 12:00:00.000${String(i % 1000).padStart(3, '0')}`);
  writeFileSync(file, `id,g,v,ts\n${rows.join('\n')}\n`);
  return { dir, file };
}
const frame = (file: string): DataFrame => readCsvAnyBlocksize(file, { parseDates: ['ts'], blocksize: 32 * 1024 });
const answers = async (df: DataFrame) => ({
  count: await df.count(),
  byGroup: (await df.groupBy('g').agg(col('v').sum().alias('s'), col('ts').max().alias('last')).sort('g').compute()).toRows(),
  rows: (await df.filter(col('id').mod(1000).eq(1)).select('id', 'ts').sort('id').compute()).toRows(),
});

describe('persist()', () => {
  test('a persisted frame answers after its source file is gone: nothing is read again', async () => {
    const { dir, file } = csvDir();
    const q = frame(file).filter(col('v').gt(100));
    const expected = await answers(q);
    const p = await q.persist();
    rmSync(dir, { recursive: true, force: true });
    expect(existsSync(file)).toBe(false);
    expect(await answers(p)).toEqual(expected);
    const plan = p.groupBy('g').sum().explain();
    expect(plan).toMatch(/PersistedScan \d+ row\(s\) in \d+ partition\(s\), \d+ in memory \([\d.]+ MB\); columns \[id, g, v\]; nothing upstream is read again — persisted from: Filter \(col\("v"\) > 100\) ← CsvScan/);
    expect(plan.split('\n').filter((l) => /^\s*CsvScan/.test(l))).toEqual([]);
    const st = p.storage!;
    expect(st.rows).toBe(expected.count);
    expect(st.partitions).toBeGreaterThan(5);
    expect(st.onDisk).toBe(0); // small: all in memory, no directory
    expect(st.dir).toBeNull();
    p.unpersist();
    expect(p.storage).toBeNull();
    await expect(p.count()).rejects.toThrow(/unpersisted \(Filter \(col\("v"\) > 100\)/);
    p.unpersist(); // twice is harmless
  });

  test('past the memory budget partitions spill to IPC files, removed by unpersist()', async () => {
    const { dir, file } = csvDir();
    const spillRoot = mkdtempSync(join(tmpdir(), 'floe-persist-spill-'));
    process.env.FLOE_SPILL_DIR = spillRoot;
    try {
      const q = frame(file).withColumns(col('v').mul(2).alias('v2'));
      const expected = await answers(q);
      const v2Sum = Array.from({ length: 20_000 }, (_, i) => ((i * 13) % 997) * 2).reduce((a, b) => a + b, 0);
      const p = await q.persist({ memoryLimit: '64KB' });
      const st = p.storage!;
      expect(st.onDisk).toBeGreaterThan(0);
      expect(st.dir).not.toBeNull();
      expect(dirname(st.dir!)).toBe(spillRoot);
      expect(readdirSync(st.dir!).filter((f) => f.endsWith('.spill')).length).toBe(st.onDisk);
      rmSync(dir, { recursive: true, force: true });
      expect(await answers(p)).toEqual(expected);
      expect((await p.agg(col('v2').sum()).compute()).toRows()).toEqual([{ v2: v2Sum }]);
      p.unpersist();
      expect(readdirSync(spillRoot)).toEqual([]);
    } finally {
      delete process.env.FLOE_SPILL_DIR;
    }
  });

  test("spilled partitions go to the executor's spill folder (a cluster's shared storage), not the temp dir", async () => {
    const { dir, file } = csvDir();
    const root = mkdtempSync(join(tmpdir(), 'floe-persist-executor-'));
    try {
      const executor = Object.assign(new InlineExecutor(), { spillDir: root });
      const p = await frame(file).persist({ memoryLimit: '64KB', executor });
      expect(p.storage!.onDisk).toBeGreaterThan(0);
      expect(dirname(p.storage!.dir!)).toBe(root);
      expect(await p.count()).toBe(20_000);
      p.unpersist();
      expect(readdirSync(root)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('an aggregate persists too, and a persisted frame persists again', async () => {
    const { file } = csvDir();
    const agg = frame(file).groupBy('g').agg(col('v').mean().alias('m'));
    const p = await agg.persist();
    const again = await p.filter(col('m').gt(0)).persist();
    expect((await again.sort('g').compute()).toRows()).toEqual((await agg.sort('g').compute()).toRows());
    p.unpersist();
    again.unpersist();
  });

  test('a query error rejects persist() and leaves no directory', async () => {
    const spillRoot = mkdtempSync(join(tmpdir(), 'floe-persist-bad-'));
    const d = mkdtempSync(join(tmpdir(), 'floe-persist-badsrc-'));
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},${i % 10}`);
    rows[4000] = '4000,oops';
    writeFileSync(join(d, 'a.csv'), `id,x\n${rows.join('\n')}\n`);
    process.env.FLOE_SPILL_DIR = spillRoot;
    try {
      const df = readCsvAnyBlocksize(join(d, 'a.csv'), { sampleSize: 1024, blocksize: 8 * 1024 });
      await expect(df.persist({ memoryLimit: '4KB' })).rejects.toThrow(/line 4002/);
      expect(readdirSync(spillRoot)).toEqual([]);
    } finally {
      delete process.env.FLOE_SPILL_DIR;
    }
  });

  test('process exit removes the spill files of a frame never unpersisted', () => {
    const { file } = csvDir();
    const spillRoot = mkdtempSync(join(tmpdir(), 'floe-persist-exit-'));
    const index = join(dirname(fileURLToPath(import.meta.url)), '..', 'index.ts');
    const script = join(spillRoot, '..', `persist-exit-${process.pid}.mts`);
    // the inline executor: the child runs its tasks on its own thread (tsx loads the sources there)
    writeFileSync(script, `import { InlineExecutor } from ${JSON.stringify(join(dirname(index), '..', '..', 'scheduler', 'src', 'index.ts'))};
import { readCsv } from ${JSON.stringify(index)};
const p = await readCsv(${JSON.stringify(file)}, { blocksize: '1MB' }).persist({ memoryLimit: '1KB', executor: new InlineExecutor() });
console.log(p.storage.onDisk);
`);
    const r = spawnSync(process.execPath, ['--conditions', 'floe-source', '--import', 'tsx', script], { env: { ...process.env, FLOE_SPILL_DIR: spillRoot }, encoding: 'utf8', timeout: 60_000 });
    rmSync(script, { force: true });
    expect(r.stderr).toBe('');
    expect(Number(r.stdout.trim())).toBeGreaterThan(0); // it did spill
    expect(readdirSync(spillRoot)).toEqual([]);
  });
});
