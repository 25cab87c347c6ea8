/** readIpc(paths): Arrow IPC files (stream or file format; a folder means its *.arrow / *.ipc / *.feather files), one partition per file. */
import { listFiles } from '../io/csv/list-files.js';
import { DEFAULT_BLOCKSIZE } from '../io/csv/partitions.js';
import { inferIpcSource } from '../io/arrow/ipc-source.js';
import type { ScanNode } from '../plan/logical-plan.js';
import { DataFrame } from './dataframe.js';

export function readIpc(paths: string | string[]): DataFrame {
  const files = listFiles(paths, { verb: 'readIpc', exts: ['arrow', 'ipc', 'feather'] });
  const source = inferIpcSource(files);
  return new DataFrame({ kind: 'scan', source, blocksize: DEFAULT_BLOCKSIZE, columns: null, parts: Object.create(null) as ScanNode['parts'] });
}
