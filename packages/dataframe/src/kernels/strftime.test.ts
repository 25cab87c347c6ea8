import { describe, expect, it } from 'vitest';
import type { Column } from './column.js';
import { compileStrftime, strftimeColumn } from './strftime.js';
import { parseTimestampText } from '../io/csv/parse-timestamp.js';

const timestamps = (...texts: (string | null)[]): Column => ({
  dtype: 'timestamp',
  length: texts.length,
  values: Float64Array.from(texts, (t) => (t === null ? 0 : parseTimestampText(t))),
  valid: texts.includes(null) ? Uint8Array.from(texts, (t) => (t === null ? 0 : 1)) : null,
});
const text = (c: Column): (string | null)[] => Array.from(c.values as Int32Array, (code, i) => (c.valid && c.valid[i] === 0 ? null : c.dict![code]));

// expected values as DuckDB 1.5's strftime gives them
describe('strftime', () => {
  it('writes every specifier as DuckDB does, microseconds too', () => {
    const f = '%Y|%y|%-y|%m|%-m|%d|%-d|%H|%-H|%I|%-I|%p|%M|%-M|%S|%-S|%f|%g|%j|%-j|%a|%A|%b|%B|%w|%%';
    expect(text(strftimeColumn(timestamps('2024-03-05 07:08:09.123456'), f, 1))).toEqual(['2024|24|24|03|3|05|5|07|7|07|7|AM|08|8|09|9|123456|123|065|65|Tue|Tuesday|Mar|March|2|%']);
    expect(text(strftimeColumn(timestamps('2024-03-05 17:08:09', '2024-03-05 00:08:09'), '%I %p %z|%Z|%n', 2))).toEqual(['05 PM +00||000000000', '12 AM +00||000000000']);
  });

  it('numbers weeks from Sunday (%U), from Monday (%W) and as ISO 8601 (%V of %G year)', () => {
    expect(text(strftimeColumn(timestamps('2024-01-01', '2024-01-06', '2023-01-01', '2020-12-31'), '%U %W %u %V %G', 4))).toEqual(['00 01 1 01 2024', '00 01 6 01 2024', '01 00 7 52 2022', '52 52 4 53 2020']);
  });

  it('formats dates (midnight), instants before 1970, and each distinct value once into one code per text', () => {
    const dates: Column = { dtype: 'date', length: 3, values: Int32Array.of(-1, 0, 19_000), valid: null };
    expect(text(strftimeColumn(dates, '%Y-%m-%d %H:%M %j', 3))).toEqual(['1969-12-31 00:00 365', '1970-01-01 00:00 001', '2022-01-08 00:00 008']);
    const c = strftimeColumn(timestamps('1965-12-31 23:59:59.5', null, '1965-12-31 08:00:00', '1965-12-31 23:59:59.5'), '%Y-%m %g', 4);
    expect(text(c)).toEqual(['1965-12 500', null, '1965-12 000', '1965-12 500']);
    expect(c.dict).toEqual(['1965-12 500', '1965-12 000']);
  });

  it('names a specifier it does not know', () => {
    expect(() => compileStrftime('%Y-%Q')).toThrow(/^strftime: "%Q" in "%Y-%Q" is not a format specifier floe knows; specifiers: %a %A/);
    expect(() => compileStrftime('%-p')).toThrow(/"%-p"/);
    expect(() => compileStrftime('100%')).toThrow(/"%"/);
  });
});
