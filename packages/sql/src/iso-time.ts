/**
 * The text of a SQL date or timestamp literal (`timestamp '2020-01-01 10:00:00.000001'`,
 * `cast('…' as timestamp)`) as floe holds a timestamp: milliseconds since the epoch (UTC), the
 * microseconds as their fraction — read by floe's own timestamp parser (digits past the sixth
 * dropped, years 0–99 as written, never rounded into the next millisecond), in DuckDB's forms:
 * 24:00:00 is the next day's midnight, a trailing Z is UTC, and no other zone is taken (DuckDB
 * drops it, floe would convert it: refused rather than answered differently). Date.parse, used
 * before, dropped the microseconds (`t = timestamp '…00.000001'` matched nothing).
 */
import { parseTimestampText } from '@floe/dataframe';
import { MS_PER_DAY } from './literal.js';

const ISO = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z)?)?$/;

/** Milliseconds (microseconds as the fraction); null when the text is not in ISO form, NaN when it names no such day or time. */
export function isoMs(text: string): number | null {
  const m = ISO.exec(text);
  if (!m) return null;
  if (m[2] === '24') {
    const endOfDay = m[3] === '00' && (m[4] ?? '00') === '00' && /^0*$/.test(m[5] ?? '');
    return endOfDay ? parseTimestampText(m[1]) + MS_PER_DAY : NaN;
  }
  return parseTimestampText(text);
}
