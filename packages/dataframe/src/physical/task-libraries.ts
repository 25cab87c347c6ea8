/**
 * What a worker task loads before it runs (io/lazy-arrow.ts, io/part-writer.ts): apache-arrow
 * when the task may spill or read spill files — any input but a CSV range or a source
 * partition, a broadcast join's build side, an exchange, a sort run, a partitioned aggregate —
 * or writes Arrow IPC; a Parquet or IPC writer when it writes parts. A CSV scan into a partial
 * aggregate, a collect or CSV parts loads neither. Everything after this is synchronous.
 */
import { loadArrow } from '../io/lazy-arrow.js';
import { loadWriteFormat } from '../io/part-writer.js';
import type { TaskSpec } from './pipeline-spec.js';

export function needsArrow(spec: Pick<TaskSpec, 'input' | 'stages' | 'sink'>): boolean {
  if (spec.input.kind !== 'csv' && spec.input.kind !== 'source') return true;
  if (spec.stages.some((s) => s.kind === 'join')) return true;
  const sink = spec.sink;
  return sink.kind === 'partition' || sink.kind === 'sortRun' || (sink.kind === 'aggregate' && sink.partitions !== undefined) || (sink.kind === 'write' && sink.format === 'ipc');
}

export async function loadTaskLibraries(spec: Pick<TaskSpec, 'input' | 'stages' | 'sink'>): Promise<void> {
  if (needsArrow(spec)) await loadArrow();
  if (spec.sink.kind === 'write') await loadWriteFormat(spec.sink.format);
}
