/**
 * The local executor: a piscina pool of worker threads, sized to the cores.
 * Owns thread lifecycle (start, replace a dead thread, end all on close); never runs a task
 * on the calling thread.
 *
 * With `tasksPerWorker` > 1 each thread runs several tasks at once, so async (I/O-bound)
 * functions overlap; CPU-bound ones still run one at a time per thread. Cancelling then must
 * not terminate a thread that other tasks share: a queued task leaves the queue, a running
 * one is detached (its promise rejects at once, its late result is dropped). With one task per
 * thread, cancelling a running task terminates its thread, as before.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import { SHARE_ENV, type ResourceLimits } from 'node:worker_threads';
import { describeValue } from './describe-value.js';
import type { Executor, TaskCall, TaskOutcome } from './executor.js';
import { asBuffer, bufferPositions } from './node-buffers.js';
import { poolEntry } from './bundle-map.js';
import { compileInThreads } from './compile-in-thread.js';
import { setWorkerInitialOldSpace } from './initial-old-space.js';
import { Semaphore } from './semaphore.js';
import type { WorkerCall, WorkerReply } from './worker/entry.js';
import { dataToError } from './worker/error-data.js';

export interface LocalPoolOptions {
  /** Number of worker threads (default: the number of cores). */
  workers?: number;
  /** V8 heap limits per worker, e.g. `{ maxOldGenerationSizeMb: 256 }`. */
  resourceLimits?: ResourceLimits;
  /** Tasks each thread runs at once (default 1); more lets async functions overlap. */
  tasksPerWorker?: number;
}

const runningFromSource = import.meta.url.endsWith('.ts');

let piscinaClass: typeof Piscina | undefined;

/**
 * piscina's pool side, loaded by the first LocalPool: pool threads import this module too (the
 * scheduler's index, through floe's ops) but never start a pool, and loading piscina cost each
 * thread ~25 ms of its start (~33 ms on its own: a CommonJS package, its exports parsed).
 */
function piscina(): typeof Piscina {
  piscinaClass ??= (createRequire(import.meta.url)('piscina') as { Piscina: typeof Piscina }).Piscina;
  return piscinaClass;
}

/**
 * A worker's young generation is capped at 8 MB (V8 grows it to 32 MB and more): the pool's
 * threads allocate batch after batch of short-lived arrays, and each thread's nursery pages stay
 * resident. Measured on a q10-shaped groupBy (2 M rows, 1.47 M groups, written with writeCsv,
 * 256 MB budget, 2 workers, alternating runs): peak RSS 745/791 MB -> 687/694 MB, time within
 * noise (21.9/23.5 s -> 23.9/22.1 s); 4 MB cost ~25% more CPU; the seed groupBy unchanged.
 * `resourceLimits` given to the pool override it.
 */
const WORKER_HEAP_DEFAULTS: ResourceLimits = { maxYoungGenerationSizeMb: 8 };

export class LocalPool implements Executor {
  readonly concurrency: number;
  readonly slots: number;
  /** Its threads share this process's memory: a SharedArrayBuffer among a task's arguments stays shared. */
  readonly sharedMemory = true;
  private readonly pool: Piscina;
  /** Our own queue when threads are shared by several tasks (see the top comment). */
  private readonly gate: Semaphore | null;
  private readonly heap = new Map<number, number>();
  private closed = false;

  constructor(options: LocalPoolOptions = {}) {
    const workers = options.workers ?? availableParallelism();
    if (!Number.isInteger(workers) || workers < 1) {
      throw new (typeof workers === 'number' ? RangeError : TypeError)(`workers must be a positive integer, got ${describeValue(workers)}`);
    }
    const perWorker = options.tasksPerWorker ?? 1;
    if (!Number.isInteger(perWorker) || perWorker < 1) {
      throw new (typeof perWorker === 'number' ? RangeError : TypeError)(`tasksPerWorker must be a positive integer, got ${describeValue(perWorker)}`);
    }
    this.concurrency = workers;
    this.slots = workers * perWorker;
    this.gate = perWorker > 1 ? new Semaphore(this.slots) : null;
    const entry = poolEntry(new URL(`./worker/entry.${runningFromSource ? 'ts' : 'js'}`, import.meta.url).href);
    compileInThreads(workers);
    setWorkerInitialOldSpace();
    this.pool = new (piscina())({
      filename: new URL('../worker/bootstrap.mjs', import.meta.url).href,
      workerData: { entry, typescript: runningFromSource, floeWorker: true },
      minThreads: workers,
      maxThreads: workers,
      concurrentTasksPerWorker: perWorker,
      idleTimeout: 60_000,
      // threads see process.env as it is when a task runs, as Dask's threads do (not a copy taken at start)
      env: SHARE_ENV,
      resourceLimits: { ...WORKER_HEAP_DEFAULTS, ...options.resourceLimits },
      // A thread's event loop keeps running between tasks, as a Dask worker thread's does: piscina's
      // default ('sync') blocked it in Atomics.wait, so a timer, stream or callback a task left
      // running stood still until the next task came, and an error one threw was never seen.
      atomics: 'async',
      execArgv: [...(runningFromSource ? ['--conditions=floe-source'] : []), ...profilerFlags()],
    });
    // A cancelled task's thread is terminated; if its reply was already on the way, piscina
    // reports it as an 'error' event. The task was settled as cancelled, so the reply is moot.
    // Any other error is one thrown on a thread outside every task (by a timer or callback a task
    // left running): that thread ended, and a new one took its place.
    this.pool.on('error', (err: unknown) => {
      if (err instanceof Error && /^Unexpected message from Worker/.test(err.message)) return;
      process.emitWarning(strayErrorMessage(err));
    });
  }

  async run(call: TaskCall, signal?: AbortSignal): Promise<TaskOutcome> {
    // piscina would start fresh threads that nothing ends any more
    if (this.closed) throw new Error(`the pool is closed: task ${call.key} cannot run on it; start a new LocalPool (or Client)`);
    const msg: WorkerCall = { key: call.key, op: call.op, args: call.args, buffers: bufferPositions(call.args) };
    const reply = (this.gate === null ? await this.pool.run(msg, { signal }) : await this.runShared(msg, signal)) as WorkerReply;
    if (reply.heap !== undefined) this.heap.set(reply.threadId, reply.heap);
    if (!reply.ok) throw dataToError(reply.error, `task ${call.key} on worker ${reply.threadId}`);
    return { value: reply.buffer ? asBuffer(reply.value) : reply.value, worker: reply.threadId, start: reply.start, end: reply.end };
  }

  private async runShared(msg: WorkerCall, signal?: AbortSignal): Promise<unknown> {
    const gate = this.gate!;
    await gate.acquire(signal);
    if (signal?.aborted) {
      gate.release();
      throw signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason ?? 'aborted'));
    }
    const running = this.pool.run(msg);
    running.then(() => gate.release(), () => gate.release());
    if (!signal) return running;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason ?? 'aborted')));
      signal.addEventListener('abort', onAbort, { once: true });
      running.then(
        (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
        (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e); },
      );
    });
  }

  /** Thread ids of the live workers. */
  workerIds(): number[] {
    return this.pool.threads.map((t) => t.threadId);
  }

  /** V8 heap in use per worker, as last reported with a task's reply (sampled at most ~10×/s). */
  async workerMemory(): Promise<Map<number, number>> {
    const live = new Set(this.workerIds());
    for (const id of this.heap.keys()) if (!live.has(id)) this.heap.delete(id);
    return new Map(this.heap);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pool.destroy();
  }
}

/**
 * What is said of an error thrown on a pool thread after its task returned: where, the error
 * with its stack (the user's code is in it), and that the thread was replaced.
 */
export function strayErrorMessage(err: unknown): string {
  const text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  return `floe: an error was thrown on a worker thread after its task had returned (by a timer, promise or callback the task left running; await such work inside the task), so that thread was replaced:\n${text}`;
}

/**
 * `node --cpu-prof` / `--heap-prof` (and their -dir/-interval/-name options) reach the pool's
 * threads too, so a profile shows the workers' time. An option's value given as the next
 * argument (`--cpu-prof-interval 100`) goes with it: alone, the worker refused to start.
 */
export function profilerFlags(argv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!/^--(cpu|heap)-prof(-|=|$)/.test(a)) continue;
    out.push(a);
    if (/^--(cpu|heap)-prof-(dir|interval|name)$/.test(a) && i + 1 < argv.length) out.push(argv[++i]);
  }
  return out;
}

