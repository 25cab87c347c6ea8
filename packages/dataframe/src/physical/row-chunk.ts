/**
 * A chunk of rows moving between stages: in memory (columns travel with the task result, by
 * transfer) or, past the operator's share of the memory budget, in an Arrow IPC spill file whose
 * path travels instead. Readers do not care which.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Column } from '../kernels/column.js';
import { compactDictionary } from '../kernels/compact-dictionary.js';
import type { Field } from '../types/dtype.js';
import { encodeChunk, readChunkFile, writeChunkFile } from '../io/spill/chunk-file.js';
import type { ByteRange, SpillAppender } from '../io/spill/spill-file.js';
import { shareDictionary, sharedDictionary, type SharedDictRef } from '../io/spill/shared-dictionary.js';
import { readStateFile, writeStateFile } from '../io/spill/state-file.js';

export type RowChunk =
  /** `dicts[k]`: string column k's codes index that shared dictionary (io/spill/shared-dictionary.ts); its `dict` is left out. */
  | { kind: 'mem'; length: number; columns: Column[]; dicts?: (SharedDictRef | null)[] }
  /** `range`: the chunk's bytes in a file of several (io/spill/spill-file.ts); without it, the whole file. */
  | { kind: 'file'; length: number; path: string; range?: ByteRange; dicts?: (SharedDictRef | null)[] };

/** Where and when an operator spills: files go to `dir`, named from `name`; chunks above `threshold` bytes spill. */
export interface SpillSpec {
  dir: string;
  name: string;
  threshold: number;
}

export function columnsBytes(columns: readonly Column[]): number {
  let b = 0;
  for (const c of columns) b += c.values.byteLength + (c.valid ? c.valid.byteLength : 0) + (c.dict ? c.dict.length * 16 : 0);
  return b;
}

/**
 * Keeps a chunk in memory, or writes it to `<dir>/<name>-<suffix>.spill` when it is over the
 * threshold. `share[k]`: string column k's dictionary is shared by many chunks (worthSharing) —
 * kept or spilled, its codes refer to the dictionary written once into the spill folder, and a
 * reader's chunks share the one array of its strings it reads (a kept chunk compacted its own:
 * a range reading pieces of both kinds merged, ranked and gathered through ~17 dictionaries of
 * the same ids — db-benchmark q10 under a 256 MB budget).
 */
export function keepOrSpill(fields: readonly Field[], all: Column[], length: number, spill: SpillSpec, suffix: string, share?: readonly boolean[], into?: SpillAppender): RowChunk {
  const shared = share?.some((s) => s) === true && length > 0;
  // a shared dictionary is not compacted to be measured: each of its columns counts at most an entry a row
  const columns = shared ? all.map((c, k) => (share[k] ? c : compactDictionary(c))) : all.map(compactDictionary);
  const bytes = shared ? columnsBytes(columns.map((c, k) => (share[k] ? { ...c, dict: undefined } : c))) + columns.reduce((b, c, k) => b + (share[k] ? Math.min(length, c.dict!.length) * 16 : 0), 0) : columnsBytes(columns);
  if (length === 0) return { kind: 'mem', length, columns };
  const dicts = shared ? columns.map((c, k) => (share[k] ? shareDictionary(spill.dir, spill.name, c.dict!) : null)) : undefined;
  if (bytes <= spill.threshold) return dicts ? { kind: 'mem', length, columns: columns.map((c, k) => (dicts[k] ? { ...c, dict: undefined } : c)), dicts } : { kind: 'mem', length, columns };
  // into the task's file at a byte range, or a file of its own
  const range = into?.append(encodeChunk(fields, columns, dicts));
  const path = into?.path ?? spillPath(spill, suffix);
  if (into === undefined) writeChunkFile(path, fields, columns, dicts);
  return { kind: 'file', length, path, ...(range ? { range } : {}), ...(dicts ? { dicts } : {}) };
}

/** The file of the chunk (or chunks) `suffix` names. */
export function spillPath(spill: SpillSpec, suffix: string): string {
  return join(spill.dir, `${spill.name}-${suffix}.spill`);
}

/** The bytes a spilled chunk takes on disk. */
export function chunkFileBytes(chunk: Extract<RowChunk, { kind: 'file' }>): number {
  return chunk.range !== undefined ? chunk.range[1] : statSync(chunk.path).size;
}

export function readRowChunk(chunk: RowChunk, fields: readonly Field[]): Column[] {
  if (chunk.kind === 'file') return readChunkFile(chunk.path, fields, chunk.length, chunk.dicts, chunk.range);
  const dicts = chunk.dicts;
  return dicts === undefined ? chunk.columns : chunk.columns.map((c, k) => (dicts[k] ? { ...c, dict: sharedDictionary(dicts[k]) } : c));
}

/** An opaque value (aggregate partial) kept in memory or spilled with V8 serialization. */
export type StateChunk<T> = { kind: 'mem'; value: T } | { kind: 'file'; path: string };

/**
 * What one task may keep in memory over all the chunks it hands on. A chunk under the spill
 * threshold still spills once the task has kept its allowance: a task that cuts its output
 * several times (a partial aggregate flushed at maxGroups) would otherwise keep threshold ×
 * buckets × flushes.
 */
export class KeepAllowance {
  constructor(private left: number) {}

  /** Takes `bytes` from the allowance if they fit. */
  take(bytes: number): boolean {
    if (bytes > this.left) return false;
    this.left -= bytes;
    return true;
  }
}

export function keepOrSpillState<T>(value: T, bytes: number, spill: SpillSpec, suffix: string, allowance?: KeepAllowance): StateChunk<T> {
  if (bytes <= spill.threshold && (allowance === undefined || allowance.take(bytes))) return { kind: 'mem', value };
  const path = join(spill.dir, `${spill.name}-${suffix}.state`);
  writeStateFile(path, value);
  return { kind: 'file', path };
}

export function readStateChunk<T>(chunk: StateChunk<T>): T {
  return chunk.kind === 'mem' ? chunk.value : readStateFile<T>(chunk.path);
}
