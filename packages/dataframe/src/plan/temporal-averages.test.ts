/** mean, median and quantile of timestamps and dates: a timestamp, as pandas, Polars and DuckDB give it (they were refused). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { col, fromColumns } from '../index.js';
import { readCsvAnyBlocksize } from '../api/read-csv.js';

const DAY = 86_400_000;
const iso = (v: unknown): string | null => (v === null ? null : (v as Date).toISOString());

describe('temporal averages', () => {
  test('over a CSV split into many partitions, by group and whole, nulls skipped, against the milliseconds averaged by hand', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-tavg-'));
    // a fixed walk of timestamps (seconds apart, some before 1970), every 7th empty
    const lines = ['k,ts,d'];
    const byKey = new Map<string, number[]>();
    const days: number[] = [];
    let t = -5 * DAY;
    for (let i = 0; i < 600; i++) {
      t += ((i * 7919) % 86_400) * 1000;
      const k = `k${i % 3}`;
      const day = Math.floor(t / DAY);
      if (i % 7 === 0) { lines.push(`${k},,`); continue; }
      lines.push(`${k},${new Date(t).toISOString().replace('T', ' ').replace('Z', '')},${new Date(day * DAY).toISOString().slice(0, 10)}`);
      byKey.set(k, [...(byKey.get(k) ?? []), t]);
      days.push(day * DAY);
    }
    const p = join(dir, 'events.csv');
    writeFileSync(p, `${lines.join('\n')}\n`);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const quantile = (xs: number[], q: number) => {
      const s = [...xs].sort((a, b) => a - b);
      const at = q * (s.length - 1);
      const lo = Math.floor(at);
      return s[lo] + (at - lo) * ((s[lo + 1] ?? s[lo]) - s[lo]);
    };
    for (const blocksize of [256, 1 << 20]) {
      const df = readCsvAnyBlocksize(p, { parseDates: ['ts'], dtypes: { d: 'date' }, blocksize });
      const got = await df.groupBy('k').agg(col('ts').mean().alias('mean'), col('ts').median().alias('median'), col('ts').quantile(0.25).alias('q')).sort('k').compute();
      expect(got.schema.map((f) => f.dtype)).toEqual(['string', 'timestamp', 'timestamp', 'timestamp']);
      for (const r of got.toRows()) {
        const xs = byKey.get(r.k as string)!;
        expect((r.mean as Date).getTime(), `${r.k} mean at ${blocksize}`).toBeCloseTo(mean(xs), -1);
        expect((r.median as Date).getTime()).toBe(quantile(xs, 0.5));
        expect((r.q as Date).getTime()).toBe(quantile(xs, 0.25));
      }
      // a date's average is a timestamp (the middle of two days is noon), and the output keeps the column's name
      const whole = (await df.agg(col('d').mean(), col('d').median().alias('md')).compute()).toRows()[0];
      expect(Math.abs((whole.d as Date).getTime() - mean(days))).toBeLessThan(1);
      expect((whole.md as Date).getTime()).toBe(quantile(days, 0.5));
    }
  });
  test('a date average at noon, all-null groups null, sums still refused', async () => {
    const df = fromColumns({ k: ['a', 'a', 'b'], d: [new Date('2024-01-02'), new Date('2024-01-03'), null] }).withColumns(col('d').cast('date'));
    const rows = (await df.groupBy('k').agg(col('d').mean()).sort('k').compute()).toRows();
    expect(rows.map((r) => [r.k, iso(r.d)])).toEqual([['a', '2024-01-02T12:00:00.000Z'], ['b', null]]);
    expect(() => df.agg(col('d').sum()).schema).toThrow(/sum\(\) needs a numeric column, but col\("d"\) is date/);
  });
});
