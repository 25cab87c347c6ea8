/**
 * The sink side of the format seam: a writer of one part file. `writeCsv`, `writeParquet` (and
 * the next formats) share the write sink, the temp-dir-then-rename commit and the stale-part
 * cleanup; only this interface differs per format. Writers are synchronous and see batches,
 * never rows one at a time from outside. The Parquet and Arrow IPC writers (and their
 * libraries) are loaded on first use (`loadWriteFormat`): a CSV write never loads them.
 */
import { readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { PlanError } from '../plan/plan-error.js';
import { dirname, join, resolve } from 'node:path';
import type { Column } from '../kernels/column.js';
import { plainColumn } from '../kernels/byte-strings.js';
import type { Field } from '../types/dtype.js';
import { csvPartWriter } from './csv/csv-part-writer.js';

export type WriteFormatName = 'csv' | 'parquet' | 'ipc' | 'ndjson';

export interface WriteOptions {
  /** CSV: the field delimiter. */
  delimiter: string;
}

export interface PartWriter {
  /** Appends a batch of `length` rows, one column per field. */
  write(columns: readonly Column[], length: number): void;
  /** Completes the file. */
  finish(): void;
  /** Closes the file after a failure (the caller removes it). */
  abort(): void;
}

export interface WriteFormat {
  open(path: string, fields: readonly Field[], opts: WriteOptions): PartWriter;
}

/** File extension of each format's parts, without the dot (known without loading the writer). */
const EXT: Record<WriteFormatName, string> = { csv: 'csv', parquet: 'parquet', ipc: 'arrow', ndjson: 'ndjson' };

const LOADERS: Record<WriteFormatName, () => Promise<WriteFormat>> = {
  csv: async () => csvPartWriter,
  parquet: async () => (await import('./parquet/write-parquet.js')).parquetPartWriter,
  ipc: async () => (await import('./arrow/ipc-part-writer.js')).ipcPartWriter,
  ndjson: async () => (await import('./ndjson/ndjson-part-writer.js')).ndjsonPartWriter,
};

const loaded: Partial<Record<WriteFormatName, WriteFormat>> = { csv: csvPartWriter };

/** Loads a format's writer on this thread (a write task, or the driver before a write). */
export async function loadWriteFormat(name: WriteFormatName): Promise<void> {
  loaded[name] ??= await LOADERS[name]();
}

export function writeFormat(name: WriteFormatName): WriteFormat {
  const f = loaded[name];
  if (!f) throw new Error(`internal: the ${name} writer is not loaded on this thread (await loadWriteFormat first)`);
  return name === 'csv' ? f : plainWrites(f);
}

/**
 * A writer that reads every text column's strings (Parquet, Arrow IPC, JSON lines) is handed
 * columns whose dictionaries are held as bytes (kernels/byte-strings.ts) decoded once, not read
 * through the Proxy an entry at a time. The CSV writer copies their bytes.
 */
function plainWrites(f: WriteFormat): WriteFormat {
  return {
    open(path, fields, opts) {
      const w = f.open(path, fields, opts);
      // (an empty batch may come without its columns)
      return { write: (columns, length) => w.write(length === 0 ? columns : columns.map(plainColumn), length), finish: () => w.finish(), abort: () => w.abort() };
    },
  };
}

/** `part-00003.parquet` */
export function partFileName(index: number, format: WriteFormatName): string {
  return `part-${String(index).padStart(5, '0')}.${EXT[format]}`;
}

const PART = /^part-\d{5,}\.(csv|parquet|arrow|ndjson)$/;

/** Removes `part-NNNNN.<ext>` files in `dir` other than `keep` (absolute paths): parts of an earlier, larger write. Other files are left alone. */
export function removeStaleParts(dir: string, keep: readonly string[]): void {
  const kept = new Set(keep);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (PART.test(name) && !kept.has(path)) rmSync(path, { force: true });
  }
}

/**
 * Refuses to write into a folder that directly holds one of the query's input files: its part
 * files would replace files still being read (`readCsv('data').….writeCsv('data')`), and the next
 * read of the folder would take the result for input. A path that is a file is refused too, with
 * what the writer writes (it was EEXIST from mkdir).
 */
export function refuseInputFolder(dir: string, inputs: readonly string[], method: string, format: WriteFormatName): void {
  let isFile = false;
  try {
    isFile = !statSync(dir).isDirectory();
  } catch {
    // not there yet: the writer makes the folder
  }
  if (isFile) {
    const bare = dir.replace(/\.[^./\\]*$/, '');
    throw new PlanError(`${method}: ${dir} is a file; ${method} writes a folder of part files (${partFileName(0, format)}, …) — give a folder path, e.g. ${JSON.stringify(`${bare === dir ? `${dir}-parts` : bare}/`)}`);
  }
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  const target = real(dir);
  for (const f of inputs) {
    if (dirname(real(f)) === target) throw new PlanError(`${method}: ${dir} holds this query's input ${f}; write the result to another folder (its part files would replace files being read, and the next read of the folder would take the result for input)`);
  }
}
