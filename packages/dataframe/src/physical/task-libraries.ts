/**
 * What a worker task loads before it runs: the Parquet or Arrow IPC writer when it writes parts
 * (io/part-writer.ts), so that a CSV write or any other task never loads hyparquet-writer.
 * (apache-arrow needs no such step: io/lazy-arrow.ts loads it synchronously where it is used.)
 * Everything after this is synchronous.
 */
import { loadWriteFormat } from '../io/part-writer.js';
import type { TaskSpec } from './pipeline-spec.js';

export async function loadTaskLibraries(spec: Pick<TaskSpec, 'sink'>): Promise<void> {
  if (spec.sink.kind === 'write') await loadWriteFormat(spec.sink.format);
}
