/**
 * Reads the date and time literals users compare temporal columns with, e.g.
 * `Date >= '2010-06-01'` or `Date < '2010-06-01 12:30:00'`. ISO 8601 only; naive times are
 * UTC, as the engine reads them; read by the engine's own parser (microseconds kept, years 0–99
 * as written).
 */
import { parseTimestampText } from 'floe/core';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export interface DateLiteral {
  /** Milliseconds since the Unix epoch; microseconds are its fraction, as floe holds timestamps. */
  ms: number;
  /** True when the text had no time of day. */
  dateOnly: boolean;
  /** The text as the engine takes it: a day with a zone ('2020-01-01Z') as that day's midnight there. */
  text: string;
}

/** null when the text is not an ISO date or names no such day or time (2010-02-30, 25:00). */
export function parseDateLiteral(raw: string): DateLiteral | null {
  const t = raw.trim();
  const m = ISO.exec(t);
  if (!m) return null;
  const text = m[4] === undefined && m[8] !== undefined ? `${t.slice(0, 10)}T00:00:00${m[8]}` : t;
  const ms = parseTimestampText(text);
  return Number.isNaN(ms) ? null : { ms, dateOnly: m[4] === undefined, text };
}
