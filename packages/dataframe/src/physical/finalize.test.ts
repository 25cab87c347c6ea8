/**
 * The single-stage path's end (finalize.ts): a grouped aggregate by a calendar field (merged on
 * the driver, keys sorted) and what runs after it on the small result — a filter (HAVING), new
 * columns computed from keys and aggregates, a sort and LIMIT … OFFSET — against plain JS.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InlineExecutor } from '@floe/scheduler';
import { afterAll, describe, expect, test } from 'vitest';
import { col } from '../index.js';
import { readCsvAnyBlocksize } from '../api/read-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-finalize-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const executor = new InlineExecutor();

// 48 rows over the years 2010–2015 in a scrambled order; v: 0..47
const rows = Array.from({ length: 48 }, (_, i) => ({ year: 2010 + ((i * 5) % 6), v: i }));
const path = join(dir, 't.csv');
writeFileSync(path, `t,v\n${rows.map((r) => `${r.year}-0${1 + (r.v % 9)}-15 12:00:00,${r.v}`).join('\n')}\n`);
const df = () => readCsvAnyBlocksize(path, { blocksize: 100, parseDates: ['t'] });
const byYear = new Map<number, { s: number; n: number }>();
for (const r of rows) { const e = byYear.get(r.year) ?? { s: 0, n: 0 }; e.s += r.v; e.n++; byYear.set(r.year, e); }
const want = [...byYear.entries()].sort((a, b) => a[0] - b[0]).map(([y, e]) => ({ y, s: e.s, n: e.n }));

describe('a grouped aggregate by a calendar field, then work on its result', () => {
  const grouped = () => df().groupBy(col('t').dt.year().alias('y')).agg(col('v').sum().alias('s'), col('*').count().alias('n'));

  test('the years in key order, whatever order the partitions saw them in', async () => {
    expect(grouped().explain({ executor })).not.toContain('exchange');
    expect((await grouped().compute({ executor })).toRows()).toEqual(want);
  });

  test('a filter on an aggregate (HAVING) and columns computed from a key and an aggregate', async () => {
    const t = await grouped().filter(col('s').gt(180)).withColumns(col('s').div(col('n')).alias('mean'), col('y').sub(2000).alias('yy')).compute({ executor });
    expect(t.toRows()).toEqual(want.filter((r) => r.s > 180).map((r) => ({ ...r, mean: r.s / r.n, yy: r.y - 2000 })));
  });

  test('sorted by an aggregate, descending, and cut by LIMIT … OFFSET', async () => {
    const sorted = [...want].sort((a, b) => b.s - a.s);
    expect((await grouped().sort('s', { descending: true }).compute({ executor })).toRows()).toEqual(sorted);
    expect((await grouped().sort('s', { descending: true }).slice(1, 3).compute({ executor })).toRows()).toEqual(sorted.slice(1, 4));
    expect((await grouped().select('y', 'n').limit(2).compute({ executor })).toRows()).toEqual(want.slice(0, 2).map((r) => ({ y: r.y, n: r.n })));
  });

  test('an aggregate expression may read a plain key (SQL: SUM(v) + k … GROUP BY k)', async () => {
    const t = await df().withColumns(col('v').mod(4).alias('k')).groupBy('k').agg(col('v').sum().add(col('k')).alias('x')).compute({ executor });
    expect(t.toRows()).toEqual([0, 1, 2, 3].map((k) => ({ k, x: rows.filter((r) => r.v % 4 === k).reduce((a, r) => a + r.v, 0) + k })));
  });
});
