/**
 * File paths named in FROM ('data/*.csv', 'orders.csv', 'folder/'): CSV and TSV files, globs
 * and folders, read with ISO dates detected (like DuckDB's read_csv). Other formats are refused
 * by name until floe can read them. Each path is opened once per query.
 */
import { existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { readCsv, type DataFrame, type ReadCsvOptions } from '@floe/dataframe';
import { SqlError, type SqlPosition } from './sql-error.js';

const READABLE = new Set(['.csv', '.tsv', '.txt', '']);

export function fileReader(options: ReadCsvOptions = {}): (path: string, at: SqlPosition | null) => DataFrame {
  const opened = new Map<string, DataFrame>();
  return (path, at) => {
    let df = opened.get(path);
    if (df) return df;
    const ext = extname(path).toLowerCase();
    if (!READABLE.has(ext) && !isDirectory(path)) {
      throw new SqlError(`reading ${ext} files is not supported yet: '${path}'; floe reads CSV and TSV files (.csv, .tsv), globs of them and folders`, at);
    }
    df = readCsv(path, { parseDates: true, ...options });
    opened.set(path, df);
    return df;
  };
}

/** Whether a name in FROM means a file: it has a path's shape, or exists. */
export function looksLikePath(name: string): boolean {
  return /[/\\.*?]/.test(name) || existsSync(name);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
