/**
 * Cancellation: an AbortSignal stops a running query within a second, and a cancelled or
 * failed writeCsv leaves no file behind (not even a partial one that looks complete).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateSeedYear } from '../../../scripts/gen-seed.ts';
import { col, readCsv } from './index.js';
import { readCsvAnyBlocksize } from './api/read-csv.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-cancel-'));
  for (const y of [2010, 2011]) generateSeedYear(join(dir, `${y}.csv`), y, { rows: 2_000_000, seed: 1 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cancellation', () => {
  test('an aborted compute() rejects within a second', async () => {
    const df = readCsv(join(dir, '*.csv'), { parseDates: ['Date'], blocksize: '1MB' });
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(new Error('stopped by the user')), 150);
    const err = await df.groupBy(col('Date').dt.month()).agg(col('X0').std()).compute({ signal: ac.signal }).catch((e: unknown) => e);
    // the abort's own error proves it was cancelled, not finished; the bound only catches a
    // query that ignores the signal, and is loose enough for a loaded 2-core machine
    expect(Date.now() - started).toBeLessThan(5000);
    expect(String((err as Error).message)).toMatch(/stopped by the user|abort/i);
  });

  test('a cancelled writeCsv leaves no files', async () => {
    const out = mkdtempSync(join(tmpdir(), 'floe-cancel-out-'));
    const df = readCsv(join(dir, '*.csv'), { parseDates: ['Date'], blocksize: '1MB' });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    await expect(df.filter(col('X0').gt(10)).writeCsv(out, { signal: ac.signal })).rejects.toThrow();
    expect(readdirSync(out)).toEqual([]);
  });

  test('a writeCsv that fails on bad data leaves no files', async () => {
    const src = mkdtempSync(join(tmpdir(), 'floe-bad-src-'));
    const rows = Array.from({ length: 50_000 }, (_, i) => `${i},${i % 10}`);
    rows[40_000] = '40000,bad';
    writeFileSync(join(src, 'a.csv'), `id,x\n${rows.join('\n')}\n`);
    const out = mkdtempSync(join(tmpdir(), 'floe-bad-out-'));
    await expect(readCsvAnyBlocksize(join(src, 'a.csv'), { sampleSize: 1024, blocksize: 16 * 1024 }).filter(col('x').gt(3)).writeCsv(out)).rejects.toThrow(/line 40002/);
    expect(readdirSync(out)).toEqual([]);
  });

  test('a completed writeCsv leaves exactly the part files', async () => {
    const out = mkdtempSync(join(tmpdir(), 'floe-ok-out-'));
    const df = readCsv(join(dir, '2010.csv'), { parseDates: ['Date'], blocksize: '8MB' });
    const r = await df.filter(col('X0').eq(7)).select('Date', 'X0').writeCsv(out);
    expect(readdirSync(out).sort()).toEqual(r.files.map((f) => f.slice(out.length + 1)).sort());
    const back = await readCsv(join(out, '*.csv'), { parseDates: ['Date'] }).count();
    expect(back).toBe(r.rows);
    expect(r.rows).toBe(await df.filter(col('X0').eq(7)).count());
  });
});
