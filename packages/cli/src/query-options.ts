/**
 * The options query commands share, declared once: how to read the CSV files, how to run, and
 * where the result goes. Values are checked here, so a bad one is a usage error (exit 2)
 * that names the option.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { DType } from 'floe/core';
import { FORMATS, type Format } from './output/emit-result.js';

export interface ReadOptions {
  /** Not a flag: every CSV column whose sample is all ISO dates (or timestamps) is read as dates (convert to Parquet or Arrow: a typed copy). */
  datesFromText?: boolean;
  parseDates?: string[];
  dtype?: [string, DType][];
  dateFormat?: [string, string][];
  delimiter?: string;
  header?: boolean | 'auto';
  names?: string[];
  skipRows?: number;
  comment?: string;
  quote?: string;
  escape?: string;
  strictQuotes?: boolean;
  decimal?: string;
  thousands?: string;
  trailingDelimiter?: boolean;
  nullValues?: string[];
  unionByName?: boolean;
  blocksize?: string;
  sampleSize?: string;
  dateErrors?: 'error' | 'null';
  onBadLines?: 'error' | 'skip' | 'warn' | 'pad';
  encoding?: 'utf8' | 'utf8-lossy' | 'latin1' | 'windows-1252';
  onTypeMismatch?: 'error' | 'widen';
}

export interface RunOptions {
  workers?: number;
  redis?: string;
  redisCa?: string;
  shared?: string;
  memoryLimit?: string;
  progress: boolean;
  explain?: boolean;
}

export interface OutputFlags {
  format?: Format;
  output?: string;
}

export interface CommonFlags {
  verbose?: boolean;
}

const DTYPE_NAMES: Record<string, DType> = {
  int64: 'int64', int: 'int64', integer: 'int64',
  float64: 'float64', float: 'float64', double: 'float64',
  bool: 'bool', boolean: 'bool',
  string: 'string', str: 'string', text: 'string',
  timestamp: 'timestamp', datetime: 'timestamp',
  date: 'date',
};

export function addReadOptions(cmd: Command): Command {
  cmd
    .option('--parse-dates <COLS>', "read these columns (comma list) as timestamps; '*' detects ISO dates in every column", collectList)
    .option('--dtype <COL=TYPE>', 'override a column type: int64, float64, bool, string, timestamp, date (repeatable)', collectDtype)
    .option('--date-format <COL=FMT>', "read a column written in another date format, e.g. Date=D-MMM-YY for 12-Jun-98 or Date='DD/MM/YYYY HH:mm' (dayjs tokens; repeatable)", collectDateFormat);
  addDialectOptions(cmd, { names: true });
  return cmd.option('--union-by-name', 'files whose columns differ in order or set are read as one, aligned by name (null where a file lacks a column)');
}

/**
 * How every file a command reads is written and read: its dialect, partitions, sample, encoding
 * and what to do with bad rows. `floe sql` takes these for all its tables (it lacked most: the
 * errors' hints named --comment or --skip-rows, which it refused); `names`: --names, which
 * names one input's columns.
 */
export function addDialectOptions(cmd: Command, opts: { names: boolean } = { names: false }): Command {
  cmd
    .option('--delimiter <CHARS>', "field delimiter, e.g. ';', tab or '||' (default: sniffed from , ; tab |)", parseDelimiter)
    .option('--header <MODE>', "the first row is a header: true (default), false, or auto (sniffed: a first row typed like the rest is data)", parseHeader)
    .option('--no-header', `the files have no header row (columns are column_1, column_2, …${opts.names ? ' unless --names' : ''})`);
  if (opts.names) cmd.option('--names <COLS>', 'column names, comma list (replace the header, or name the columns with --no-header)', collectList);
  return cmd
    .option('--skip-rows <N>', 'skip N lines at the start of each file, before the header', parseCount)
    .option('--comment <PREFIX>', "skip lines starting with PREFIX, e.g. '#'", parseComment)
    .option('--quote <CHAR>', `quote character (default '"'; '' for none: quotes are plain characters)`, (v) => parseChar(v, 'quote'))
    .option('--escape <CHAR>', "escape character inside quoted fields, e.g. '\\' for \\\" (default: quotes are doubled)", (v) => parseChar(v, 'escape'))
    .option('--strict-quotes', 'a quote inside an unquoted field is an error (default: read literally)')
    .addOption(new Option('--decimal <CHAR>', "decimal separator of numbers (default '.')").choices(['.', ',']))
    .option('--thousands <CHAR>', "thousands separator inside numbers, e.g. ',' or '.'", (v) => parseChar(v, 'thousands'))
    .option('--null-values <LIST>', "the text read as null, comma list; '' for empty fields alone (default: empty, NA, N/A, NULL, null, None, NaN, #N/A and the like, as pandas: a country code NA is null)", collectNullValues)
    .option('--trailing-delimiter', 'rows end with one extra delimiter (default: detected)')
    .option('--no-trailing-delimiter', "an empty last header name is a column, not a trailing delimiter")
    .option('--blocksize <SIZE>', 'bytes per partition, e.g. 32MB (default 32MB, larger for --by on a column of 20k+ values; at least 64KB)', parseSize)
    .option('--sample-size <SIZE>', 'bytes sampled per file to infer column types, e.g. 4MB (default 256KB; always at least 100 whole rows)', parseSize)
    .addOption(new Option('--date-errors <MODE>', 'values of a date column that are not dates (--parse-dates, --date-format): an error (default) or null').choices(['error', 'null']))
    .addOption(new Option('--on-bad-lines <MODE>', 'rows with the wrong number of fields: an error (default), dropped, dropped with a warning on stderr, or (short rows) padded with nulls').choices(['error', 'skip', 'warn', 'pad']))
    .addOption(new Option('--encoding <ENC>', "utf8 (default: invalid bytes are an error), utf8-lossy (replaced by U+FFFD) or latin1 (= windows-1252: Windows and Excel exports)").choices(['utf8', 'utf8-lossy', 'latin1', 'windows-1252']))
    .addOption(new Option('--on-type-mismatch <MODE>', 'a value that contradicts its column type: an error with the fix (default), or re-run with the wider type').choices(['error', 'widen']));
}

export function addRunOptions(cmd: Command, opts: { explain: boolean } = { explain: true }): Command {
  cmd.option('--workers <N>', 'worker threads (default: one per core)', parsePositiveInt)
    .option('--memory-limit <SIZE>', 'memory for joins, sorts and large group-bys before they spill to disk, e.g. 512MB (default: an eighth of RAM, between 256MB and 512MB)', parseSize)
    .option('--no-progress', 'no progress bar (it is only drawn when stderr is a terminal)')
    .option('--redis <URL>', "run on a cluster: the 'floe worker' processes serving this Redis (redis://host:6379, rediss://… for TLS)")
    .option('--redis-ca <FILE>', 'with --redis rediss://…: the PEM certificate of the CA that signed the Redis server\'s certificate (a private CA)')
    .option('--shared <DIR>', 'with --redis: the directory every worker sees, for large results and shuffle buckets (default: <tmpdir>/floe-cluster)');
  if (opts.explain) cmd.option('--explain', 'print the optimized plan and exit, reading no data');
  return cmd;
}

export function addOutputOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--format <FMT>', 'output format (default: by the --output extension, else table on a terminal, CSV in a pipe)').choices(FORMATS))
    .option('--output <FILE>', 'write the result to FILE, or to DIR/ as CSV part files in key order (agg, sort, unique, head, sql: never held whole), complete or not at all, instead of stdout');
}

export function addVerboseOption(cmd: Command): Command {
  return cmd.option('--verbose', 'print the stack trace of an error');
}

/** The options every query command takes: reading, running, output, --verbose, then its help text. */
export function addQueryOptions(cmd: Command, help: string): Command {
  addReadOptions(cmd);
  addRunOptions(cmd);
  addOutputOptions(cmd);
  addVerboseOption(cmd);
  return cmd.addHelpText('after', help);
}

export function collectList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];
}

/** --null-values 'NA,-' → ['NA', '-']; '' → [''] (empty fields alone); repeatable. */
function collectNullValues(value: string, previous: string[] | undefined): string[] {
  const given = value === '' ? [''] : value.split(',').map((s) => s.trim());
  return [...new Set([...(previous ?? []), ...given])];
}

export function collectRepeated(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function collectDtype(value: string, previous: [string, DType][] | undefined): [string, DType][] {
  const eq = value.lastIndexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('Write it as COL=TYPE, e.g. X0=float64.');
  const typeName = value.slice(eq + 1).trim().toLowerCase();
  if (!Object.hasOwn(DTYPE_NAMES, typeName)) throw new InvalidArgumentError('The type must be int64, float64, bool, string, timestamp or date.');
  return [...(previous ?? []), [value.slice(0, eq).trim(), DTYPE_NAMES[typeName]]];
}

function collectDateFormat(value: string, previous: [string, string][] | undefined): [string, string][] {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw new InvalidArgumentError('Write it as COL=FMT, e.g. Date=D-MMM-YY or Date=DD/MM/YYYY.');
  const format = value.slice(eq + 1).trim();
  if (!/[YMD]/.test(format) && !/%[YymdebBh]/.test(format)) throw new InvalidArgumentError(`The format ${JSON.stringify(format)} has no year, month or day token (YYYY YY M MM MMM D DD, or strftime: %Y %m %d)`);
  return [...(previous ?? []), [value.slice(0, eq).trim(), format]];
}

function parseDelimiter(value: string): string {
  const d = value === '\\t' || value.toLowerCase() === 'tab' ? '\t' : value;
  if (d.length === 0 || d.length > 8 || /[\r\n]/.test(d)) {
    throw new InvalidArgumentError("Use 1 to 8 characters without a newline, e.g. ';', tab or '||'.");
  }
  return d;
}

function parseHeader(value: string): boolean | 'auto' {
  const v = value.trim().toLowerCase();
  if (v === 'auto') return 'auto';
  if (['true', 'yes', '1'].includes(v)) return true;
  if (['false', 'no', '0', 'none'].includes(v)) return false;
  throw new InvalidArgumentError('Use true, false or auto.');
}

function parseChar(value: string, what: string): string {
  if (what === 'quote' && value === '') return value; // no quoting
  if (value.length !== 1 || value.charCodeAt(0) > 127 || value === '\n' || value === '\r') {
    throw new InvalidArgumentError(`Use one ASCII character as the ${what}, e.g. ${what === 'quote' ? `"'" (or '' for none)` : what === 'escape' ? "'\\'" : "','"}.`);
  }
  return value;
}

function parseComment(value: string): string {
  if (value === '' || /[\r\n]/.test(value)) throw new InvalidArgumentError("Use a prefix without a newline, e.g. '#'.");
  return value;
}

function parseSize(value: string): string {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:[kmgt]i?b?|b)?\s*$/i.exec(value);
  if (!m || Number(m[1]) === 0) throw new InvalidArgumentError('Use a size like 32MB, 512KB or 1GB.');
  return value.trim();
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('Use a whole number of at least 1.');
  return n;
}

export function parseCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('Use a whole number, e.g. 10.');
  return n;
}
