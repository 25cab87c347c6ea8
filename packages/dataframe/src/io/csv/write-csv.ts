/**
 * Formats columns as CSV text (RFC 4180: fields with a delimiter, quote or newline are quoted,
 * inner quotes doubled; nulls are empty fields; timestamps as `YYYY-MM-DD HH:MM:SS[.mmm]`).
 */
import { valueAt, type Column } from '../../kernels/column.js';
import { formatDate, formatTimestamp } from '../../kernels/civil-time.js';
import type { Field } from '../../types/dtype.js';
import { DEFAULT_NULL_VALUES } from './dialect.js';

export function csvHeader(fields: readonly Field[], delimiter: string): string {
  return `${fields.map((f) => quote(f.name, delimiter)).join(delimiter)}\n`;
}

export function formatCsvRows(cols: readonly Column[], n: number, delimiter: string): string {
  const fmt = cols.map((c) => formatter(c, delimiter));
  const lines: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let line = '';
    for (let k = 0; k < cols.length; k++) {
      if (k > 0) line += delimiter;
      line += fmt[k](i);
    }
    lines[i] = line;
  }
  return `${lines.join('\n')}\n`;
}

function formatter(c: Column, delimiter: string): (i: number) => string {
  const valid = c.valid;
  const isNull = (i: number): boolean => valid !== null && valid[i] === 0;
  switch (c.dtype) {
    case 'string': {
      const dict = c.dict!;
      const codes = c.values as Int32Array;
      // a dictionary larger than the batch (shared by many batches) is quoted row by row, not whole each time
      if (dict.length > c.length) return (i) => (isNull(i) ? '' : quote(dict[codes[i]], delimiter));
      const quoted = dict.map((s) => quote(s, delimiter));
      return (i) => (isNull(i) ? '' : quoted[codes[i]]);
    }
    case 'timestamp': return (i) => (isNull(i) ? '' : formatTimestamp(c.values[i] as number));
    case 'date': return (i) => (isNull(i) ? '' : formatDate(c.values[i] as number));
    default: return (i) => (isNull(i) ? '' : String(valueAt(c, i)));
  }
}

/** Strings that a reader would take for null unless quoted. */
const NULL_SPELLINGS = new Set(DEFAULT_NULL_VALUES);

export function quote(s: string, delimiter: string): string {
  if (NULL_SPELLINGS.has(s) || s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r')) {
    return `"${s.replaceAll('"', '""')}"`;
  }
  return s;
}
