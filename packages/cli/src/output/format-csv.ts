/**
 * A result as RFC 4180 CSV: a header, LF line ends, nulls as empty fields, and quotes only
 * where a field needs them (delimiter, quote, newline, surrounding spaces, or text that spells a
 * null: an empty string, NA, null — unquoted, readCsv reads those back as null).
 */
import { isNullSpelling, type CellValue } from 'floe/core';
import { valueText } from './format-value.js';
import type { ResultSet } from './result-set.js';

export function* formatCsv(rs: ResultSet, delimiter = ','): Iterable<string> {
  yield `${rs.fields.map((f) => quote(f.name, delimiter)).join(delimiter)}\n`;
  for (let i = 0; i < rs.numRows; i++) {
    yield `${rs.columns.map((c, k) => field(c[i], rs.fields[k].dtype, delimiter)).join(delimiter)}\n`;
  }
}

function field(v: CellValue, dtype: string, delimiter: string): string {
  if (v === null) return '';
  const text = valueText(v, dtype);
  // text that reads back as null unquoted ("", NA, null, …) is quoted, as writeCsv quotes it
  return dtype === 'string' && isNullSpelling(text) ? `"${text.replaceAll('"', '""')}"` : quote(text, delimiter);
}

function quote(s: string, delimiter: string): string {
  const needs = s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r') || s !== s.trim();
  return needs ? `"${s.replaceAll('"', '""')}"` : s;
}
