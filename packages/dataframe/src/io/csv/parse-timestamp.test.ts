import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { col, readCsv } from '../../index.js';
import { parseTimestampText } from './parse-timestamp.js';

describe('ISO timestamps with a UTC offset', () => {
  const local = Date.UTC(2020, 0, 1, 10, 0, 0);
  test('+hh:mm, +hhmm and +hh alone (ISO 8601; DuckDB takes it) are the same instant; Z is UTC', () => {
    expect(parseTimestampText('2020-01-01 10:00:00+02:00')).toBe(local - 2 * 3_600_000);
    expect(parseTimestampText('2020-01-01 10:00:00+0200')).toBe(local - 2 * 3_600_000);
    expect(parseTimestampText('2020-01-01 10:00:00+02')).toBe(local - 2 * 3_600_000);
    expect(parseTimestampText('2020-01-01T10:00:00.5-03')).toBe(local + 3 * 3_600_000 + 500);
    expect(parseTimestampText('2020-01-01 10:00+05')).toBe(local - 5 * 3_600_000);
    expect(parseTimestampText('2020-01-01 10:00:00Z')).toBe(local);
  });
  test('a broken offset is not a timestamp', () => {
    for (const bad of ['2020-01-01 10:00:00+2', '2020-01-01 10:00:00+02:', '2020-01-01 10:00:00+02:0', '2020-01-01 10:00:00+ab', '2020-01-01 10:00:00+020']) expect(parseTimestampText(bad), bad).toBeNaN();
  });
});

describe('hour 24', () => {
  test("24:00:00 is the next day's midnight (ISO 8601; DuckDB reads it so), across a month and a year's end", () => {
    expect(parseTimestampText('2020-01-01 24:00:00')).toBe(Date.UTC(2020, 0, 2));
    expect(parseTimestampText('2020-02-29T24:00')).toBe(Date.UTC(2020, 2, 1));
    expect(parseTimestampText('2019-12-31 24:00:00.000+01:00')).toBe(Date.UTC(2020, 0, 1) - 3_600_000);
  });
  test('no later time of hour 24 is one', () => {
    for (const bad of ['2020-01-01 24:00:01', '2020-01-01 24:01:00', '2020-01-01 24:00:00.001', '2020-01-01 25:00:00']) expect(parseTimestampText(bad), bad).toBeNaN();
  });
});

describe('hour 24 in a CSV file', () => {
  test('a timestamp column reads the next midnight (its year, day and hour too); a date column reads the day as written, as DuckDB casts it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-hour-24-'));
    try {
      const file = join(dir, 't.csv');
      writeFileSync(file, 't,v\n2024-12-30 10:00:00,1\n2024-12-31 24:00:00,2\n2024-06-01T24:00,3\n');
      const rows = (await readCsv(file, { parseDates: ['t'] }).compute()).toRows() as { t: Date }[];
      expect(rows.map((r) => r.t.toISOString())).toEqual(['2024-12-30T10:00:00.000Z', '2025-01-01T00:00:00.000Z', '2024-06-02T00:00:00.000Z']);
      const parts = (await readCsv(file, { parseDates: ['t'] }).select(col('t').dt.year().alias('y'), col('t').dt.day().alias('d'), col('t').dt.hour().alias('h')).compute()).toRows();
      expect(parts).toEqual([{ y: 2024, d: 30, h: 10 }, { y: 2025, d: 1, h: 0 }, { y: 2024, d: 2, h: 0 }]);
      const dates = (await readCsv(file, { dtypes: { t: 'date' } }).compute()).toRows() as { t: Date }[];
      expect(dates.map((r) => r.t.toISOString().slice(0, 10))).toEqual(['2024-12-30', '2024-12-31', '2024-06-01']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
