/**
 * The worker side of the Source seam: opens one planned partition of a format and calls
 * `onBatch` with column batches until the partition ends or `onBatch` returns false. A format's
 * reader module is loaded the first time a task needs it, so CSV-only queries never load a
 * Parquet library. (CSV byte ranges keep their own synchronous path: partition-task.ts.)
 */
import type { Batch } from '../kernels/batch.js';

export interface PartitionRead {
  rows: number;
  /** Bytes read from storage. */
  bytes: number;
  /** Rows dropped by onBadLines 'skip'/'warn', and `file:line` of the first few. */
  skipped?: number;
  skippedLines?: string[];
}

export type PartitionReader = (partition: unknown, onBatch: (b: Batch) => boolean) => Promise<PartitionRead>;

const READERS: Record<string, () => Promise<PartitionReader>> = {
  parquet: async () => (await import('./parquet/read-parquet.js')).readParquetPartition as PartitionReader,
  ndjson: async () => (await import('./ndjson/read-ndjson.js')).readNdjsonPartition as PartitionReader,
  ipc: async () => (await import('./arrow/read-ipc.js')).readIpcPartition as PartitionReader,
  'csv-gz': async () => (await import('./csv/read-gzip-partition.js')).readGzipCsvPartition as PartitionReader,
};

export async function openPartition(format: string, partition: unknown, onBatch: (b: Batch) => boolean): Promise<PartitionRead> {
  const load = READERS[format];
  if (!load) throw new Error(`internal: no reader for the format ${JSON.stringify(format)}`);
  return (await load())(partition, onBatch);
}
