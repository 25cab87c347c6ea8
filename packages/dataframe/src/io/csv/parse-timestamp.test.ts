import { describe, expect, test } from 'vitest';
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
