/**
 * Type inference from sampled values (infer-schema.ts), one column at a time: the shortcuts
 * taken for plain integers and ISO dates must give the types the general rules give.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../api/read-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-infer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let k = 0;

function typeOf(values: string[], options: Parameters<typeof readCsv>[1] = {}): string {
  const path = join(dir, `c${k++}.csv`);
  writeFileSync(path, `x\n${values.join('\n')}\n`);
  return readCsv(path, options).schema[0].dtype;
}

describe('inferred column types', () => {
  it.each([
    [['1', '-2', '+3', '007'], 'int64'],
    [['123456789012345678', '-123456789012345678'], 'int64'], // 18 digits: the shortcut
    [['9223372036854775807', '-9223372036854775808'], 'int64'], // 19 digits inside int64
    [['9223372036854775808'], 'float64'], // past int64
    [[' 5', '6 '], 'int64'], // spaces around: trimmed
    [['1', '2.5'], 'float64'],
    [['1', '1e3'], 'float64'],
    [['1', 'x'], 'string'],
    [['1', '-'], 'string'],
    [['1', ''], 'int64'],
    [['true', 'FALSE'], 'bool'],
  ])('%j → %s', (values, dtype) => {
    expect(typeOf(values)).toBe(dtype);
  });

  it.each([
    [['2024-01-31', '1999-12-31'], 'timestamp'], // dates alone: a timestamp at midnight, as pandas
    [['2024-01-31', '2024-01-31 10:00:00'], 'timestamp'],
    [['2024-01-31T10:00:00.123Z', '2024-01-31 10:00:00+01:00'], 'timestamp'],
  ])('with parseDates: %j → %s', (values, dtype) => {
    expect(typeOf(values, { parseDates: ['x'] })).toBe(dtype);
  });

  it.each([
    [['2024-01-31', '2024-02-30']], // an impossible date
    [['2024-01-31', '2024-01-31é']], // not ASCII: not a date
    [['2024-01-31', '2024-01-3１']], // a fullwidth digit is no digit
  ])('with parseDates, %j is no date column: an error naming the value', (values) => {
    expect(() => typeOf(values, { parseDates: ['x'] })).toThrow(values[1]);
  });

  it('thousands and decimal separators count for numbers', () => {
    expect(typeOf(['"1,234"', '5'], { thousands: ',' })).toBe('int64');
    expect(typeOf(['1,5', '2'], { delimiter: ';', decimal: ',' })).toBe('float64');
  });
});
