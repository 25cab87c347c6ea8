/**
 * readParquet(paths, options): expands paths (a directory: its *.parquet files), reads every
 * file's footer for the schema and row-group statistics, and returns a lazy DataFrame. Only
 * footers are read here; a query reads just its columns and the row groups its filter can match.
 */
import { checkReaderOptions } from './check-options.js';
import { listFiles, type Paths } from '../io/csv/list-files.js';
import { DEFAULT_BLOCKSIZE, parseByteSize } from '../io/csv/partitions.js';
import { inferParquetSource } from '../io/parquet/parquet-source.js';
import type { ScanNode } from '../plan/logical-plan.js';
import { DataFrame } from './dataframe.js';

export interface ReadParquetOptions {
  /** Compressed bytes of the read columns per partition (consecutive row groups of a file; default 32 MiB; a row group is never split). */
  blocksize?: number | string;
  /** Read only these columns (the rest are not decoded; also how to skip a column floe cannot read). */
  columns?: string[];
}

export function readParquet(paths: Paths, options: ReadParquetOptions = {}): DataFrame {
  checkReaderOptions('readParquet', options);
  for (const k of Object.keys(options)) {
    if (k !== 'blocksize' && k !== 'columns') throw new TypeError(`readParquet: unknown option ${JSON.stringify(k)}; options are blocksize, columns`);
  }
  const files = listFiles(paths, { verb: 'readParquet', exts: ['parquet'] });
  const source = inferParquetSource(files, options.columns);
  const blocksize = options.blocksize !== undefined ? parseByteSize(options.blocksize) : DEFAULT_BLOCKSIZE;
  if (!(blocksize >= 1)) throw new RangeError('readParquet: blocksize must be at least 1 byte');
  return new DataFrame({ kind: 'scan', source, blocksize, ...(options.blocksize === undefined ? { autoBlocksize: true } : {}), columns: null, parts: Object.create(null) as ScanNode['parts'] });
}
