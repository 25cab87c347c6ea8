/** readNdjson(paths, { onBadLines, parseDates, dtypes }): JSON-lines files (a folder means its *.jsonl / *.ndjson, also gzip- or zstd-compressed: .jsonl.gz, .ndjson.zst), schema inferred from each file's head, one partition per file. */
import { checkReaderOptions } from './check-options.js';
import { listFiles, type Paths } from '../io/csv/list-files.js';
import { DEFAULT_BLOCKSIZE } from '../io/csv/partitions.js';
import { inferNdjsonSource } from '../io/ndjson/ndjson-source.js';
import type { ScanNode } from '../plan/logical-plan.js';
import { DataFrame } from './dataframe.js';

export interface ReadNdjsonOptions {
  /** A line that is not a JSON object: an error naming file and line (default), or dropped ('skip'), or dropped with a warning ('warn'). */
  onBadLines?: 'error' | 'skip' | 'warn';
  /** String columns to read as timestamps (one name or a list; ISO dates and timestamps), or `true` for every string column whose sampled values all are. */
  parseDates?: string | string[] | boolean;
  /**
   * Column types given rather than sampled: a key the sample typed otherwise (null throughout it,
   * or whole numbers before a fraction), or one that first appears past the sample (added as a
   * column). A string column takes numbers and booleans as their text; a timestamp, ISO dates.
   */
  dtypes?: Record<string, NdjsonDType>;
}

/** The types `dtypes` may give a JSON-lines column. */
export type NdjsonDType = 'int64' | 'float64' | 'bool' | 'string' | 'timestamp';
const NDJSON_DTYPES: readonly string[] = ['int64', 'float64', 'bool', 'string', 'timestamp'];

export function readNdjson(paths: Paths, options: ReadNdjsonOptions = {}): DataFrame {
  // an option readCsv has (dtypes, delimiter…) would otherwise be ignored without a word
  checkReaderOptions('readNdjson', options);
  for (const k of Object.keys(options)) if (k !== 'onBadLines' && k !== 'parseDates' && k !== 'dtypes') throw new TypeError(`readNdjson: unknown option ${JSON.stringify(k)}; options are onBadLines, parseDates and dtypes`);
  const dtypes = options.dtypes ?? {};
  if (dtypes === null || typeof dtypes !== 'object' || Array.isArray(dtypes)) throw new TypeError(`readNdjson: dtypes must be an object of column name to type, e.g. { "v": 'float64' }, got ${JSON.stringify(dtypes)}`);
  for (const [name, t] of Object.entries(dtypes)) {
    if (!NDJSON_DTYPES.includes(t)) throw new TypeError(`readNdjson: dtypes.${name} must be one of ${NDJSON_DTYPES.join(', ')}, got ${JSON.stringify(t)}${(t as string) === 'date' ? " (JSON lines read dates as 'timestamp')" : ''}`);
  }
  const parseDates = options.parseDates ?? false;
  // a single name where a list is expected is the natural slip: take it
  const dates = typeof parseDates === 'string' ? [parseDates] : parseDates;
  if (typeof dates !== 'boolean' && !(Array.isArray(dates) && dates.every((d) => typeof d === 'string'))) throw new TypeError(`readNdjson: parseDates must be a list of column names or true, got ${JSON.stringify(parseDates)}`);
  const onBadLines = options.onBadLines ?? 'error';
  if (!['error', 'skip', 'warn'].includes(onBadLines)) throw new TypeError(`readNdjson: onBadLines must be 'error', 'skip' or 'warn', got ${JSON.stringify(onBadLines)}`);
  const files = listFiles(paths, { verb: 'readNdjson', exts: ['jsonl', 'ndjson', 'jsonl.gz', 'ndjson.gz', 'jsonl.zst', 'ndjson.zst'] });
  const source = inferNdjsonSource(files, onBadLines, dates, dtypes);
  return new DataFrame({ kind: 'scan', source, blocksize: DEFAULT_BLOCKSIZE, columns: null, parts: Object.create(null) as ScanNode['parts'] });
}
