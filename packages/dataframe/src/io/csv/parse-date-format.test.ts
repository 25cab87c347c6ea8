import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { col, readCsv } from '../../index.js';
import { readCsvAnyBlocksize } from '../../api/read-csv.js';
import { dateFormatParser, fromStrftime } from './parse-date-format.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-datefmt-'));

describe('dateFormatParser', () => {
  test('dayjs tokens, strict, as UTC; two-digit years are 1969–2068', () => {
    expect(dateFormatParser('D-MMM-YY')('12-Jun-98')).toBe(Date.UTC(1998, 5, 12));
    expect(dateFormatParser('D-MMM-YY')('1-Jan-20')).toBe(Date.UTC(2020, 0, 1));
    expect(dateFormatParser('DD/MM/YYYY')('15/01/2020')).toBe(Date.UTC(2020, 0, 15));
    expect(dateFormatParser('MMM D YYYY HH:mm')('Jan 5 2020 10:00')).toBe(Date.UTC(2020, 0, 5, 10));
    expect(dateFormatParser('DD/MM/YYYY')('31/02/2020')).toBeNaN();
    expect(dateFormatParser('DD/MM/YYYY')('2020-01-15')).toBeNaN();
  });

  test("month names and AM/PM in any case (Oracle writes 01-JAN-68); a zone token takes any offset (it took only +00:00)", () => {
    const jan1 = Date.UTC(2020, 0, 1);
    for (const t of ['01-JAN-20', '01-jan-20', '01-Jan-20', '1-jAn-20']) expect(dateFormatParser('D-MMM-YY')(t)).toBe(jan1);
    expect(dateFormatParser('D-MMM-YY')('01-JANUARY-20')).toBeNaN();
    expect(dateFormatParser('D MMMM YYYY')('1 JANUARY 2020')).toBe(jan1);
    expect(dateFormatParser('MM/DD/YYYY hh:mm A')('01/01/2020 01:30 pm')).toBe(jan1 + 13.5 * 3_600_000);
    expect(dateFormatParser('MM/DD/YYYY hh:mm a')('01/01/2020 01:30 AM')).toBe(jan1 + 1.5 * 3_600_000);
    expect(dateFormatParser('YYYY-MM-DD HH:mm:ssZ')('2020-01-01 10:00:00+05:30')).toBe(jan1 + 4.5 * 3_600_000);
    expect(dateFormatParser('YYYY-MM-DD HH:mm:ss ZZ')('2020-01-01 10:00:00 -0100')).toBe(jan1 + 11 * 3_600_000);
    expect(dateFormatParser('YYYY-MM-DD HH:mm:ssZ')('2020-01-01 10:00:00Z')).toBe(jan1 + 10 * 3_600_000);
    // an offset of hours alone (ISO 8601, Postgres' text for whole-hour zones)
    expect(dateFormatParser('YYYY-MM-DD HH:mm:ssZ')('2020-01-01 10:00:00+02')).toBe(jan1 + 8 * 3_600_000);
    expect(dateFormatParser('DD/MM/YYYY HH:mm ZZ')('01/01/2020 10:00 -05')).toBe(jan1 + 15 * 3_600_000);
    expect(dateFormatParser('YYYY-MM-DD HH:mm:ssZ')('2020-01-01 10:00:00+2')).toBeNaN();
    expect(dateFormatParser('YYYY-MM-DD HH:mm:ssZ')('2020-01-01 10:00:00')).toBeNaN();
    expect(dateFormatParser('DD/MM/YYYY')('31/02/2020')).toBeNaN();
  });
});

describe('strftime formats', () => {
  test('are read as the dayjs tokens they mean (%m/%d/%Y matched nothing), literal text kept, an unknown directive named', () => {
    expect(fromStrftime('%m/%d/%Y')).toBe('MM/DD/YYYY');
    expect(fromStrftime('%Y-%m-%dT%H:%M:%S')).toBe('YYYY-MM-DD[T]HH:mm:ss');
    expect(fromStrftime('%d %b %Y, %I:%M %p at 100%%')).toBe('DD MMM YYYY, hh:mm A [a][t] 100[%]');
    expect(dateFormatParser('%m/%d/%Y')('01/15/2024')).toBe(Date.UTC(2024, 0, 15));
    expect(dateFormatParser('%Y-%m-%dT%H:%M:%S')('2024-01-15T10:30:05')).toBe(Date.UTC(2024, 0, 15, 10, 30, 5));
    expect(dateFormatParser('%m/%d/%Y')('2024-01-15')).toBeNaN();
    expect(() => dateFormatParser('%Y-%j')).toThrow('date format "%Y-%j": %j has no counterpart floe reads');
    // a two-digit year's lower-case directives are date tokens too (the check looked for Y, M or D)
    const p = join(mkdtempSync(join(tmpdir(), 'floe-strftime-')), 'ys.csv');
    writeFileSync(p, 'd,v\n24-01-15,1\n');
    expect(readCsv(p, { dateFormats: { d: '%y-%m-%d' } }).schema.map((f) => f.dtype)).toEqual(['timestamp', 'int64']);
  });
});

describe('readCsv dateFormats', () => {
  const lines = ['Date,v'];
  for (let i = 0; i < 300; i++) lines.push(`${(i % 28) + 1}/0${(i % 9) + 1}/20${10 + (i % 10)},${i}`);
  lines.push(',300');
  const path = join(dir, 'eu.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);

  test('a column in another format is a timestamp column, across partitions, nulls kept', async () => {
    const df = readCsvAnyBlocksize(path, { dateFormats: { Date: 'D/MM/YYYY' }, blocksize: 512 }); // many partitions: below readCsv's floor
    expect(df.npartitions).toBeGreaterThan(3);
    expect(df.dtypes.Date).toBe('timestamp');
    const t = await df.compute();
    const dates = t.column('Date').toArray();
    expect(dates[0]).toEqual(new Date(Date.UTC(2010, 0, 1)));
    expect(dates[299]).toEqual(new Date(Date.UTC(2019, 2, 20)));
    expect(dates[300]).toBe(null);
    const years = await df.groupBy(col('Date').dt.year()).agg(col('*').count()).sort('Date').compute();
    expect(years.column('Date').toArray()).toEqual([2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019]);
    expect(years.column('count').toArray()).toEqual(Array(10).fill(30));
  });
  test('read as a date with dtypes', async () => {
    const t = await readCsv(path, { dateFormats: { Date: 'D/MM/YYYY' }, dtypes: { Date: 'date' } }).limit(1).compute();
    expect(t.schema[0]).toEqual({ name: 'Date', dtype: 'date' });
    expect(t.column('Date').get(0)).toEqual(new Date(Date.UTC(2010, 0, 1)));
  });
  test('a value that does not match names file, line, column and value; or becomes null', async () => {
    const p = join(dir, 'bad.csv');
    writeFileSync(p, 'Date\n12-Jun-98\n13-Jun-98\n2020-01-01\n');
    await expect(readCsv(p, { dateFormats: { Date: 'D-MMM-YY' } }).compute()).rejects.toThrow(`${p}, line 4, column "Date": value does not match the date format "D-MMM-YY" (value "2020-01-01")`);
    const t = await readCsv(p, { dateFormats: { Date: 'D-MMM-YY' }, dateErrors: 'null' }).compute();
    expect(t.column('Date').toArray()).toEqual([new Date(Date.UTC(1998, 5, 12)), new Date(Date.UTC(1998, 5, 13)), null]);
  });
  test('mistakes in the option are caught by readCsv', () => {
    expect(() => readCsv(path, { dateFormats: { Dat: 'D/MM/YYYY' } })).toThrow('readCsv: dateFormats names the column "Dat", which is not in the header (did you mean "Date"?)');
    expect(() => readCsv(path, { dateFormats: { Date: 'hh:mm' } })).toThrow("dateFormats.Date is \"hh:mm\"; give a dayjs format with a year, month or day token");
    expect(() => readCsv(path, { dateFormats: { Date: 'D/MM/YYYY' }, dtypes: { Date: 'int64' } })).toThrow('readCsv: dateFormats.Date reads a timestamp or a date, but dtypes.Date is int64');
  });
});
