/**
 * A result as JSON: an array of row objects, one per line, or NDJSON (one object per
 * line, nothing else). Timestamps and dates are strings as in CSV; int64 values beyond 2^53
 * keep every digit; NaN and ±Infinity, which JSON cannot hold, are null.
 */
import type { CellValue } from 'floe/core';
import { valueText } from './format-value.js';
import type { ResultSet } from './result-set.js';

export function* formatJson(rs: ResultSet): Iterable<string> {
  if (rs.numRows === 0) {
    yield '[]\n';
    return;
  }
  yield '[\n';
  for (let i = 0; i < rs.numRows; i++) yield `${i === 0 ? '' : ',\n'}${rowObject(rs, i)}`;
  yield '\n]\n';
}

export function* formatNdjson(rs: ResultSet): Iterable<string> {
  for (let i = 0; i < rs.numRows; i++) yield `${rowObject(rs, i)}\n`;
}

export function rowObject(rs: ResultSet, i: number): string {
  return `{${rs.fields.map((f, k) => `${JSON.stringify(f.name)}:${jsonValue(rs.columns[k][i], f.dtype)}`).join(',')}}`;
}

export function jsonValue(v: CellValue, dtype: string): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return String(v);
  return JSON.stringify(valueText(v, dtype));
}
