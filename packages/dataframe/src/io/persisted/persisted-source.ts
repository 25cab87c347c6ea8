/**
 * A persisted result behind the Source seam: the rows of a query computed once by persist(),
 * one chunk per partition, each in memory or (past its share of the memory budget) in an
 * Arrow IPC file of the persist's own directory. Each partition is read back as a chunk of
 * rows (the same task input an exchange bucket is); nothing upstream is read again.
 *
 * The descriptor on the plan is plain data (an id); the chunks live in this module's store on
 * the driver, so unpersist() frees them (and removes the directory) even while frames built on
 * the persisted one are still referenced — those then fail with a clear error, never read stale
 * or missing files.
 */
import { concatColumns, type Column } from '../../kernels/column.js';
import { chunkFileBytes, columnsBytes, type RowChunk } from '../../physical/row-chunk.js';
import type { SpillDir } from '../../physical/spill-dir.js';
import type { Field } from '../../types/dtype.js';
import type { PlannedPartition, Source, SourceInfo } from '../source.js';

export interface PersistedSource extends SourceInfo {
  format: 'persisted';
  id: number;
  /** What was persisted (the plan's first line), for explain() and errors. */
  origin: string;
}

interface Stored {
  fields: Field[];
  chunks: RowChunk[];
  /** Bytes of each chunk: in memory, or of its file. */
  bytes: number[];
  dir: SpillDir;
}

export interface PersistedStorage {
  rows: number;
  partitions: number;
  /** Partitions held in memory, and their bytes. */
  inMemory: number;
  memoryBytes: number;
  /** Partitions spilled to Arrow IPC files, their bytes, and the directory holding them (null: none). */
  onDisk: number;
  diskBytes: number;
  dir: string | null;
}

const store = new Map<number, Stored>();
let nextId = 1;

/** Keeps the chunks under a new id; `dir` is removed with them. */
export function storePersisted(fields: Field[], chunks: RowChunk[], dir: SpillDir, origin: string): PersistedSource {
  const id = nextId++;
  const bytes = chunks.map((c) => (c.kind === 'mem' ? columnsBytes(c.columns) : chunkFileBytes(c)));
  store.set(id, { fields, chunks, bytes, dir });
  return { format: 'persisted', id, origin, files: [], schema: fields, typeNotes: {}, onBadLines: 'error', onTypeMismatch: 'error' };
}

/** Frees the chunks and removes their directory; false if it was already gone. */
export function dropPersisted(id: number): boolean {
  const s = store.get(id);
  if (!s) return false;
  store.delete(id);
  s.dir.remove();
  return true;
}

export function persistedStorage(id: number): PersistedStorage | null {
  const s = store.get(id);
  if (!s) return null;
  const out: PersistedStorage = { rows: 0, partitions: s.chunks.length, inMemory: 0, memoryBytes: 0, onDisk: 0, diskBytes: 0, dir: null };
  s.chunks.forEach((c, i) => {
    out.rows += c.length;
    if (c.kind === 'mem') { out.inMemory++; out.memoryBytes += s.bytes[i]; }
    else { out.onDisk++; out.diskBytes += s.bytes[i]; out.dir ??= s.dir.dir; }
  });
  return out;
}

function stored(source: PersistedSource): Stored {
  const s = store.get(source.id);
  if (!s) throw new Error(`this frame reads a persisted result that was unpersisted (${source.origin}); persist() the query again`);
  return s;
}

export const persistedFormat: Source<PersistedSource> = {
  readsCalendarParts: false,
  singleStage: false,
  estimatedBytes(source) {
    const s = store.get(source.id);
    return s ? s.bytes.reduce((a, b) => a + b, 0) : 0;
  },
  plan(source, req): PlannedPartition[] {
    const s = stored(source);
    const keep = s.fields.map((f, k) => ({ f, k })).filter(({ f }) => req.columns === null || req.columns.includes(f.name));
    const out = s.chunks.map((c, i): PlannedPartition => {
      // a file chunk is read whole (its columns are positional); a memory chunk sends only the projected columns
      if (c.kind === 'file') return { input: { kind: 'rows', fields: s.fields, chunks: [c] }, scan: null, bytes: s.bytes[i] };
      const columns: Column[] = keep.map(({ k }) => c.columns[k]);
      return { input: { kind: 'rows', fields: keep.map(({ f }) => f), chunks: [{ kind: 'mem', length: c.length, columns }] }, scan: null, bytes: s.bytes[i] };
    });
    if (out.length > 0) return out;
    const fields = keep.map(({ f }) => f);
    return [{ input: { kind: 'rows', fields, chunks: [{ kind: 'mem', length: 0, columns: fields.map((f) => concatColumns([], f.dtype)) }] }, scan: null, bytes: 0 }];
  },
  explain(source, req) {
    const st = persistedStorage(source.id);
    if (!st) return `PersistedScan (unpersisted) of ${source.origin}`;
    const mb = (b: number): string => `${(b / 1024 ** 2).toFixed(1)} MB`;
    const cols = req.columns === null ? 'all columns' : `columns [${req.columns.join(', ')}]`;
    const disk = st.onDisk > 0 ? `, ${st.onDisk} spilled to ${st.dir} (${mb(st.diskBytes)})` : '';
    return `PersistedScan ${st.rows} row(s) in ${st.partitions} partition(s), ${st.inMemory} in memory (${mb(st.memoryBytes)})${disk}; ${cols}; nothing upstream is read again — persisted from: ${source.origin}`;
  },
};
