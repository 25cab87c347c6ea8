/**
 * Groupings by calendar fields have a bound on their groups that no data can exceed (a month's
 * 12 values; a year's as many as the Parquet statistics span): their partials are merged on the
 * driver, with no exchange. Checked: the bound itself against the data, where it is refused
 * (a sample's estimate, a plain key, a CSV year), the plan it chooses, and answers equal to
 * DuckDB's through that plan.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { col, readCsv, readParquet, type DataFrame } from '../index.js';
import { optimize } from '../optimizer/optimize.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { calendarGroupBound } from './aggregate-partitions.js';
import { buildOperatorGraph } from './run-operator-graph.js';
import { writeCalendarEvents } from '../testing/calendar-events.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-calendar-bound-'));
const path = join(dir, 'events.parquet');
const csvPath = join(dir, 'events.csv');
let duck: DuckDBConnection;
const rowsOf = async (sql: string) => (await duck.runAndReadAll(sql)).getRowObjectsJS();

beforeAll(async () => {
  duck = await (await DuckDBInstance.create(':memory:')).connect();
  await writeCalendarEvents(duck, path);
  writeFileSync(csvPath, `t,v\n${Array.from({ length: 500 }, (_, i) => `2021-0${1 + (i % 9)}-1${i % 10}T00:00:00,${i % 7}`).join('\n')}\n`);
});
afterAll(() => {
  duck?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

/** The optimized aggregate's keys and input (dt-field pushdown has turned `t.dt.year()` into the scan's `t::year`). */
function bound(df: DataFrame): number | null {
  const plan = optimize(df.plan) as Extract<LogicalPlan, { kind: 'aggregate' }>;
  expect(plan.kind).toBe('aggregate');
  return calendarGroupBound(plan.keys, plan.input);
}

const stages = (df: DataFrame): string[] => buildOperatorGraph(optimize(df.plan), { memoryLimit: '256MB' }, { concurrency: 2 }, null).builder.stages;

describe('calendarGroupBound', () => {
  test("a year's from the Parquet statistics (three years, and null), a month's 12 and null, both at once", async () => {
    const by = (...keys: Parameters<DataFrame['groupBy']>) => readParquet(path).groupBy(...keys).agg(col('v').sum());
    expect(bound(by(col('t').dt.year()))).toBe(4);
    expect(bound(by(col('t').dt.month()))).toBe(13);
    expect(bound(by(col('t').dt.year(), col('t').dt.month().alias('m')))).toBe(4 * 13);
    // a date column's dates: 400 days
    expect(bound(by(col('d').dt.date()))).toBe(401);
    // the bound holds the data's groups
    const [{ n }] = await rowsOf(`SELECT count(DISTINCT year(t)) + 1 AS n FROM '${path}'`);
    expect(Number(n)).toBeLessThanOrEqual(4);
  });

  test('none for a plain key, an expression, or a CSV year (no statistics: a sample is not a bound)', () => {
    expect(bound(readParquet(path).groupBy('id').agg(col('v').sum()))).toBeNull();
    expect(bound(readParquet(path).groupBy(col('id').mod(3)).agg(col('v').sum()))).toBeNull();
    expect(bound(readCsv(csvPath, { parseDates: ['t'] }).groupBy(col('t').dt.year()).agg(col('v').sum()))).toBeNull();
    expect(bound(readCsv(csvPath, { parseDates: ['t'] }).groupBy(col('t').dt.month()).agg(col('v').sum()))).toBe(13);
  });
});

describe('a grouping bounded small is merged on the driver', () => {
  test('the plan: the partials gathered, no exchange; a plain key keeps the exchange', () => {
    const small = stages(readParquet(path, { blocksize: 64 * 1024 }).groupBy(col('t').dt.year()).agg(col('v').sum()));
    expect(small.at(-1)).toMatch(/^aggregate: \d+ task\(s\) → gather \(aggregate\)$/);
    expect(small.join('\n')).not.toMatch(/reduce/);
    const keyed = stages(readParquet(path, { blocksize: 64 * 1024 }).groupBy('id').agg(col('v').sum()));
    expect(keyed.join('\n')).toMatch(/split by key hash → \d+ reduce task/);
  });

  test("answers as DuckDB's, nulls a group of their own, through compute and through writeCsv", async () => {
    const q = readParquet(path, { blocksize: 64 * 1024 }).groupBy(col('t').dt.year().alias('y'), col('t').dt.month().alias('m')).withOptions({ keepNullKeys: true })
      .agg(col('v').sum().alias('v'), col('*').count().alias('n')).sort(['y', 'm']);
    const want = await rowsOf(`SELECT year(t) AS y, month(t) AS m, sum(v) AS v, count(*) AS n FROM '${path}' GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST`);
    const got = (await q.compute()).toRows();
    expect(got.map((r) => [r.y, r.m, r.v, r.n])).toEqual(want.map((r) => [r.y === null ? null : Number(r.y), r.m === null ? null : Number(r.m), Number(r.v), Number(r.n)]));
    expect(got.length).toBeGreaterThan(13); // 2020-12, 2021's twelve, some of 2022, and the nulls
    const out = join(dir, 'by-month');
    await q.writeCsv(out);
    expect((await readCsv(out).compute()).numRows).toBe(want.length);
  });
});
