/**
 * The one small interface every executor implements: run one task call, somewhere.
 * The local pool is the default; a queue-backed executor for many machines plugs in here.
 */
import type { OpRef } from './task.js';

export interface TaskCall {
  key: string;
  op: OpRef;
  args: unknown[];
}

export interface TaskOutcome {
  value: unknown;
  /** Which worker ran it (thread id for the local pool, 0 for the calling thread). */
  worker: number;
  start: number;
  end: number;
}

export interface Executor {
  /** How many tasks it can usefully run at once. */
  readonly concurrency: number;
  run(call: TaskCall, signal?: AbortSignal): Promise<TaskOutcome>;
  /** Memory per worker in bytes, where the executor can tell. */
  workerMemory?(): Promise<Map<number, number>>;
  close(): Promise<void>;
}
