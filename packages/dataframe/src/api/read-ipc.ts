/** readIpc(paths): Arrow IPC files (stream or file format; a folder means its *.arrow / *.ipc / *.feather files), one partition per file. */
import { listFiles, type Paths } from '../io/csv/list-files.js';
import { DEFAULT_BLOCKSIZE } from '../io/csv/partitions.js';
import { inferIpcSource } from '../io/arrow/ipc-source.js';
import type { ScanNode } from '../plan/logical-plan.js';
import { checkOptions, describeValue } from './check-options.js';
import { DataFrame } from './dataframe.js';

export interface ReadIpcOptions {
  /** Read only these columns (also how to skip a column of a type floe cannot read). */
  columns?: string[] | string;
}

export function readIpc(paths: Paths, options: ReadIpcOptions = {}): DataFrame {
  checkOptions('readIpc', options, ['columns'], "{ columns: ['a', 'b'] }");
  const only = options.columns === undefined ? undefined : typeof options.columns === 'string' ? [options.columns] : options.columns;
  if (only !== undefined && (!Array.isArray(only) || only.some((c) => typeof c !== 'string'))) {
    throw new TypeError(`readIpc: columns must be an array of column names, got ${describeValue(options.columns)}`);
  }
  const files = listFiles(paths, { verb: 'readIpc', exts: ['arrow', 'ipc', 'feather'] });
  const source = inferIpcSource(files, only);
  return new DataFrame({ kind: 'scan', source, blocksize: DEFAULT_BLOCKSIZE, columns: null, parts: Object.create(null) as ScanNode['parts'] });
}
