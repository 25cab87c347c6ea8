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
  /** How many tasks it accepts at once, when more than `concurrency` (async tasks overlapping). */
  readonly slots?: number;
  run(call: TaskCall, signal?: AbortSignal): Promise<TaskOutcome>;
  /** Memory per worker in bytes, where the executor can tell. */
  workerMemory?(): Promise<Map<number, number>>;
  /** Ids of the workers, where the executor has a fixed set (thread ids for the local pool). */
  workerIds?(): number[];
  close(): Promise<void>;
}
