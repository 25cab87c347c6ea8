import { describe, expect, it } from 'vitest';
import { parseDateLiteral } from './date-literal.js';

describe('parseDateLiteral', () => {
  it('reads ISO dates and times as UTC', () => {
    expect(parseDateLiteral('2010-06-01')).toEqual({ ms: Date.UTC(2010, 5, 1), dateOnly: true, text: '2010-06-01' });
    expect(parseDateLiteral('2010-06-01 12:30')).toEqual({ ms: Date.UTC(2010, 5, 1, 12, 30), dateOnly: false, text: '2010-06-01 12:30' });
    expect(parseDateLiteral(' 2010-06-01T12:30:15.250 ')).toEqual({ ms: Date.UTC(2010, 5, 1, 12, 30, 15, 250), dateOnly: false, text: '2010-06-01T12:30:15.250' });
    // a day with a zone: its midnight there, in the form the engine takes
    expect(parseDateLiteral('2010-06-01+02:00')).toEqual({ ms: Date.UTC(2010, 4, 31, 22), dateOnly: true, text: '2010-06-01T00:00:00+02:00' });
  });

  it('applies an explicit offset', () => {
    expect(parseDateLiteral('2010-06-01T12:00:00+02:00')?.ms).toBe(Date.UTC(2010, 5, 1, 10));
    expect(parseDateLiteral('2010-06-01T12:00:00Z')?.ms).toBe(Date.UTC(2010, 5, 1, 12));
  });

  it('keeps microseconds as the fraction of the millisecond (they were rounded to the millisecond)', () => {
    expect(parseDateLiteral('2020-01-01 10:00:00.000001')?.ms).toBe(Date.UTC(2020, 0, 1, 10) + 0.001);
    expect(parseDateLiteral('2020-01-01T10:00:00.1234567')?.ms).toBe(Date.UTC(2020, 0, 1, 10) + 123.456);
  });

  it('reads years 0000 to 0099 as written (Date.UTC made 0050 into 1950)', () => {
    expect(parseDateLiteral('0050-06-01')?.ms).toBe(Date.parse('0050-06-01T00:00:00Z'));
    expect(parseDateLiteral('0099-01-01 12:00')?.ms).toBe(Date.parse('0099-01-01T12:00:00Z'));
    expect(parseDateLiteral('0000-02-29')?.ms).toBe(Date.parse('0000-02-29T00:00:00Z'));
    expect(parseDateLiteral('0001-02-29')).toBeNull();
  });

  it('rejects impossible or non-ISO dates', () => {
    for (const s of ['2010-02-30', '2010-13-01', '2010-6-1', '06/01/2010', '2010-06-01 25:00', 'abc']) expect(parseDateLiteral(s)).toBeNull();
  });
});
