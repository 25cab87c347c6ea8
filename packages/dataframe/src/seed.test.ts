/**
 * The seed example from the chapter floe grew from: yearly files with a row per second,
 * grouped by year and by month, compared with an independent line-by-line computation.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateSeedYear } from '../../../scripts/gen-seed.ts';
import { col, readCsv } from './index.js';

let dir: string;
const ROWS = 120_000; // crosses a day boundary, several MB per file

/** Sums X0..X4 by a key taken from the timestamp text, reading the files as plain text. */
function independentSums(files: string[], key: (ts: string) => number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const f of files) {
    const lines = readFileSync(f, 'utf8').split('\n');
    for (let i = 1; i < lines.length; i++) {
      if (lines[i] === '') continue;
      const [ts, ...xs] = lines[i].split(',');
      const k = key(ts);
      const acc = out.get(k) ?? [0, 0, 0, 0, 0];
      xs.forEach((x, j) => { acc[j] += Number(x); });
      out.set(k, acc);
    }
  }
  return out;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-seed-'));
  for (const year of [2010, 2011, 2012]) generateSeedYear(join(dir, `${year}.csv`), year, { rows: ROWS, seed: 7 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the seed example', () => {
  const files = () => [2010, 2011, 2012].map((y) => join(dir, `${y}.csv`));

  test.each([64 * 1024, 1 << 20, 32 << 20])('year sums equal an independent computation (blocksize %i)', async (blocksize) => {
    const df = readCsv(join(dir, '*.csv'), { parseDates: ['Date'], blocksize });
    const t = await df.groupBy(col('Date').dt.year()).sum().compute();
    expect(t.schema).toEqual([
      { name: 'Date', dtype: 'int64' },
      ...['X0', 'X1', 'X2', 'X3', 'X4'].map((name) => ({ name, dtype: 'int64' })),
    ]);
    const want = independentSums(files(), (ts) => Number(ts.slice(0, 4)));
    expect(t.toRows()).toEqual([...want].sort((a, b) => a[0] - b[0]).map(([k, xs]) => ({ Date: k, X0: xs[0], X1: xs[1], X2: xs[2], X3: xs[3], X4: xs[4] })));
  });

  test('month sums of one year, as in the chapter', async () => {
    const df = readCsv(join(dir, '2010.csv'), { parseDates: ['Date'], blocksize: 256 * 1024 });
    const t = await df.groupBy(col('Date').dt.month().alias('month')).sum().compute();
    const want = independentSums([join(dir, '2010.csv')], (ts) => Number(ts.slice(5, 7)));
    expect(t.column('month').toArray()).toEqual([...want.keys()].sort((a, b) => a - b));
    expect(t.column('X3').toArray()).toEqual([...want.keys()].sort((a, b) => a - b).map((k) => want.get(k)![3]));
  });

  test('the plan pushes the projection and the year extraction into the scan', () => {
    const df = readCsv(join(dir, '*.csv'), { parseDates: ['Date'] });
    const plan = df.groupBy(col('Date').dt.year()).sum().explain();
    expect(plan).toContain('calendar parts from digits: Date → year');
    expect(plan).toContain('columns [X0, X1, X2, X3, X4]');
  });

  test('npartitions reflects the blocksize', () => {
    const size = files().reduce((n, f) => n + readFileSync(f).length, 0);
    const df = readCsv(join(dir, '*.csv'), { parseDates: ['Date'], blocksize: 1 << 20 });
    expect(df.npartitions).toBeGreaterThanOrEqual(Math.ceil(size / (1 << 20)));
    expect(df.npartitions).toBeLessThanOrEqual(Math.ceil(size / (1 << 20)) + 3);
  });
});

describe('filters on the seed data', () => {
  test('a timestamp column compares with an ISO string literal', async () => {
    const df = readCsv(join(dir, '2010.csv'), { parseDates: ['Date'] });
    const n = await df.filter(col('Date').gte('2010-01-02').and(col('Date').lt('2010-01-02 00:01:00'))).count();
    expect(n).toBe(60);
  });

  test('filter + projection + head read only what they need', async () => {
    const df = readCsv(join(dir, '*.csv'), { parseDates: ['Date'] });
    const t = await df.filter(col('X0').gt(50).and(col('X1').lt(10))).select('Date', 'X0', 'X1').head(3);
    expect(t.numRows).toBe(3);
    for (const r of t.toRows()) {
      expect(r.X0 as number).toBeGreaterThan(50);
      expect(r.X1 as number).toBeLessThan(10);
      expect(r.Date).toBeInstanceOf(Date);
    }
  });
});
