/**
 * The seam between file formats and the rest of the engine (DataFusion's `FileFormat`):
 *   list files → schema (on the descriptor, when the frame is built) → plan partitions
 *   (driver, `Source.plan`) → open one partition with a projection and a pushed predicate
 *   (worker, `io/open-partition.ts`) → column batches.
 *
 * A source descriptor is plain data on the logical plan (structured-cloneable, no methods):
 * `format` names the implementation. No layer outside io/ switches on a format; they ask
 * `sourceOf(descriptor)`. The seam is per partition and per batch, never per row: CSV keeps its
 * byte-range protocol (quote parity, first-row re-runs) inside its own task input.
 */
import type { ExprNode } from '../plan/expr-node.js';
import type { ScanSpec, TaskInput } from '../physical/pipeline-spec.js';
import type { DtField } from '../plan/expr-node.js';
import type { Field } from '../types/dtype.js';
import { ipcFormat, type IpcSource } from './arrow/ipc-source.js';
import { csvFormat } from './csv/csv-source.js';
import { gzipCsvFormat } from './csv/gzip-source.js';
import { isCompressedPath } from './csv/compressed.js';
import type { CsvSource, OnBadLines } from './csv/infer-schema.js';
import { memoryFormat, type MemorySource } from './memory/memory-source.js';
import { ndjsonFormat, type NdjsonSource } from './ndjson/ndjson-source.js';
import { parquetFormat, type ParquetSource } from './parquet/parquet-source.js';
import { persistedFormat, type PersistedSource } from './persisted/persisted-source.js';

/** What every source descriptor holds. */
export interface SourceInfo {
  format: string;
  /** Input files and their sizes (none for in-memory data). */
  files: { path: string; size: number }[];
  schema: Field[];
  /** Why a column has its type, for messages (column → note). */
  typeNotes: Record<string, string>;
  onBadLines: OnBadLines;
  onTypeMismatch: 'error' | 'widen';
}

export type SourceDescriptor = CsvSource | MemorySource | ParquetSource | IpcSource | NdjsonSource | PersistedSource;

/** What the scan asks of its source: the plan's scan node fields plus a predicate to prune with. */
export interface ScanRequest {
  blocksize: number;
  /** Columns to read; null = all. */
  columns: string[] | null;
  /** Calendar parts taken from timestamp digits (CSV only; other formats get none). */
  parts: Record<string, DtField[]>;
  /** The filter right above the scan, if any: a source may skip whole partitions it cannot match (rows are still filtered after). */
  predicate: ExprNode | null;
  /**
   * Bytes a worker may keep in one text column's dictionary across partitions (CSV: a key whose
   * values repeat, io/csv/dictionary-cache.ts dictionaryBound), from the query's memory budget;
   * without it a dictionary stays within the default bound.
   */
  dictionaryBytes?: number;
  /** Columns the query only carries to its output, never compares (ScanNode.carried): CSV keeps a mostly distinct one's text as it is. */
  carried?: readonly string[];
}

/** One partition of a scan: a task's input, plus how many bytes of the input it covers. */
export interface PlannedPartition {
  input: TaskInput;
  /** CSV byte ranges also need the tokenizer's spec. */
  scan: ScanSpec | null;
  bytes: number;
}

export interface Source<S extends SourceInfo = SourceDescriptor> {
  /** Partitions to read, in row order. */
  plan(source: S, req: ScanRequest): PlannedPartition[];
  /** One line for explain(): the format, files, columns read, and what pruning skipped. */
  explain(source: S, req: ScanRequest): string;
  /** Takes calendar parts straight from timestamp digits (dt-field pushdown). */
  readonly readsCalendarParts: boolean;
  /** Its partitions can run on the single-stage path (CSV byte ranges with their first-row protocol); else the operator graph reads them. */
  readonly singleStage: boolean;
  /** Roughly how many bytes the input holds as text or uncompressed columns (a small input runs on the calling thread: physical/default-executor.ts). */
  estimatedBytes(source: S): number;
  /**
   * A numeric column's smallest and largest value over every row, and whether any is null, when
   * the source knows them for certain (Parquet: every row group's statistics); else null. What
   * bounds the groups of a year or a date (physical/aggregate-partitions.ts calendarGroupBound).
   */
  valueRange?(source: S, column: string): { min: number; max: number; nulls: boolean } | null;
}


const FORMATS: Record<SourceDescriptor['format'], Source<never>> = {
  csv: csvFormat,
  memory: memoryFormat,
  parquet: parquetFormat,
  ipc: ipcFormat,
  ndjson: ndjsonFormat,
  persisted: persistedFormat,
};

export function sourceOf<S extends SourceDescriptor>(source: S): Source<S> {
  // CSV that includes gzip or zstd files: one partition per file, read by the operator graph
  // (and Windows-1252 text: transcoded the same way, latin1.ts)
  if (source.format === 'csv' && ((source as { latin1?: boolean }).latin1 || source.files.some((f) => isCompressedPath(f.path)))) return gzipCsvFormat as unknown as Source<S>;
  const f = FORMATS[source.format];
  if (!f) throw new Error(`internal: no source format ${JSON.stringify(source.format)}`);
  return f as unknown as Source<S>;
}
