/**
 * Writes a floe result Table as CSV for the answer check: a header, then one line per row; null
 * is an empty field, numbers in JavaScript's shortest round-trip form (so DuckDB reads back the
 * exact double), strings quoted only when they must be. Buffered; not on any timed path.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { CellValue, Table } from 'floe';

const FLUSH = 4 * 1024 * 1024;

function field(v: CellValue): string {
  if (v === null) return '';
  if (typeof v === 'string') return /[",\n\r]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

export function writeAnswer(table: Table, path: string): void {
  const names = table.columnNames;
  const cols = names.map((n) => table.column(n));
  const fd = openSync(path, 'w');
  try {
    let chunk = `${names.join(',')}\n`;
    for (let r = 0; r < table.numRows; r++) {
      let line = field(cols[0].get(r));
      for (let c = 1; c < cols.length; c++) line += `,${field(cols[c].get(r))}`;
      chunk += `${line}\n`;
      if (chunk.length >= FLUSH) { writeSync(fd, chunk); chunk = ''; }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

/** Joins CSV part files (each with its header) into one file with one header. Not timed. */
export function joinParts(parts: readonly string[], path: string): void {
  const fd = openSync(path, 'w');
  try {
    parts.forEach((p, i) => {
      const buf = readFileSync(p);
      const nl = buf.indexOf(10);
      writeSync(fd, i === 0 || nl < 0 ? buf : buf.subarray(nl + 1));
    });
  } finally {
    closeSync(fd);
  }
}
