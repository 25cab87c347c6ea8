/**
 * readCsv(paths, options): expands paths, reads every file's header, samples every file to
 * infer types, and returns a lazy DataFrame. Reads only the samples; no data is parsed yet.
 */
import { listFiles } from '../io/csv/list-files.js';
import { inferCsvSource } from '../io/csv/infer-schema.js';
import { DEFAULT_BLOCKSIZE, parseByteSize } from '../io/csv/partitions.js';
import { isDType, type DType } from '../types/dtype.js';
import { DataFrame } from './dataframe.js';

export interface ReadCsvOptions {
  /** Field delimiter; sniffed from `,` `;` tab `|` when omitted. */
  delimiter?: string;
  /** Unquoted values read as null (default: empty and the usual NA spellings). */
  nullValues?: string[];
  /** Column types that override inference. */
  dtypes?: Record<string, DType>;
  /** Columns to read as timestamps, or `true` to detect ISO dates/timestamps in every column. */
  parseDates?: string[] | boolean;
  /** Unparseable values in date columns: an error (default) or null. */
  dateErrors?: 'error' | 'null';
  /** Bytes per partition, e.g. `32MB` (default 32 MiB). */
  blocksize?: number | string;
  /** Bytes sampled per file for type inference: 256 KiB from the head, a quarter of that from the tail. */
  sampleSize?: number | string;
}

const KNOWN = new Set(['delimiter', 'nullValues', 'dtypes', 'parseDates', 'dateErrors', 'blocksize', 'sampleSize']);

export function readCsv(paths: string | string[], options: ReadCsvOptions = {}): DataFrame {
  for (const k of Object.keys(options)) {
    if (!KNOWN.has(k)) throw new TypeError(`readCsv: unknown option ${JSON.stringify(k)}; options are ${[...KNOWN].join(', ')}`);
  }
  for (const [name, t] of Object.entries(options.dtypes ?? {})) {
    if (!isDType(t)) throw new TypeError(`readCsv: dtypes.${name} is ${JSON.stringify(t)}; use int64, float64, bool, string, timestamp or date`);
  }
  if (options.dateErrors !== undefined && options.dateErrors !== 'error' && options.dateErrors !== 'null') {
    throw new TypeError(`readCsv: dateErrors must be 'error' or 'null'`);
  }
  const files = listFiles(paths);
  const source = inferCsvSource(files, {
    delimiter: options.delimiter,
    nullValues: options.nullValues,
    dtypes: options.dtypes,
    parseDates: options.parseDates,
    dateErrors: options.dateErrors,
    sampleBytes: options.sampleSize !== undefined ? parseByteSize(options.sampleSize) : undefined,
  });
  const blocksize = options.blocksize !== undefined ? parseByteSize(options.blocksize) : DEFAULT_BLOCKSIZE;
  if (!(blocksize >= 1)) throw new RangeError(`readCsv: blocksize must be at least 1 byte`);
  return new DataFrame({ kind: 'scan', source, blocksize, columns: null, parts: {} });
}
