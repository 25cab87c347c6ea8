import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shutdown } from '../physical/default-executor.js';
import { col, rowNumber } from './expr.js';
import { readCsv } from './read-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-window-'));
const sales = join(dir, 'sales.csv');
writeFileSync(sales, [
  'store,day,amount,note',
  'north,2024-01-01,10,a',
  'south,2024-01-01,5,b',
  'north,2024-01-02,,c',
  'north,2024-01-03,7,d',
  'south,2024-01-02,1,e',
  ',2024-01-04,3,f',
  'north,2024-01-04,7,g',
].join('\n'));

afterAll(() => shutdown());

/** Rows by store (null last), then day. */
const byDay = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => String(a.store ?? '\uffff').localeCompare(String(b.store ?? '\uffff')) || String(a.day).localeCompare(String(b.day)));

describe('a window that reads no column', () => {
  it('keeps every row (row_number() over () of a one-partition file gave no rows: its table took its length from a column)', async () => {
    const p = join(dir, 'three.csv');
    writeFileSync(p, 'a\n5\n3\n1\n');
    const ids = await readCsv(p).select(rowNumber().over().alias('id')).compute();
    expect(ids.toRows().map((r) => r.id)).toEqual([1, 2, 3]);
    expect(await readCsv(p).withColumns(rowNumber().over().alias('id')).select('id').count()).toBe(3);
    expect((await readCsv(p).select(rowNumber().over().alias('id')).agg(col('id').max().alias('m')).compute()).toRows()).toEqual([{ m: 3 }]);
  });
});

describe('window expressions', () => {
  it('the README example: shares, running totals, ranks and day-over-day changes per store', async () => {
    const df = readCsv(sales, { parseDates: ['day'] });
    const t = await df.withColumns(
      col('amount').div(col('amount').sum()).over('store').alias('share'),
      col('amount').cumSum().over('store', { orderBy: 'day' }).alias('running'),
      col('amount').rank({ method: 'dense', descending: true }).over('store').alias('rank'),
      col('amount').diff().over('store', { orderBy: 'day' }).alias('change'),
    ).sort(['store', 'day']).compute();
    expect(t.columnNames).toEqual(['store', 'day', 'amount', 'note', 'share', 'running', 'rank', 'change']);
    const rows = t.toRows().map((r) => [r.store, r.amount, r.share === null ? null : Number((r.share as number).toFixed(4)), r.running, r.rank, r.change]);
    expect(rows).toEqual([
      ['north', 10, 0.4167, 10, 1, null],
      ['north', null, null, null, null, null], // a null row's running total is null, as Polars' cum_sum
      ['north', 7, 0.2917, 17, 2, null],
      ['north', 7, 0.2917, 24, 2, 0],
      ['south', 5, 0.8333, 5, 1, null],
      ['south', 1, 0.1667, 6, 2, -4],
      [null, 3, 1, 3, 1, null],
    ]);
  });

  it('filter() with a window keeps the first rows of each partition (SQL QUALIFY), without helper columns', async () => {
    const df = readCsv(sales);
    const t = await df.filter(rowNumber().over('store', { orderBy: ['amount', 'day'], descending: [true, false] }).eq(1)).compute();
    expect(t.columnNames).toEqual(['store', 'day', 'amount', 'note']);
    expect(byDay(t.toRows()).map((r) => [r.store, r.amount, r.note])).toEqual([['north', 10, 'a'], ['south', 5, 'b'], [null, 3, 'f']]);
  });

  it('select() keeps each window output under its input name; rolling windows honour minPeriods; shift fills', async () => {
    const df = readCsv(sales);
    const t = await df.select(
      col('store'), col('day'),
      col('amount').rollingSum(2).over('store', { orderBy: 'day' }),
      col('amount').rollingMax(2, { minPeriods: 1 }).over('store', { orderBy: 'day' }).alias('mx'),
      col('note').shift(-1, 'end').over('store', { orderBy: 'day' }).alias('next'),
      col('amount').count().over(['store']).alias('n'),
    ).compute();
    expect(t.columnNames).toEqual(['store', 'day', 'amount', 'mx', 'next', 'n']);
    expect(byDay(t.toRows()).map((r) => [r.store, r.amount, r.mx, r.next, r.n])).toEqual([
      ['north', null, 10, 'c', 3],
      ['north', null, 10, 'd', 3],
      ['north', null, 7, 'g', 3],
      ['north', 14, 7, 'end', 3],
      ['south', null, 5, 'e', 2],
      ['south', 6, 5, 'end', 2],
      [null, null, 3, 'end', 1],
    ]);
  });

  it('centred rolling windows: the rows around each (pandas\' and Polars\' center), an even window one more before', async () => {
    const file = join(dir, 'six.csv');
    writeFileSync(file, 'v\n1\n2\n3\n4\n5\n6\n');
    const t = await readCsv(file).withColumns(
      col('v').rollingSum(3, { center: true }).alias('c3'),
      col('v').rollingSum(4, { center: true, minPeriods: 1 }).alias('c4'),
      col('v').rollingMax(2, { center: true }).alias('m2'),
      col('v').rollingMean(1, { center: true }).alias('m1'),
      col('v').shift(-2).alias('next2'),
    ).compute();
    expect(t.toRows().map((r) => [r.c3, r.c4, r.m2, r.m1, r.next2])).toEqual([
      [null, 3, null, 1, 3], [6, 6, 2, 2, 4], [9, 10, 3, 3, 5], [12, 14, 4, 4, 6], [15, 18, 5, 5, null], [null, 15, 6, 6, null],
    ]);
    expect(() => col('v').rollingSum(3, { center: 'yes' as unknown as boolean })).toThrow(/center must be true or false, got the string "yes"/);
    expect(() => col('v').rollingSum('3d', { by: 'day', center: true })).toThrow(/center is for a window of rows/);
  });

  it('rolling windows along a time or number column: (t − window, t], nulls with their peers', async () => {
    const file = join(dir, 'times.csv');
    writeFileSync(file, 'k,day,t,v\na,2024-01-01,2024-01-01 10:00:00,1\na,2024-01-02,2024-01-01 11:00:00,2\na,2024-01-05,2024-01-01 11:30:00,4\na,2024-01-06,2024-01-01 13:00:00,8\nb,2024-01-01,2024-01-01 10:00:00,16\nb,2024-01-03,2024-01-02 10:00:00,\na,,,32\n');
    const df = readCsv(file, { parseDates: ['day', 't'] });
    const t = await df.withColumns(
      col('v').rollingSum('3d', { by: 'day' }).over('k').alias('s3d'),
      col('v').rollingSum('2h', { by: 't' }).over('k').alias('s2h'),
      col('v').rollingMax('1d', { by: 'day' }).alias('m1d'),
      col('v').rollingSum(2, { by: 'v' }).alias('near'),
    ).sort(['k', 'day']).compute();
    expect(t.toRows().map((r) => [r.k, r.v, r.s3d, r.s2h, r.m1d, r.near])).toEqual([
      ['a', 1, 1, 1, 16, 1], ['a', 2, 3, 3, 2, 3], ['a', 4, 4, 7, 4, 4], ['a', 8, 12, 12, 8, 8], ['a', 32, 32, 32, 32, 32],
      ['b', 16, 16, 16, 16, 16], ['b', null, 16, null, null, null],
    ]);
    expect(() => df.withColumns(col('v').rollingSum('3d', { by: 'v' }))).toThrow(/a duration measures a date or timestamp order key, but col\("v"\) is int64/);
    expect(() => col('v').rollingSum('3x', { by: 'day' })).toThrow(/"3x" is not a duration; write e\.g\. '7d'/);
    expect(() => col('v').rollingSum('3d', { by: 'day' }).over('k', { orderBy: 'day' })).toThrow(/is ordered by its by column; over\(\) takes no orderBy for it/);
    expect(() => df.withColumns(col('v').rollingSum(2, { by: 'k' }))).toThrow(/needs one order key of numbers, dates or timestamps, got string/);
  });

  it('explain() shows the window node and its exchange; windows of one partitioning share it', () => {
    const plan = readCsv(sales).withColumns(col('amount').cumMax().over('store', { orderBy: 'day' }).alias('m')).explain();
    expect(plan).toMatch(/Window \[partition by store\] __window = max\(amount\) order by day rows between unbounded preceding and current row/);
    expect(plan).toMatch(/hash exchange on \[store\]/);
    const two = readCsv(sales).withColumns(col('amount').cumSum().over('store', { orderBy: 'day' }).alias('a'), rowNumber().over('store', { orderBy: 'amount' }).alias('b'), col('amount').sum().over('store').alias('c')).explain();
    expect(two.match(/hash exchange/g)).toHaveLength(1);
    expect(two).toMatch(/sorted by its partitions in 3 orders, 3 column\(s\) computed/);
  });

  it('refuses what a window cannot mean, saying what to write', () => {
    const df = readCsv(sales);
    expect(() => col('amount').over('store')).toThrow(/over\(\) applies to an aggregate or a window function/);
    expect(() => col('amount').rank().over('store', { orderBy: 'day' })).toThrow(/rank\(\) orders by the values it ranks/);
    expect(() => col('amount').cumSum().over('store').over('day')).toThrow(/over\(\) is given twice/);
    expect(() => col('amount').shift(1.5)).toThrow(/shift\(n\) needs a whole number/);
    expect(() => col('amount').rollingMean(0)).toThrow(/rollingMean\(window\) needs a whole number of rows, 1 or more/);
    expect(() => col('amount').rank({ method: 'first' as 'min' })).toThrow(/method must be one of average, min, max, dense, ordinal/);
    expect(() => df.groupBy('store').agg(col('amount').cumSum())).toThrow(/agg\(\) cannot compute the window expression .*withColumns/);
    expect(() => df.sort(col('amount').rank())).toThrow(/sort\(\) cannot compute the window expression/);
    expect(() => df.withColumns(col('amount').cumSum().cumSum())).toThrow(/over\(\) cannot compute the window expression/);
    expect(() => df.withColumns(col('note').cumSum())).toThrow(/sum\(\) needs a numeric column, but its input is string/);
    expect(() => df.withColumns(col('amount').shift(1, 'x'))).toThrow(/fill value is string, but the column is int64/);
    expect(() => df.withColumns(col('amount').shift(1, 0.5))).toThrow(/fill value 0\.5 is not a whole number, but the column is int64/);
  });

  it('a window that follows the rows\' order runs below windows over partitions, and is refused above one', async () => {
    const df = readCsv(sales);
    // in one withColumns the unordered shift runs first, along the file
    const t = await df.withColumns(col('amount').sum().over('store').alias('s'), col('note').shift(1).over('day').alias('prev')).sort('note').compute();
    expect(t.toRows().map((r) => r.prev)).toEqual([null, 'a', null, null, 'c', null, 'f']);
    const later = df.withColumns(col('amount').sum().over('store').alias('s'));
    expect(() => later.withColumns(col('note').shift(1).over('day'))).toThrow(/follows the order of the rows, which the window over \[store\] below it does not keep; give it an order/);
    expect(() => later.withColumns(col('note').shift(1).over('day', { orderBy: 'note' }))).not.toThrow();
    expect(() => later.sort('day').withColumns(col('note').shift(1).over('day'))).not.toThrow();
  });
});
