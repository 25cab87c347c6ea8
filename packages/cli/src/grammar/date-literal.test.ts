import { describe, expect, it } from 'vitest';
import { parseDateLiteral } from './date-literal.js';

describe('parseDateLiteral', () => {
  it('reads ISO dates and times as UTC', () => {
    expect(parseDateLiteral('2010-06-01')).toEqual({ ms: Date.UTC(2010, 5, 1), dateOnly: true });
    expect(parseDateLiteral('2010-06-01 12:30')).toEqual({ ms: Date.UTC(2010, 5, 1, 12, 30), dateOnly: false });
    expect(parseDateLiteral('2010-06-01T12:30:15.250')).toEqual({ ms: Date.UTC(2010, 5, 1, 12, 30, 15, 250), dateOnly: false });
  });

  it('applies an explicit offset', () => {
    expect(parseDateLiteral('2010-06-01T12:00:00+02:00')?.ms).toBe(Date.UTC(2010, 5, 1, 10));
    expect(parseDateLiteral('2010-06-01T12:00:00Z')?.ms).toBe(Date.UTC(2010, 5, 1, 12));
  });

  it('rejects impossible or non-ISO dates', () => {
    for (const s of ['2010-02-30', '2010-13-01', '2010-6-1', '06/01/2010', '2010-06-01 25:00', 'abc']) expect(parseDateLiteral(s)).toBeNull();
  });
});
