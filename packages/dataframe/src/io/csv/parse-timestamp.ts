/**
 * ISO-8601 timestamps and dates straight from bytes:
 *   YYYY-MM-DD[( |T)HH:MM[:SS[.fraction]]][Z|±HH[[:]MM]]
 * Naive times are taken as UTC; 24:00[:00] is the next day's midnight (ISO 8601, DuckDB).
 * Returns NaN when the bytes are not in this form or name an impossible date; callers decide
 * whether that is an error or a null.
 */
import { daysFromCivil, isValidCivil, MS_PER_DAY } from '../../kernels/civil-time.js';
import { withinMs } from '../timestamp-scale.js';

/** Scratch for the parts of the last parsed timestamp: y, m, d, H, M, S, ms, µs (within the ms). */
export const tsParts = new Int32Array(8);

const d2 = (b: Uint8Array, p: number): number => {
  const a = b[p] - 48;
  const c = b[p + 1] - 48;
  return a >= 0 && a <= 9 && c >= 0 && c <= 9 ? a * 10 + c : -1;
};

/**
 * Parses into tsParts; returns the UTC offset in minutes, or NaN if not a timestamp. Hour 24
 * stays in tsParts with the day as written (a date column reads that day, as DuckDB casts
 * `'2020-01-01 24:00:00'` to a date); partsToMs makes it the next midnight.
 */
export function parseTimestampParts(b: Uint8Array, start: number, end: number): number {
  const off = parseParts(b, start, end);
  // no later time of hour 24 is one
  return tsParts[3] === 24 && (tsParts[4] | tsParts[5] | tsParts[6] | tsParts[7]) !== 0 ? NaN : off;
}

function parseParts(b: Uint8Array, start: number, end: number): number {
  const len = end - start;
  if (len < 10 || b[start + 4] !== 0x2d || b[start + 7] !== 0x2d) return NaN;
  const yh = d2(b, start);
  const yl = d2(b, start + 2);
  const mo = d2(b, start + 5);
  const d = d2(b, start + 8);
  if (yh < 0 || yl < 0 || mo < 0 || d < 0) return NaN;
  const y = yh * 100 + yl;
  if (!isValidCivil(y, mo, d)) return NaN;
  tsParts[0] = y; tsParts[1] = mo; tsParts[2] = d;
  tsParts[3] = 0; tsParts[4] = 0; tsParts[5] = 0; tsParts[6] = 0; tsParts[7] = 0;
  let p = start + 10;
  if (p === end) return 0;
  const sep = b[p];
  if ((sep !== 0x20 && sep !== 0x54) || end - p < 6 || b[p + 3] !== 0x3a) return NaN;
  const h = d2(b, p + 1);
  const mi = d2(b, p + 4);
  if (h < 0 || h > 24 || mi < 0 || mi > 59) return NaN;
  tsParts[3] = h; tsParts[4] = mi;
  p += 6;
  if (p < end && b[p] === 0x3a) {
    const s = end - p >= 3 ? d2(b, p + 1) : -1;
    if (s < 0 || s > 59) return NaN;
    tsParts[5] = s;
    p += 3;
    if (p < end && b[p] === 0x2e) {
      p++;
      // milliseconds and microseconds are kept; digits past the sixth (ns) are dropped
      let ms = 0;
      let us = 0;
      let n = 0;
      while (p < end && b[p] >= 0x30 && b[p] <= 0x39) {
        if (n < 3) ms = ms * 10 + (b[p] - 48);
        else if (n < 6) us = us * 10 + (b[p] - 48);
        n++;
        p++;
      }
      if (n === 0) return NaN;
      for (let k = n; k < 3; k++) ms *= 10;
      for (let k = Math.max(n, 3); k < 6; k++) us *= 10;
      tsParts[6] = ms;
      tsParts[7] = us;
    }
  }
  if (p === end) return 0;
  if (b[p] === 0x5a && p + 1 === end) return 0;
  if (b[p] === 0x2b || b[p] === 0x2d) {
    const sign = b[p] === 0x2d ? -1 : 1;
    const oh = d2(b, p + 1);
    // an offset of hours alone (+02, as ISO 8601 and DuckDB take it)
    if (oh >= 0 && p + 3 === end) return sign * oh * 60;
    const q = b[p + 3] === 0x3a ? p + 4 : p + 3;
    const om = d2(b, q);
    if (oh < 0 || om < 0 || q + 2 !== end) return NaN;
    return sign * (oh * 60 + om);
  }
  return NaN;
}

/** Milliseconds since the epoch; microseconds are its fraction (exact to the µs for years 1692–2248). */
export function partsToMs(offsetMinutes: number): number {
  const ms = daysFromCivil(tsParts[0], tsParts[1], tsParts[2]) * MS_PER_DAY
    + tsParts[3] * 3_600_000 + tsParts[4] * 60_000 + tsParts[5] * 1000 + tsParts[6]
    - offsetMinutes * 60_000;
  return tsParts[7] === 0 ? ms : withinMs(ms, tsParts[7] / 1000);
}

/** Milliseconds since the epoch, or NaN. */
export function parseTimestampMs(b: Uint8Array, start: number, end: number): number {
  const off = parseTimestampParts(b, start, end);
  return Number.isNaN(off) ? NaN : partsToMs(off);
}

const utf8 = new TextEncoder();

/** Milliseconds since the epoch of an ISO date/time held as a JS string (a literal, JSON text, a cast), or NaN. */
export function parseTimestampText(s: string): number {
  const b = utf8.encode(s);
  return parseTimestampMs(b, 0, b.length);
}

/** True if the field holds only a date (no time part). */
export function isDateOnly(b: Uint8Array, start: number, end: number): boolean {
  return end - start === 10 && !Number.isNaN(parseTimestampParts(b, start, end));
}
