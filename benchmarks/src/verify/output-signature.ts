/**
 * Signature of a filter + projection result that a contender wrote as CSV files into a
 * directory (any layout: floe's part-NNNNN.csv, DuckDB's per-thread data_N.csv, one file).
 * Read by the suite after the measured process has exited, so it costs the contender nothing.
 *
 * Rows are keyed by the first selected column; the other columns are summed as exact integers
 * of hundredths (the inputs have at most two decimals), so the sums do not depend on row order.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FilterWriteQuery } from '../queries.js';
import { SignatureBuilder, type Signature } from './signature.js';

export function csvFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...csvFilesUnder(path));
    else if (name.endsWith('.csv')) out.push(path);
  }
  return out;
}

export function outputSignature(dir: string, query: FilterWriteQuery): Signature {
  const [keyName, ...valueNames] = query.select;
  const b = new SignatureBuilder(valueNames, false);
  const files = csvFilesUnder(dir);
  if (files.length === 0) throw new Error(`no CSV files were written under ${dir}`);
  for (const file of files) {
    const text = readFileSync(file, 'latin1');
    let start = 0;
    let header: string[] | null = null;
    let keyAt = -1;
    let valueAt: number[] = [];
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
      start = end + 1;
      if (line === '') continue;
      const fields = line.split(',');
      if (header === null) {
        header = fields.map((f) => f.replace(/^"|"$/g, ''));
        keyAt = header.indexOf(keyName);
        valueAt = valueNames.map((n) => header!.indexOf(n));
        if (keyAt < 0 || valueAt.some((i) => i < 0)) throw new Error(`${file}: header ${header.join(',')} lacks ${query.select.join(',')}`);
        continue;
      }
      b.add(fields[keyAt].replace(/^"|"$/g, ''), valueAt.map((i) => Math.round(Number(fields[i]) * 100)));
    }
  }
  return b.finish();
}
