/**
 * Memory is a budget: the seed groupby completes in a process capped at 256 MB of heap with
 * capped worker heaps, over an input larger than the cap, while the in-memory way (csv-parse
 * every file, then group) fails under the same cap. Runs the built package in child processes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateSeedYear } from '../../../scripts/gen-seed.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const floeDist = join(root, 'packages/floe/dist/index.js');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-memcap-'));
  for (const year of [2010, 2011, 2012]) generateSeedYear(join(dir, `${year}.csv`), year, { rows: 3_000_000, seed: 3 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runCapped(script: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a 256 MB heap cap', () => {
  test('the input is larger than the cap', () => {
    const bytes = [2010, 2011, 2012].reduce((n, y) => n + statSync(join(dir, `${y}.csv`)).size, 0);
    expect(bytes).toBeGreaterThan(300e6);
  });

  test('floe completes the year groupby under the cap, with worker heaps capped too', () => {
    const r = runCapped(`
      import { readCsv, col, LocalPool } from ${JSON.stringify(floeDist)};
      const pool = new LocalPool({ workers: 2, resourceLimits: { maxOldGenerationSizeMb: 64 } });
      const t = await readCsv(${JSON.stringify(join(dir, '*.csv'))}, { parseDates: ['Date'] }).groupBy(col('Date').dt.year()).sum().compute({ executor: pool });
      await pool.close();
      console.log(JSON.stringify(t.toRows()));`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as { Date: number; X0: number }[];
    expect(rows.map((x) => x.Date)).toEqual([2010, 2011, 2012]);
    expect(rows.every((x) => x.X0 > 3_000_000 * 40 && x.X0 < 3_000_000 * 60)).toBe(true);
  });

  test('the in-memory baseline runs out of memory under the same cap', () => {
    const r = runCapped(`
      import { readFileSync } from 'node:fs';
      import { parse } from 'csv-parse/sync';
      const rows = [];
      for (const y of [2010, 2011, 2012]) rows.push(...parse(readFileSync(${JSON.stringify(dir)} + '/' + y + '.csv'), { columns: true }));
      const sums = new Map();
      for (const r of rows) { const k = r.Date.slice(0, 4); sums.set(k, (sums.get(k) ?? 0) + Number(r.X0)); }
      console.log(JSON.stringify([...sums]));`);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/heap out of memory|Invalid string length|ERR_STRING_TOO_LONG/);
  });
});
