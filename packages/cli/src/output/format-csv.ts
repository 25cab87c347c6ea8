/**
 * A result as RFC 4180 CSV: a header, LF line ends, nulls as empty fields, and quotes only
 * where a field needs them (delimiter, quote, newline, surrounding spaces, or text that spells a
 * null: an empty string, NA, null — unquoted, readCsv reads those back as null).
 *
 * Lines are yielded in pieces of about 64 kB, each column's values turned to text by a function
 * chosen once for its type: a string a row, with each field's type looked up again, took ~140 ms
 * of a 100 k-group result (`floe agg` on db-benchmark's id3) before a byte was written.
 */
import { isNullSpelling, type CellValue } from 'floe/core';
import { valueText } from './format-value.js';
import type { ResultSet } from './result-set.js';

const PIECE = 1 << 16;

export function* formatCsv(rs: ResultSet, delimiter = ','): Iterable<string> {
  const header = `${rs.fields.map((f) => quote(f.name, delimiter)).join(delimiter)}\n`;
  const texts = rs.fields.map((f) => fieldText(f.dtype, delimiter));
  const { columns } = rs;
  const last = columns.length - 1;
  let out = header;
  for (let i = 0; i < rs.numRows; i++) {
    if (last < 0) out += '\n';
    for (let k = 0; k <= last; k++) {
      const v = columns[k][i];
      if (v !== null) out += texts[k](v);
      out += k === last ? '\n' : delimiter;
    }
    if (out.length >= PIECE) {
      yield out;
      out = '';
    }
  }
  if (out.length > 0) yield out;
}

/** How a column's non-null values read: numbers as they print (no quoting needed where the delimiter is not in any number's text). */
function fieldText(dtype: string, delimiter: string): (v: Exclude<CellValue, null>) => string {
  const plainNumbers = !/[0-9.eE+\-NaIfity]/.test(delimiter);
  if (dtype === 'int64' && plainNumbers) return (v) => String(v);
  if (dtype === 'float64' && plainNumbers) return (v) => valueText(v, 'float64');
  // text that reads back as null unquoted ("", NA, null, …) is quoted, as writeCsv quotes it
  if (dtype === 'string') return (v) => {
    const text = String(v);
    return isNullSpelling(text) ? `"${text.replaceAll('"', '""')}"` : quote(text, delimiter);
  };
  return (v) => quote(valueText(v, dtype), delimiter);
}

function quote(s: string, delimiter: string): string {
  const needs = s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r') || s !== s.trim();
  return needs ? `"${s.replaceAll('"', '""')}"` : s;
}
