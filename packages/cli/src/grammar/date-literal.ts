/**
 * Reads the date and time literals users compare temporal columns with, e.g.
 * `Date >= '2010-06-01'` or `Date < '2010-06-01 12:30:00'`. ISO 8601 only; naive times are
 * UTC, as the engine reads them.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export interface DateLiteral {
  /** Milliseconds since the Unix epoch. */
  ms: number;
  /** True when the text had no time of day. */
  dateOnly: boolean;
}

export function parseDateLiteral(text: string): DateLiteral | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const frac = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  let ms = Date.UTC(y, mo - 1, d, h, mi, s, frac);
  if (new Date(ms).getUTCDate() !== d) return null; // e.g. 2010-02-30
  if (m[8] && m[8] !== 'Z') {
    const sign = m[8][0] === '-' ? -1 : 1;
    const digits = m[8].slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return { ms, dateOnly: m[4] === undefined };
}
