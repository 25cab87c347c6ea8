/**
 * Reads the date and time literals users compare temporal columns with, e.g.
 * `Date >= '2010-06-01'` or `Date < '2010-06-01 12:30:00'`. ISO 8601 only; naive times are
 * UTC, as the engine reads them.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export interface DateLiteral {
  /** Milliseconds since the Unix epoch; microseconds are its fraction, as floe holds timestamps. */
  ms: number;
  /** True when the text had no time of day. */
  dateOnly: boolean;
}

export function parseDateLiteral(text: string): DateLiteral | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const day = utcDay(y, mo, d);
  if (new Date(day).getUTCDate() !== d) return null; // e.g. 2010-02-30
  // milliseconds, then microseconds as the fraction; digits past the sixth are dropped, as floe reads them
  const digits = (m[7] ?? '').padEnd(6, '0');
  let ms = day + ((h * 60 + mi) * 60 + s) * 1000 + Number(digits.slice(0, 3)) + Number(digits.slice(3, 6)) / 1000;
  if (m[8] && m[8] !== 'Z') {
    const sign = m[8][0] === '-' ? -1 : 1;
    const offset = m[8].slice(1).replace(':', '');
    ms -= sign * (Number(offset.slice(0, 2)) * 60 + Number(offset.slice(2))) * 60_000;
  }
  return { ms, dateOnly: m[4] === undefined };
}

/** Midnight UTC of a day, for every year: Date.UTC reads years 0–99 as 1900–1999. */
function utcDay(y: number, mo: number, d: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  return t.getTime();
}
