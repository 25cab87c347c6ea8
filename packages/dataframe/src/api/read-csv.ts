/**
 * readCsv(paths, options): expands paths, reads every file's header, samples every file to
 * infer types, and returns a lazy DataFrame. Reads only the samples; no data is parsed yet.
 */
import { checkReaderOptions } from './check-options.js';
import { listFiles, type Paths } from '../io/csv/list-files.js';
import { inferCsvSource } from '../io/csv/infer-schema.js';
import { DEFAULT_BLOCKSIZE, parseByteSize } from '../io/csv/partitions.js';
import { isDType, type DType } from '../types/dtype.js';
import { DataFrame } from './dataframe.js';
import { readByName } from './union-by-name.js';
import type { ScanNode } from '../plan/logical-plan.js';

export interface ReadCsvOptions {
  /** Field delimiter, one or more characters (`;`, `\t`, `||`); sniffed from `,` `;` tab `|` when omitted. */
  delimiter?: string;
  /** The first row is a header (true, default), data (false), or sniffed ('auto': a first row typed like the rest is data). */
  header?: boolean | 'auto';
  /** Column names; with header: false they name the columns, with a header row they replace it. */
  names?: readonly string[];
  /** Lines skipped at the start of each file, before the header. */
  skipRows?: number;
  /** Lines starting with this prefix (e.g. `#`) are skipped. */
  comment?: string;
  /** The quote character (default `"`). */
  quote?: string;
  /** Escape character inside quoted fields, e.g. `\\` for `\"` (default: quotes are doubled, `""`). */
  escape?: string;
  /** A quote inside an unquoted field (`37°36'37.8"N`) is an error instead of a literal character. */
  strictQuotes?: boolean;
  /** Decimal separator: `.` (default) or `,`. */
  decimal?: string;
  /** Thousands separator inside numbers, e.g. `,` or `.` (default none). */
  thousands?: string;
  /** Rows end with one extra delimiter (default: detected from the sample). */
  trailingDelimiter?: boolean;
  /** Unquoted values read as null (default: empty and the usual NA spellings). */
  nullValues?: string | string[];
  /** Column types that override inference. */
  dtypes?: Record<string, DType>;
  /** Columns to read as timestamps (one name or a list), or `true` to detect ISO dates/timestamps in every column. */
  parseDates?: string | string[] | boolean;
  /**
   * Columns written in another format than ISO, read as timestamps (or dates with `dtypes`):
   * `{ Date: 'D-MMM-YY' }` reads `12-Jun-98`; dayjs tokens (YYYY YY M MM MMM D DD H HH h A mm ss SSS),
   * matched strictly, as UTC. Parsed once per distinct value; ISO columns need no format.
   */
  dateFormats?: Record<string, string>;
  /** Unparseable values in date columns: an error (default) or null. */
  dateErrors?: 'error' | 'null';
  /**
   * Bytes per partition, e.g. `32MB` (at least 64 KiB: a smaller value is raised to it, with a
   * warning). Default 32 MiB — and larger (one partition a worker, up to 256 MB) for a groupBy
   * whose key column the sample estimates at 20 k values or more: each partition's partial
   * holds all the groups it meets (`explain()` names the estimate).
   */
  blocksize?: number | string;
  /**
   * Bytes sampled per file for type inference, e.g. `4MB` (default 256 KiB from the head, a
   * quarter of that from the tail). Samples always hold whole rows: the head grows until it has
   * at least 100 complete rows (or the whole file), so very long rows are still typed.
   */
  sampleSize?: number | string;
  /** Rows with the wrong number of fields: an error naming file and line (default), dropped, dropped with a warning, or (short rows) padded with nulls. */
  onBadLines?: 'error' | 'skip' | 'warn' | 'pad';
  /** `utf8` (default): invalid UTF-8 is an error; `utf8-lossy`: replaced by U+FFFD; `latin1` (= `windows-1252`): Windows/Excel exports, transcoded. */
  encoding?: 'utf8' | 'utf8-lossy' | 'latin1' | 'windows-1252';
  /** A value that contradicts a column's inferred type: an error with the fix (default), or re-run with the wider type. */
  onTypeMismatch?: 'error' | 'widen';
  /**
   * Files whose columns differ in order or set are read as one frame, aligned by name: every
   * name seen, in first-seen order, null where a file lacks it (default false: different
   * headers are an error naming both files). See api/union-by-name.ts for the types.
   */
  unionByName?: boolean;
}

const KNOWN = new Set([
  'delimiter', 'header', 'names', 'skipRows', 'comment', 'quote', 'escape', 'strictQuotes', 'decimal', 'thousands', 'trailingDelimiter',
  'nullValues', 'dtypes', 'parseDates', 'dateFormats', 'dateErrors', 'blocksize', 'sampleSize', 'onBadLines', 'encoding', 'onTypeMismatch',
  'unionByName',
]);
const CHOICES: Record<string, readonly unknown[]> = {
  header: [true, false, 'auto'], unionByName: [true, false], dateErrors: ['error', 'null'], onBadLines: ['error', 'skip', 'warn', 'pad'], encoding: ['utf8', 'utf8-lossy', 'latin1', 'windows-1252'], onTypeMismatch: ['error', 'widen'],
};

/**
 * The smallest partition readCsv plans. Each partition is a task; a blocksize of a few bytes
 * turns a 1.6 MB file into a million tasks (minutes of overhead for no gain).
 */
export const MIN_BLOCKSIZE = 64 * 1024;

export function readCsv(paths: Paths, options: ReadCsvOptions = {}): DataFrame {
  return openCsv(paths, options, MIN_BLOCKSIZE);
}

/**
 * Tests only (not exported by the package): readCsv without the blocksize floor, so row
 * alignment, quote parity and line ends are exercised with partitions of a few bytes.
 */
export function readCsvAnyBlocksize(paths: Paths, options: ReadCsvOptions = {}): DataFrame {
  return openCsv(paths, options, 1);
}

/** `otherFiles`: the types unionByName gives columns of these files (read so, but not the caller's dtypes). */
function openCsv(paths: Paths, options: ReadCsvOptions, minBlocksize: number, otherFiles?: Record<string, DType>): DataFrame {
  checkReaderOptions('readCsv', options);
  for (const k of Object.keys(options)) {
    if (!KNOWN.has(k)) throw new TypeError(`readCsv: unknown option ${JSON.stringify(k)}; options are ${[...KNOWN].join(', ')}`);
  }
  for (const [name, t] of Object.entries(options.dtypes ?? {})) {
    if (!isDType(t)) throw new TypeError(`readCsv: dtypes.${name} is ${JSON.stringify(t)}; use int64, float64, bool, string, timestamp or date`);
  }
  for (const [k, allowed] of Object.entries(CHOICES)) {
    const v = (options as Record<string, unknown>)[k];
    if (v !== undefined && !allowed.includes(v)) throw new TypeError(`readCsv: ${k} must be ${allowed.map((a) => (typeof a === 'string' ? `'${a}'` : String(a))).join(' or ')}, got ${JSON.stringify(v)}`);
  }
  if (options.names !== undefined && (!Array.isArray(options.names) || options.names.some((n) => typeof n !== 'string'))) {
    throw new TypeError(`readCsv: names must be an array of strings, got ${JSON.stringify(options.names)}`);
  }
  // names the caller gives are taken as given: one twice would be renamed behind their back (a header's are)
  const twice = options.names?.find((n, i) => options.names!.indexOf(n) !== i);
  if (twice !== undefined) throw new TypeError(`readCsv: names gives ${JSON.stringify(twice)} twice; name each column once`);
  const files = listFiles(paths);
  if (options.unionByName === true && files.length > 1) {
    const { unionByName: _, ...one } = options;
    return readByName(files, (group, otherFiles) => openCsv(group, one, minBlocksize, otherFiles));
  }
  const source = inferCsvSource(files, {
    delimiter: options.delimiter,
    header: options.header,
    names: options.names,
    skipRows: options.skipRows,
    comment: options.comment,
    quote: options.quote,
    escape: options.escape,
    strictQuotes: options.strictQuotes,
    decimal: options.decimal,
    thousands: options.thousands,
    trailingDelimiter: options.trailingDelimiter,
    // one spelling is one value ('NA'), never its letters
    nullValues: typeof options.nullValues === 'string' ? [options.nullValues] : options.nullValues,
    dtypes: options.dtypes,
    otherFiles,
    // one name where a list is expected is the natural slip (it was read as a list of its letters)
    parseDates: typeof options.parseDates === 'string' ? [options.parseDates] : options.parseDates,
    dateFormats: options.dateFormats,
    dateErrors: options.dateErrors,
    onBadLines: options.onBadLines,
    encoding: options.encoding,
    onTypeMismatch: options.onTypeMismatch,
    sampleBytes: options.sampleSize !== undefined ? parseByteSize(options.sampleSize) : undefined,
  });
  let blocksize = options.blocksize !== undefined ? parseByteSize(options.blocksize) : DEFAULT_BLOCKSIZE;
  if (!(blocksize >= 1)) throw new RangeError(`readCsv: blocksize must be at least 1 byte`);
  if (blocksize < minBlocksize) {
    process.emitWarning(`blocksize ${blocksize} bytes is below the minimum of ${minBlocksize / 1024} KiB; using ${minBlocksize / 1024} KiB`, 'FloeWarning');
    blocksize = minBlocksize;
  }
  return new DataFrame({ kind: 'scan', source, blocksize, ...(options.blocksize === undefined ? { autoBlocksize: true } : {}), columns: null, parts: Object.create(null) as ScanNode['parts'] });
}
