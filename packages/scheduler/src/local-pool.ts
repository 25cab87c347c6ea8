/**
 * The local executor: a piscina pool of worker threads, sized to the cores.
 * Owns thread lifecycle (start, replace a dead thread, end all on close); never runs a task
 * on the calling thread.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ResourceLimits } from 'node:worker_threads';
import type { Executor, TaskCall, TaskOutcome } from './executor.js';
import type { WorkerCall, WorkerReply } from './worker/entry.js';
import { dataToError } from './worker/error-data.js';

export interface LocalPoolOptions {
  /** Number of worker threads (default: the number of cores). */
  workers?: number;
  /** V8 heap limits per worker, e.g. `{ maxOldGenerationSizeMb: 256 }`. */
  resourceLimits?: ResourceLimits;
}

const runningFromSource = import.meta.url.endsWith('.ts');

export class LocalPool implements Executor {
  readonly concurrency: number;
  private readonly pool: Piscina;

  constructor(options: LocalPoolOptions = {}) {
    const workers = options.workers ?? availableParallelism();
    if (!Number.isInteger(workers) || workers < 1) {
      throw new RangeError(`workers must be a positive integer, got ${workers}`);
    }
    this.concurrency = workers;
    const entry = new URL(`./worker/entry.${runningFromSource ? 'ts' : 'js'}`, import.meta.url).href;
    this.pool = new Piscina({
      filename: new URL('../worker/bootstrap.mjs', import.meta.url).href,
      workerData: { entry, typescript: runningFromSource },
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: 60_000,
      resourceLimits: options.resourceLimits,
      execArgv: runningFromSource ? ['--conditions=floe-source'] : [],
    });
    // A cancelled task's thread is terminated; if its reply was already on the way, piscina
    // reports it as an 'error' event. The task was settled as cancelled, so the reply is moot.
    this.pool.on('error', (err: Error) => {
      if (!/^Unexpected message from Worker/.test(err.message)) process.emitWarning(`floe worker pool: ${err.message}`);
    });
  }

  async run(call: TaskCall, signal?: AbortSignal): Promise<TaskOutcome> {
    const msg: WorkerCall = { op: call.op, args: call.args };
    const reply = (await this.pool.run(msg, { signal })) as WorkerReply;
    if (!reply.ok) throw dataToError(reply.error, `task ${call.key} on worker ${reply.threadId}`);
    return { value: reply.value, worker: reply.threadId, start: reply.start, end: reply.end };
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
