/**
 * A sink consumes the batches of one task's pipeline and produces the task's small result.
 * Every sink has the same lifecycle: push(batch) per batch (false = has enough rows, stop
 * reading), finish() once at the end, abort() on failure. One sink per file here; the task
 * picks one by `spec.kind` in create-sink.ts.
 */
import type { Batch } from '../../kernels/batch.js';
import type { PartitionResult } from '../pipeline-spec.js';

export interface SinkRunner {
  push(b: Batch): boolean;
  finish(): PartitionResult;
  abort(): void;
}
