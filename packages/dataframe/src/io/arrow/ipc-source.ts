/**
 * Arrow IPC files (stream or file format) behind the Source seam: the schema is read from each
 * file's first message (only the head of the file is read); a partition is one file, read whole
 * by its task and emitted in batches (io/arrow/read-ipc.ts).
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { arrow } from '../lazy-arrow.js';
import type { Field } from '../../types/dtype.js';
import { filesBytes } from '../files-bytes.js';
import type { PlannedPartition, Source, SourceInfo } from '../source.js';
import { arrowDType } from './from-arrow.js';

export interface IpcSource extends SourceInfo {
  format: 'ipc';
  files: { path: string; size: number; mtimeMs: number }[];
}

export interface IpcPartition {
  path: string;
  fields: Field[];
  planned: { size: number; mtimeMs: number };
}

const HEAD = 1 << 20;

/** Reads each file's schema; all files must have the same columns and types. `only`: just these columns (the way past a type floe does not read). */
export function inferIpcSource(paths: readonly string[], only?: readonly string[]): IpcSource {
  let schema: Field[] | null = null;
  let first = '';
  const files = paths.map((path) => {
    const fd = openSync(path, 'r');
    let size: number;
    let mtimeMs: number;
    let head: Uint8Array;
    try {
      const st = fstatSync(fd);
      size = st.size;
      mtimeMs = st.mtimeMs;
      head = new Uint8Array(Math.min(size, HEAD));
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    const fields = ipcSchema(path, head, size, only);
    if (schema === null) { schema = fields; first = path; }
    else if (fields.length !== schema.length || fields.some((f, k) => f.name !== schema![k].name || f.dtype !== schema![k].dtype)) {
      throw new Error(`readIpc: ${path} has other columns than ${first}; read files with one schema together`);
    }
    return { path, size, mtimeMs };
  });
  return { format: 'ipc', files, schema: schema ?? [], typeNotes: {}, onBadLines: 'error', onTypeMismatch: 'error' };
}

function ipcSchema(path: string, head: Uint8Array, size: number, only: readonly string[] | undefined): Field[] {
  const open = (bytes: Uint8Array) => arrow().RecordBatchReader.from(bytes).open();
  let reader;
  try {
    reader = open(head);
  } catch (err) {
    // a schema message longer than the head: read the whole file
    if (head.length >= size) throw new Error(`readIpc: ${path} is not an Arrow IPC file, or is cut short (${(err as Error).message})`);
    try {
      reader = open(readFileSync(path));
    } catch (whole) {
      throw new Error(`readIpc: ${path} is not an Arrow IPC file, or is cut short (${(whole as Error).message})`);
    }
  }
  if (!reader.schema) throw new Error(`readIpc: ${path} is not an Arrow IPC file (no schema message)`);
  const all = reader.schema.fields;
  if (only) {
    const names = all.map((f) => f.name);
    for (const c of only) if (!names.includes(c)) throw new Error(`readIpc: ${path} has no column ${JSON.stringify(c)}; columns: ${names.join(', ')}`);
  }
  return all.filter((f) => !only || only.includes(f.name)).map((f) => ({ name: f.name, dtype: arrowDType(f.name, f.type, `readIpc: ${path}`) }));
}

export const ipcFormat: Source<IpcSource> = {
  readsCalendarParts: false,
  singleStage: false,
  estimatedBytes: (source) => filesBytes(source),
  plan(source, req): PlannedPartition[] {
    const fields = source.schema.filter((f) => req.columns === null || req.columns.includes(f.name));
    return source.files.map((f) => {
      const partition: IpcPartition = { path: f.path, fields, planned: { size: f.size, mtimeMs: f.mtimeMs } };
      return { input: { kind: 'source', format: 'ipc', partition }, scan: null, bytes: f.size };
    });
  },
  explain(source, req) {
    const cols = req.columns === null ? 'all columns' : `columns [${req.columns.join(', ')}]`;
    return `IpcScan ${source.files.length} file(s), ${cols}, one partition per file`;
  },
};
