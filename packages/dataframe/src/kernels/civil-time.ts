/**
 * Calendar arithmetic on integers (proleptic Gregorian, UTC), after Howard Hinnant's
 * days_from_civil / civil_from_days. No Date objects: these run once per row.
 */
export const MS_PER_DAY = 86_400_000;

export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Writes [year, month, day] of a day number into out. */
export function civilFromDays(z: number, out: Int32Array): void {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (m <= 2 ? 1 : 0);
  out[1] = m;
  out[2] = d;
}

export function isValidCivil(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dim = m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= dim;
}

/** Monday = 0 … Sunday = 6 (pandas' dt.weekday). 1970-01-01 was a Thursday. */
export function weekdayOfDays(days: number): number {
  return (((days + 3) % 7) + 7) % 7;
}

/** `YYYY-MM-DD HH:MM:SS`, then `.mmm` or `.mmmuuu` when the value has milliseconds or microseconds. */
/** Milliseconds within which a double holds every microsecond (2^43: 1691-04-06 to 2248-09-26). */
export const EXACT_US_MS = 2 ** 43;

export function formatTimestamp(value: number): string {
  // microseconds are the fraction of the millisecond value (CSV and Parquet keep them), taken
  // apart from the whole milliseconds: value · 1000 rounded once more, and from 2^42 ms (before
  // ~1830, after ~2109) that rounding put ~0.3 % of values a microsecond off
  let ms = Math.floor(value);
  // past ±2^43 ms (1691-04-06 to 2248-09-26) a double's step is ~2 µs: to the millisecond there, not noise digits (.999969)
  let subUs = Math.abs(value) < EXACT_US_MS ? Math.round((value - ms) * 1000) : 0;
  if (subUs === 1000) { ms += 1; subUs = 0; }
  const days = Math.floor(ms / MS_PER_DAY);
  const rem = ms - days * MS_PER_DAY;
  const ymd = new Int32Array(3);
  civilFromDays(days, ymd);
  const h = Math.floor(rem / 3_600_000);
  const mi = Math.floor((rem % 3_600_000) / 60_000);
  const s = Math.floor((rem % 60_000) / 1000);
  const frac = rem % 1000;
  const base = `${formatDateParts(ymd[0], ymd[1], ymd[2])} ${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
  if (subUs !== 0) return `${base}.${String(frac * 1000 + subUs).padStart(6, '0')}`;
  return frac === 0 ? base : `${base}.${String(frac).padStart(3, '0')}`;
}

export function formatDate(days: number): string {
  const ymd = new Int32Array(3);
  civilFromDays(days, ymd);
  return formatDateParts(ymd[0], ymd[1], ymd[2]);
}

function formatDateParts(y: number, m: number, d: number): string {
  const ys = y < 0 ? `-${String(-y).padStart(4, '0')}` : String(y).padStart(4, '0');
  return `${ys}-${pad2(m)}-${pad2(d)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
