/**
 * File paths named in FROM ('data/*.csv', 'orders.csv', 'lake/*.parquet', 'folder/'): by
 * extension, CSV and TSV files (ISO dates detected, like DuckDB's read_csv), Parquet, Arrow IPC
 * and JSON lines; globs and folders of CSV. Other formats are refused by name. Each path is
 * opened once per query.
 */
import { existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { readCsv, readIpc, readNdjson, readParquet, type DataFrame, type ReadCsvOptions } from '@floe/dataframe';
import { SqlError, type SqlPosition } from './sql-error.js';

const READABLE = new Set(['.csv', '.tsv', '.txt', '']);
const OTHER: Record<string, (path: string) => DataFrame> = {
  '.parquet': (p) => readParquet(p),
  '.arrow': (p) => readIpc(p),
  '.ipc': (p) => readIpc(p),
  '.jsonl': (p) => readNdjson(p),
  '.ndjson': (p) => readNdjson(p),
};

export function fileReader(options: ReadCsvOptions = {}): (path: string, at: SqlPosition | null) => DataFrame {
  const opened = new Map<string, DataFrame>();
  return (path, at) => {
    let df = opened.get(path);
    if (df) return df;
    const ext = extname(path).toLowerCase();
    const other = Object.hasOwn(OTHER, ext) ? OTHER[ext] : null;
    if (!other && !READABLE.has(ext) && !isDirectory(path)) {
      throw new SqlError(`reading ${ext} files is not supported yet: '${path}'; floe reads .csv, .tsv, .parquet, .arrow/.ipc and .jsonl/.ndjson files, globs of them and folders of CSV`, at);
    }
    df = other ? other(path) : readCsv(path, { parseDates: true, ...options });
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
