/**
 * The text of a SQL date or timestamp literal (`timestamp '2020-01-01 10:00:00.000001'`,
 * `cast('…' as timestamp)`) as floe holds a timestamp: milliseconds since the epoch (UTC), the
 * microseconds as their fraction. Read as DuckDB reads it: digits past the sixth are dropped,
 * 24:00:00 is the next day's midnight, a trailing Z is UTC. Date.parse, used before, dropped the
 * microseconds (`t = timestamp '…00.000001'` matched nothing).
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z)?)?$/;

/** Milliseconds (microseconds as the fraction); null when the text is not in ISO form, NaN when it names no such day or time. */
export function isoMs(text: string): number | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const digits = (m[7] ?? '').padEnd(6, '0');
  const ms = Number(digits.slice(0, 3));
  const us = Number(digits.slice(3, 6));
  const endOfDay = h === 24 && mi === 0 && s === 0 && ms === 0 && us === 0;
  if ((h > 23 && !endOfDay) || mi > 59 || s > 59) return NaN;
  const day = dayMs(y, mo, d);
  if (Number.isNaN(day)) return NaN;
  return withinMs(day + ((h * 60 + mi) * 60 + s) * 1000 + ms, us / 1000);
}

/** Midnight of a day, or NaN for a day that does not exist (2023-02-29); years 0–99 as written (Date.UTC made them 1900–1999). */
function dayMs(y: number, mo: number, d: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? t.getTime() : NaN;
}

/**
 * `ms` plus a fraction below 1, never rounded up into the next millisecond: past years 1692–2248
 * a double cannot hold every microsecond, and …59.999999 would become the next second (floe's
 * readers keep the same rule).
 */
function withinMs(ms: number, fraction: number): number {
  const x = ms + fraction;
  if (x < ms + 1) return x;
  const next = ms + 1;
  const bits = new Float64Array([next]);
  const word = new BigInt64Array(bits.buffer);
  word[0] += next > 0 ? -1n : 1n; // the next double toward −∞
  return bits[0];
}
