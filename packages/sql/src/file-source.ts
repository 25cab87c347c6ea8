/**
 * File paths named in FROM ('data/*.csv', 'orders.csv', 'lake/*.parquet', 'folder/'): by
 * extension, CSV and TSV files (ISO dates detected, like DuckDB's read_csv), Parquet, Arrow IPC
 * and JSON lines (ISO dates detected too, like DuckDB's read_json); globs and folders of CSV. Other formats are refused by name. Each path is
 * opened once per query.
 */
import { existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { readCsv, readIpc, readNdjson, readParquet, type DataFrame, type ReadCsvOptions } from '@floe/dataframe';
import { SqlError, type SqlPosition } from './sql-error.js';

const READABLE = new Set(['.csv', '.tsv', '.txt', '']);
const NDJSON = new Set(['.jsonl', '.ndjson']);
const OTHER: Record<string, (path: string) => DataFrame> = {
  '.parquet': (p) => readParquet(p),
  '.arrow': (p) => readIpc(p),
  '.ipc': (p) => readIpc(p),
  '.jsonl': (p) => readNdjson(p, { parseDates: true }),
  '.ndjson': (p) => readNdjson(p, { parseDates: true }),
};

/** `from '-'`: standard input, which the CLI copies to a file first (see SqlOptions.files). */
export const STDIN_NAME = '-';

/**
 * Opens the paths a query names; `files` maps a path as written to the file to read instead
 * (the CLI's copy of standard input or of a pipe).
 */
export function fileReader(options: ReadCsvOptions = {}, files: Readonly<Record<string, string>> = {}): (path: string, at: SqlPosition | null) => DataFrame {
  const opened = new Map<string, DataFrame>();
  return (written, at) => {
    let df = opened.get(written);
    if (df) return df;
    const path = Object.hasOwn(files, written) ? files[written] : written;
    if (path === STDIN_NAME) {
      throw new SqlError("'-' is standard input, which only the floe CLI reads (`cat data.csv | floe sql \"select … from '-'\"`); in a program, pass a DataFrame as a table", at);
    }
    // CSV and JSON lines may be gzip- or zstd-compressed: the kind is the extension before .gz/.zst
    const z = /\.(gz|zst)$/i.exec(path)?.[0].toLowerCase() ?? '';
    const ext = extname(path.slice(0, path.length - z.length)).toLowerCase();
    const other = Object.hasOwn(OTHER, ext) && (z === '' || NDJSON.has(ext)) ? OTHER[ext] : null;
    const csv = z === '' ? READABLE.has(ext) || isDirectory(path) : ext === '.csv' || ext === '.tsv';
    if (!other && !csv) {
      throw new SqlError(`reading ${ext}${z} files is not supported yet: '${path}'; floe reads .csv, .tsv, .parquet, .arrow/.ipc and .jsonl/.ndjson files (CSV and JSON lines also as .gz/.zst), globs of them and folders of CSV`, at);
    }
    df = other ? other(path) : readCsv(path, { parseDates: true, ...options });
    opened.set(written, df);
    return df;
  };
}

/** Whether a name in FROM means a file: it has a path's shape, or exists. */
export function looksLikePath(name: string): boolean {
  return name === STDIN_NAME || /[/\\.*?]/.test(name) || existsSync(name);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
