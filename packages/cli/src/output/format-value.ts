/**
 * The text of one cell, shared by every output format so that a value reads the same in a
 * table, a CSV file and JSON: timestamps as `2010-01-01 00:00:00` (UTC, `.mmm` only when
 * there are milliseconds), dates as `2010-01-01`, float64 whole numbers with `.0`.
 */
import type { CellValue } from 'floe/core';

export function formatTimestamp(d: Date): string {
  const iso = d.toISOString();
  const ms = iso.slice(20, 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${ms === '000' ? '' : `.${ms}`}`;
}

export function formatDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Full-precision text of a non-null value; `dtype` decides how a Date or a float reads. */
export function valueText(v: Exclude<CellValue, null>, dtype: string): string {
  if (v instanceof Date) return dtype === 'date' ? formatDate(v) : formatTimestamp(v);
  if (typeof v === 'number' && dtype === 'float64' && Number.isInteger(v) && Math.abs(v) < 1e21) return Object.is(v, -0) ? '-0.0' : `${v}.0`;
  return String(v);
}

/** Shorter text for a terminal: floats to 10 significant digits. */
export function displayText(v: CellValue, dtype: string): string {
  if (v === null) return 'null';
  if (typeof v === 'number' && !Number.isInteger(v)) {
    const s = String(v);
    if (s.length <= 12) return s;
    return Math.abs(v) >= 1e-4 && Math.abs(v) < 1e15 ? String(Number(v.toPrecision(10))) : v.toExponential(6);
  }
  return valueText(v, dtype);
}
