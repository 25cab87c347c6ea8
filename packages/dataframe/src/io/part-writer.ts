/**
 * The sink side of the format seam: a writer of one part file. `writeCsv`, `writeParquet` (and
 * the next formats) share the write sink, the temp-dir-then-rename commit and the stale-part
 * cleanup; only this interface differs per format. Writers are synchronous and see batches,
 * never rows one at a time from outside.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Column } from '../kernels/column.js';
import type { Field } from '../types/dtype.js';
import { csvPartWriter } from './csv/csv-part-writer.js';
import { parquetPartWriter } from './parquet/write-parquet.js';
import { ipcPartWriter } from './arrow/ipc-part-writer.js';

export type WriteFormatName = 'csv' | 'parquet' | 'ipc';

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
  /** File extension of the parts, without the dot. */
  ext: string;
  open(path: string, fields: readonly Field[], opts: WriteOptions): PartWriter;
}

const FORMATS: Record<WriteFormatName, WriteFormat> = { csv: csvPartWriter, parquet: parquetPartWriter, ipc: ipcPartWriter };

export function writeFormat(name: WriteFormatName): WriteFormat {
  return FORMATS[name];
}

/** `part-00003.parquet` */
export function partFileName(index: number, format: WriteFormatName): string {
  return `part-${String(index).padStart(5, '0')}.${FORMATS[format].ext}`;
}

const PART = /^part-\d{5,}\.(csv|parquet|arrow)$/;

/** Removes `part-NNNNN.<ext>` files in `dir` other than `keep` (absolute paths): parts of an earlier, larger write. Other files are left alone. */
export function removeStaleParts(dir: string, keep: readonly string[]): void {
  const kept = new Set(keep);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (PART.test(name) && !kept.has(path)) rmSync(path, { force: true });
  }
}
