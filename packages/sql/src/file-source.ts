/**
 * File paths named in FROM ('data/*.csv', 'orders.csv', 'lake/*.parquet', 'folder/'): by
 * extension, CSV and TSV files (ISO dates detected, like DuckDB's read_csv), Parquet, Arrow IPC
 * and JSON lines (ISO dates detected too, like DuckDB's read_json); globs of them, and folders (read as the kind
 * of file they hold: CSV, or else Parquet, Arrow IPC or JSON lines). Other formats are refused by name. Each path is
 * opened once per query.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { readCsv, readIpc, readNdjson, readParquet, type DataFrame, type DType, type NdjsonDType, type ReadCsvOptions } from '@floe/dataframe';
import { SqlError, type SqlPosition } from './sql-error.js';

const READABLE = new Set(['.csv', '.tsv', '.txt', '']);
const NDJSON = new Set(['.jsonl', '.ndjson']);
const TYPED: Record<string, (path: string) => DataFrame> = {
  '.parquet': (p) => readParquet(p),
  '.arrow': (p) => readIpc(p),
  '.ipc': (p) => readIpc(p),
};

/** Column types given for the text tables of a query (SqlOptions.dtypes), by column name. */
export type Dtypes = Readonly<Record<string, DType>>;

type TableKind = 'csv' | 'ndjson' | 'typed';

/** `from '-'`: standard input, which the CLI copies to a file first (see SqlOptions.files). */
export const STDIN_NAME = '-';

/**
 * Opens the paths a query names; `files` maps a path as written to the file to read instead
 * (the CLI's copy of standard input or of a pipe). `dtypes` types columns of the text tables:
 * each CSV or JSON-lines table with a column of that name reads it so; a name no table has is a
 * key for every JSON-lines table to read (one first met past its sample); `paths` are all the
 * query names, for that decision (sqlFromPaths).
 */
export function fileReader(options: ReadCsvOptions = {}, files: Readonly<Record<string, string>> = {}, dtypes: Dtypes = {}, paths: () => readonly string[] = () => []): (path: string, at: SqlPosition | null) => DataFrame {
  const opened = new Map<string, DataFrame>();
  let assigned: Assigned | null = null;
  return (written, at) => {
    let df = opened.get(written);
    if (df) return df;
    const path = Object.hasOwn(files, written) ? files[written] : written;
    if (path === STDIN_NAME) {
      throw new SqlError("'-' is standard input, which only the floe CLI reads (`cat data.csv | floe sql \"select … from '-'\"`); in a program, pass a DataFrame as a table", at);
    }
    const kind = tableKind(path, at);
    if (Object.keys(dtypes).length > 0) assigned ??= assignDtypes(paths().map((p) => (Object.hasOwn(files, p) ? files[p] : p)), options, dtypes);
    const own = assigned?.dtypes.get(path);
    // a table no dtype applies to is the one opened to decide that (not read and sniffed again)
    df = own === undefined ? (assigned?.plain.get(path) ?? openTable(path, kind, options, undefined)) : openTable(path, kind, options, own);
    opened.set(written, df);
    return df;
  };
}

/** How a path is read: by extension (before .gz/.zst); an unreadable kind is refused by name. */
function tableKind(path: string, at: SqlPosition | null): TableKind {
  // CSV and JSON lines may be gzip- or zstd-compressed: the kind is the extension before .gz/.zst
  const z = /\.(gz|zst)$/i.exec(path)?.[0].toLowerCase() ?? '';
  const ext = extname(path.slice(0, path.length - z.length)).toLowerCase();
  // .json: read as JSON lines (what most record exports and floe's own writer hold; a file that is
  // one array is refused by the reader with the command that converts it)
  if (NDJSON.has(ext) || (ext === '.json' && z === '')) return 'ndjson';
  // a folder: the kind of file it holds (a folder of Parquet parts said it held no .csv files)
  const held = z === '' && ext === '' ? folderKind(path) : null;
  if (held !== null) return held;
  if (z === '' && Object.hasOwn(TYPED, ext)) return 'typed';
  if (z === '' ? READABLE.has(ext) || isDirectory(path) : ext === '.csv' || ext === '.tsv') return 'csv';
  throw new SqlError(`reading ${ext}${z} files is not supported yet: '${path}'; floe reads .csv, .tsv, .parquet, .arrow/.ipc and .jsonl/.ndjson/.json (JSON lines) files (CSV and JSON lines also as .gz/.zst), globs of them and folders of them`, at);
}

/** A folder's kind when it holds no CSV but Parquet, Arrow IPC or JSON lines files (by their extensions); null otherwise. */
function folderKind(path: string): TableKind | null {
  if (!isDirectory(path)) return null;
  let names: string[];
  try {
    names = readdirSync(path).filter((n) => !n.startsWith('.'));
  } catch {
    return null;
  }
  const exts = new Set(names.map((n) => extname(n.replace(/\.(gz|zst)$/i, '')).toLowerCase()));
  if (exts.has('.csv') || exts.has('.tsv')) return null;
  const typed = [...exts].find((e) => Object.hasOwn(TYPED, e));
  if (typed !== undefined) { typedFolders.set(path, typed); return 'typed'; }
  return exts.has('.jsonl') || exts.has('.ndjson') ? 'ndjson' : null;
}

/** A folder read as 'typed': the extension of its files. */
const typedFolders = new Map<string, string>();

function openTable(path: string, kind: TableKind, options: ReadCsvOptions, dtypes: Record<string, DType> | undefined): DataFrame {
  if (kind === 'typed') return TYPED[typedFolders.get(path) ?? extname(path).toLowerCase()](path);
  if (kind === 'ndjson') return readNdjson(path, { parseDates: true, ...(dtypes && { dtypes: dtypes as Record<string, NdjsonDType> }) });
  return readCsv(path, { parseDates: true, ...options, ...(dtypes && { dtypes }) });
}

/**
 * Which table reads which of `dtypes`: each text table whose columns have the name; a name no
 * table has goes to every JSON-lines table (a key past its sample). A name of a Parquet or Arrow
 * table's column, or of no table's when none is JSON lines, is an error saying what to write.
 */
interface Assigned {
  /** Each path's own dtypes (a path no dtype applies to has none). */
  dtypes: Map<string, Record<string, DType>>;
  /** Each path opened without dtypes, as it was to learn its columns. */
  plain: Map<string, DataFrame>;
}

function assignDtypes(paths: readonly string[], options: ReadCsvOptions, dtypes: Dtypes): Assigned {
  const plain = new Map<string, DataFrame>();
  const tables = paths.map((path) => {
    const kind = tableKind(path, null);
    const df = openTable(path, kind, options, undefined);
    plain.set(path, df);
    return { path, kind, names: new Set(df.schema.map((f) => f.name)) };
  });
  const out = new Map<string, Record<string, DType>>();
  const give = (path: string, name: string, type: DType): void => {
    let own = out.get(path);
    if (!own) out.set(path, (own = Object.create(null) as Record<string, DType>));
    own[name] = type;
  };
  for (const [name, type] of Object.entries(dtypes)) {
    const holders = tables.filter((t) => t.names.has(name));
    const takers = holders.length > 0 ? holders : tables.filter((t) => t.kind === 'ndjson');
    if (takers.length === 0) {
      const columns = [...new Set(tables.flatMap((t) => [...t.names]))].join(', ');
      throw new SqlError(`dtypes (--dtype) names ${JSON.stringify(name)}, a column of no table the query reads (their columns: ${columns})`, null);
    }
    for (const t of takers) {
      if (t.kind === 'typed') {
        throw new SqlError(`dtypes (--dtype) names ${JSON.stringify(name)}, a column of '${t.path}', whose file holds its types; convert it in the query: CAST(${JSON.stringify(name)} AS …)`, null);
      }
      if (t.kind === 'ndjson' && type === 'date') {
        throw new SqlError(`dtypes ${name}=date: JSON lines read dates as timestamps ('${t.path}'); type it timestamp (cast to date in the query)`, null);
      }
      give(t.path, name, type);
    }
  }
  return { dtypes: out, plain };
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
