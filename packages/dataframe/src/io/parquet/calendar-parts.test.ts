/**
 * Calendar fields read from Parquet (dt-field pushdown): a row group whose min/max statistics
 * settle `year`, `month`, … gets them without its column being read; the others read it. The
 * answers must equal those of the plan without the rewrite and DuckDB's.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { InlineExecutor } from '@floe/scheduler';
import { col, readParquet } from '../../index.js';
import { withoutRewrites } from '../../optimizer/optimize.js';
import { constantParts } from './constant-parts.js';
import { readParquetPartition } from './read-parquet.js';
import { inferParquetSource, parquetFormat, type ParquetPartition } from './parquet-source.js';
import type { DtField } from '../../plan/expr-node.js';
import { writeCalendarEvents } from '../../testing/calendar-events.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-parquet-parts-'));
let duck: DuckDBConnection;
const rowsOf = async (sql: string) => (await duck.runAndReadAll(sql)).getRowObjectsJS();
const path = join(dir, 'events.parquet');

beforeAll(async () => {
  duck = await (await DuckDBInstance.create(':memory:')).connect();
  await writeCalendarEvents(duck, path);
});
afterAll(() => duck?.closeSync());

describe('calendar fields of Parquet timestamps and dates', () => {
  test('explain() names the fields read in place of the column', () => {
    const plan = readParquet(path).groupBy(col('t').dt.year()).agg(col('v').sum()).explain();
    expect(plan).toContain('calendar parts: t → year');
    expect(plan).toContain('columns [v]');
    expect(plan).toMatch(/reads at most \d+ of \d+ bytes/); // the timestamp's chunks count: a row group whose statistics do not settle the field reads them
  });

  test.each([
    ['year', ['year']],
    ['year and month', ['year', 'month']],
    ['date and hour', ['date', 'hour']],
    ['weekday, minute and second', ['weekday', 'minute', 'second']],
  ] as const)('grouped by %s of a timestamp: as without the rewrite, and as DuckDB (nulls a group of their own)', async (_name, fields) => {
    const q = () => readParquet(path).groupBy(...fields.map((f) => col('t').dt[f]().alias(f))).withOptions({ keepNullKeys: true })
      .agg(col('v').sum().alias('v'), col('*').count().alias('n')).sort([...fields]).compute();
    const got = (await q()).toRows();
    const plain = (await withoutRewrites(q)).toRows();
    expect(got).toEqual(plain);
    expect(got.length).toBeGreaterThan(1);
    if (fields.length === 1) {
      const want = await rowsOf(`SELECT year(t) AS year, sum(v) AS v, count(*) AS n FROM '${path}' GROUP BY 1 ORDER BY 1 NULLS LAST`);
      expect(got.map((r) => [r.year, r.v, r.n])).toEqual(want.map((r) => [r.year === null ? null : Number(r.year), Number(r.v), Number(r.n)]));
    }
  });

  test('a row group whose statistics settle the field is not read: fewer bytes than reading the column', async () => {
    const source = inferParquetSource([path]);
    const bytesRead = async (parts: Record<string, DtField[]>): Promise<{ bytes: number; years: Set<number> }> => {
      const [planned] = parquetFormat.plan(source, { blocksize: 1 << 30, columns: ['v'], parts, predicate: null });
      const years = new Set<number>();
      const read = await readParquetPartition((planned.input as unknown as { partition: ParquetPartition }).partition, (b) => {
        const y = b.columns.get('t::year') ?? b.columns.get('t::day');
        for (let i = 0; i < b.length; i++) if (y!.valid === null || y!.valid[i] === 1) years.add(y!.values[i] as number);
        return true;
      });
      return { bytes: read.bytes, years };
    };
    const byYear = await bytesRead({ t: ['year'] });
    const byDay = await bytesRead({ t: ['day'] }); // a day is never one row group's: every chunk of t is read
    expect([...byYear.years].sort()).toEqual([2020, 2021, 2022]);
    expect(byYear.bytes).toBeLessThan(byDay.bytes);
    expect(byDay.years.size).toBe(31);
  });

  test('a date column by month: as without the rewrite', async () => {
    const q = () => readParquet(path).groupBy(col('d').dt.year().alias('y'), col('d').dt.month().alias('m')).agg(col('v').sum().alias('v')).sort(['y', 'm']).compute();
    const got = (await q()).toRows();
    expect(got).toEqual((await withoutRewrites(q)).toRows());
    const want = await rowsOf(`SELECT year(d) AS y, month(d) AS m, sum(v) AS v FROM '${path}' GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(got.map((r) => [r.y, r.m, r.v])).toEqual(want.map((r) => [Number(r.y), Number(r.m), Number(r.v)]));
  });
});

describe('fields settled by statistics, filled by one thread row group after row group', () => {
  test('a year kept from the last row group, a longer row group of it, another year: every row its own', async () => {
    // one row group a file, read in this order by one thread: the filled array is reused when it
    // holds the value for enough rows, and filled again when the value or the length differ
    const files = [['a', 2010, 1000], ['b', 2010, 5000], ['c', 2011, 2000], ['d', 2010, 1500], ['e', 2011, 2000]] as const;
    const paths = files.map(([name]) => join(dir, `filled-${name}.parquet`));
    for (const [k, [, year, rows]] of files.entries()) {
      await duck.run(`COPY (SELECT TIMESTAMP '${year}-03-01 00:00:00' + INTERVAL (i) MINUTE AS t, (i % 7)::BIGINT AS v FROM range(${rows}) r(i)) TO '${paths[k]}' (FORMAT parquet)`);
    }
    const q = readParquet(paths).groupBy(col('t').dt.year().alias('y'), col('t').dt.month().alias('m')).agg(col('v').sum().alias('v'), col('*').count().alias('n')).sort(['y', 'm']);
    expect(q.explain()).toContain('calendar parts: t → year/month');
    const got = (await q.compute({ executor: new InlineExecutor() })).toRows();
    const want = await rowsOf(`SELECT year(t) AS y, month(t) AS m, sum(v) AS v, count(*) AS n FROM read_parquet([${paths.map((f) => `'${f}'`).join(', ')}]) GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(got).toEqual(want.map((r) => ({ y: Number(r.y), m: Number(r.m), v: Number(r.v), n: Number(r.n) })));
    // and grouped by the year alone (one key: its groups found from each batch's first row)
    const byYear = (await readParquet(paths).groupBy(col('t').dt.year().alias('y')).agg(col('*').count().alias('n')).sort('y').compute({ executor: new InlineExecutor() })).toRows();
    expect(byYear).toEqual([{ y: 2010, n: 7500 }, { y: 2011, n: 4000 }]);
  });
});

describe("constantParts: what a row group's statistics settle", () => {
  const ts = (s: string) => Date.parse(`${s}Z`);
  const stats = (lo: number, hi: number, nulls = 0) => ({ min: lo, max: hi, nullCount: nulls });
  const c = (parts: ('year' | 'month' | 'day' | 'hour' | 'date')[], dtype: 'timestamp' | 'date' = 'timestamp') => ({ name: 't', dtype, parts });
  test('one year: its number; across new year: not settled', () => {
    expect(constantParts(c(['year']), 'INT64', stats(ts('2021-01-01T00:00:00'), ts('2021-12-31T23:59:59.999')))).toEqual([2021]);
    expect(constantParts(c(['year']), 'INT64', stats(ts('2020-12-31T23:59:59'), ts('2021-01-01T00:00:00')))).toBeNull();
  });
  test('the same month of different years is not one month; the same day is one hour only within the hour', () => {
    expect(constantParts(c(['month']), 'INT64', stats(ts('2020-03-05T00:00:00'), ts('2021-03-06T00:00:00')))).toBeNull();
    expect(constantParts(c(['year', 'month', 'day']), 'INT64', stats(ts('2021-03-05T01:00:00'), ts('2021-03-05T22:00:00')))).toEqual([2021, 3, 5]);
    expect(constantParts(c(['day', 'hour']), 'INT64', stats(ts('2021-03-05T01:00:00'), ts('2021-03-05T22:00:00')))).toBeNull();
  });
  test('nulls, missing statistics, INT96 (no defined order) or a missing null count: not settled', () => {
    const one = stats(ts('2021-01-01T00:00:00'), ts('2021-01-02T00:00:00'));
    expect(constantParts(c(['year']), 'INT64', stats(one.min, one.max, 3))).toBeNull();
    expect(constantParts(c(['year']), 'INT96', one)).toBeNull();
    expect(constantParts(c(['year']), 'INT64', undefined)).toBeNull();
    expect(constantParts(c(['year']), 'INT64', { min: one.min, max: one.max, nullCount: null })).toBeNull();
  });
  test('a date column (days): its date and month', () => {
    const day = (s: string) => Date.parse(`${s}T00:00:00Z`) / 86_400_000;
    expect(constantParts(c(['year', 'month'], 'date'), 'INT32', stats(day('2021-02-01'), day('2021-02-28')))).toEqual([2021, 2]);
    expect(constantParts(c(['date'], 'date'), 'INT32', stats(day('2021-02-01'), day('2021-02-01')))).toEqual([day('2021-02-01')]);
  });
});
