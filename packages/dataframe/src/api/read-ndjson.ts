/** readNdjson(paths, { onBadLines }): JSON-lines files (a folder means its *.jsonl / *.ndjson, also gzip- or zstd-compressed: .jsonl.gz, .ndjson.zst), schema inferred from each file's head, one partition per file. */
import { listFiles } from '../io/csv/list-files.js';
import { DEFAULT_BLOCKSIZE } from '../io/csv/partitions.js';
import { inferNdjsonSource } from '../io/ndjson/ndjson-source.js';
import type { ScanNode } from '../plan/logical-plan.js';
import { DataFrame } from './dataframe.js';

export interface ReadNdjsonOptions {
  /** A line that is not a JSON object: an error naming file and line (default), or dropped ('skip'), or dropped with a warning ('warn'). */
  onBadLines?: 'error' | 'skip' | 'warn';
}

export function readNdjson(paths: string | string[], options: ReadNdjsonOptions = {}): DataFrame {
  // an option readCsv has (parseDates, dtypes…) would otherwise be ignored without a word
  for (const k of Object.keys(options)) if (k !== 'onBadLines') throw new TypeError(`readNdjson: unknown option ${JSON.stringify(k)}; options are onBadLines (a timestamp stays a string: col(name).cast('timestamp') converts it)`);
  const onBadLines = options.onBadLines ?? 'error';
  if (!['error', 'skip', 'warn'].includes(onBadLines)) throw new TypeError(`readNdjson: onBadLines must be 'error', 'skip' or 'warn', got ${JSON.stringify(onBadLines)}`);
  const files = listFiles(paths, { verb: 'readNdjson', exts: ['jsonl', 'ndjson', 'jsonl.gz', 'ndjson.gz', 'jsonl.zst', 'ndjson.zst'] });
  const source = inferNdjsonSource(files, onBadLines);
  return new DataFrame({ kind: 'scan', source, blocksize: DEFAULT_BLOCKSIZE, columns: null, parts: Object.create(null) as ScanNode['parts'] });
}
