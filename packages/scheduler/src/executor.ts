/**
 * The one small interface every executor implements: run one task call, somewhere.
 * The local pool is the default; a queue-backed executor for many machines plugs in here.
 */
import { describeValue } from './describe-value.js';
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

/** One worker as `client.workers()` lists it. */
export interface WorkerInfo {
  /** The dashboard's lane id (a thread id locally, a process id on a cluster). */
  id: number;
  host: string;
  pid: number;
  /** Tasks it runs at once. */
  concurrency: number;
  /** Tasks finished, where the executor counts them. */
  tasksDone: number | null;
  /** Memory in bytes (heap of a thread, resident set of a process), where known. */
  memory: number | null;
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
  /** The live workers, where the executor can list them. */
  workers?(): Promise<WorkerInfo[]>;
  /**
   * Where a query on this executor puts its spill and shuffle files (its path travels inside
   * tasks, so every worker must see it): a cluster's shared directory. Default: FLOE_SPILL_DIR,
   * else the OS temp dir.
   */
  readonly spillDir?: string;
  /**
   * Whether its workers are threads of this process, so that a SharedArrayBuffer in a task's
   * arguments is one memory for all of them (a query's tasks may then share work as they go).
   */
  readonly sharedMemory?: boolean;
  close(): Promise<void>;
}

/**
 * An executor is an object that runs task calls (LocalPool, InlineExecutor, a cluster's); a
 * name (`'inline'`, `'threads'`, as Dask's scheduler= takes) or a Client failed later, inside
 * the scheduler, as "executor.run is not a function".
 */
export function checkExecutor(executor: unknown, what: string): void {
  const e = executor as Partial<Executor> | null;
  if (e !== null && typeof e === 'object' && typeof e.run === 'function' && typeof e.concurrency === 'number') return;
  const isClient = e !== null && typeof e === 'object' && typeof (e as { submit?: unknown }).submit === 'function';
  const hint = isClient ? 'pass a Client as { client }'
    : typeof executor === 'string' ? `a name is not an executor: { executor: new InlineExecutor() } runs on this thread, { executor: new LocalPool({ workers: n }) } on n threads`
      : 'use new LocalPool({ workers: n }), new InlineExecutor(), or leave it out for the shared pool';
  throw new TypeError(`${what}: executor must be an executor (an object with run() and concurrency), got ${describeValue(executor)}; ${hint}`);
}
