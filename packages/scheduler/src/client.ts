/**
 * A Client: a worker pool that computations run on, with an event bus that every computation
 * run through it reports to (DataFrames, delayed values, futures), an optional live dashboard,
 * and futures in the manner of Python's `concurrent.futures`:
 *
 *   const client = await Client.start({ workers: 2, dashboard: 8787 });
 *   const fs = client.map(async (s: number) => { await new Promise((r) => setTimeout(r, s * 1000)); return s; }, [1, 2, 3]);
 *   for await (const f of asCompleted(fs)) console.log(await f);
 *   await client.close();
 *
 * `new Client(options)` works too, as `Client()` does in Dask: its threads start as work
 * arrives (Client.start waits until they are up), and it cannot serve a dashboard, whose server
 * takes a moment to start: that needs `await Client.start({ dashboard })`.
 *
 * Starting a client makes it the current one (getCurrentClient()), so `compute()` calls that
 * name no executor run on it; closing it cancels its pending futures and ends its threads.
 * A submitted function that captures variables runs on the calling thread (see task-function.ts).
 */
import { hostname } from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';
import { registeredClusterConnector, type ConnectOptions } from './cluster-hook.js';
import { setCurrentClient, getCurrentClient } from './current-client.js';
import { registeredDashboard, type DashboardHandle } from './dashboard-hook.js';
import type { EventListener, SchedulerEvent } from './events.js';
import { checkExecutor, type Executor, type WorkerInfo } from './executor.js';
import { Future } from './future.js';
import { awaitFutures } from './future-args.js';
import { TaskGraph } from './graph.js';
import { LocalPool } from './local-pool.js';
import { runGraph } from './run-graph.js';
import { Semaphore } from './semaphore.js';
import { DEFAULT_TASKS_PER_WORKER } from './shared-pool.js';
import { toTaskFunction, visibleArgs, type TaskFunction } from './task-function.js';
import { isPlainObject, type OpRef } from './task.js';
import { insideWorker, WORKER_IMPORT_HINT } from './worker/inside-worker.js';

export interface ClientOptions {
  /** Worker threads (default: the number of cores). */
  workers?: number;
  /** Tasks each thread runs at once, so async functions overlap (default 4). */
  tasksPerWorker?: number;
  /** V8 heap limits per worker. */
  resourceLimits?: ResourceLimits;
  /** Run on this executor instead of starting a pool (the client does not close it). */
  executor?: Executor;
  /** Serve the dashboard: a port (0: any free port; true: 8787), or `{ port, host }`. Loopback unless a host is given. */
  dashboard?: boolean | number | { port?: number; host?: string };
  /** Become the current client (default true). */
  current?: boolean;
  /** Close `executor` when the client closes (default false: a given executor is the caller's). */
  ownsExecutor?: boolean;
}

type AnyFunction = (...args: never[]) => unknown;
type FutureArgs<A extends unknown[]> = { [K in keyof A]: A[K] | Future<A[K]> };

/** True while Client.start() constructs its client (which may serve a dashboard, and becomes current later). */
let starting = false;

export class Client {
  readonly executor: Executor;
  /** Pass as an `onEvent` listener: forwards scheduler events to everyone listening to this client. */
  readonly emit = (event: SchedulerEvent): void => {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        process.emitWarning(`floe client listener failed: ${(err as Error)?.message ?? err}`);
      }
    }
  };

  private readonly listeners = new Set<EventListener>();
  private readonly ownsExecutor: boolean;
  private readonly gate: Semaphore;
  private readonly live = new Set<Future<unknown>>();
  private readonly functions = new WeakMap<object, TaskFunction>();
  private dashboard: DashboardHandle | null = null;
  private seq = 0;
  private ended = false;

  /** A client whose threads start as work arrives; `await Client.start(options)` waits for them (and serves a dashboard). */
  constructor(options: ClientOptions = {}) {
    if (insideWorker()) throw new Error(`new Client() was called inside a floe worker thread: ${WORKER_IMPORT_HINT}`);
    if (!starting && dashboardRequest(options.dashboard)) {
      throw new Error(`new Client({ dashboard }) cannot wait for the dashboard's server to start: use \`const client = await Client.start({ dashboard: ${JSON.stringify(options.dashboard)} })\``);
    }
    if (options.executor !== undefined) checkExecutor(options.executor, 'new Client()');
    this.ownsExecutor = options.executor === undefined || options.ownsExecutor === true;
    this.executor = options.executor ?? new LocalPool({
      workers: options.workers,
      tasksPerWorker: options.tasksPerWorker ?? DEFAULT_TASKS_PER_WORKER,
      resourceLimits: options.resourceLimits,
    });
    this.gate = new Semaphore(Math.max(1, this.executor.slots ?? this.executor.concurrency));
    if (!starting && options.current !== false) setCurrentClient(this);
  }

  /** Starts a client and waits until its threads (and its dashboard, if asked for) are up. */
  static async start(options: ClientOptions = {}): Promise<Client> {
    if (insideWorker()) throw new Error(`Client.start() was called inside a floe worker thread: ${WORKER_IMPORT_HINT}`);
    starting = true;
    let client: Client;
    try {
      client = new Client(options);
    } finally {
      starting = false;
    }
    try {
      await client.warmUp();
      const dash = dashboardRequest(options.dashboard);
      if (dash) {
        const start = registeredDashboard();
        if (!start) throw new Error(`the dashboard is served by @floe/dashboard: import 'floe' (or '@floe/dashboard') before Client.start({ dashboard })`);
        client.dashboard = await start(client, dash);
      }
    } catch (err) {
      await client.close();
      throw err;
    }
    if (options.current !== false) setCurrentClient(client);
    return client;
  }

  /**
   * Connects to a cluster: `floe worker --redis URL` processes on any number of machines,
   * through BullMQ on Redis (needs `@floe/cluster`, which the `floe` package imports):
   *
   *   const client = await Client.connect({ redis: 'redis://10.0.0.5:6379', dashboard: 8787 });
   *
   * Fails at once, naming the URL, when Redis cannot be reached.
   */
  static async connect(options: ConnectOptions & Pick<ClientOptions, 'dashboard' | 'current'>): Promise<Client> {
    const connect = registeredClusterConnector();
    if (!connect) throw new Error(`Client.connect({ redis }) runs on @floe/cluster: import 'floe' (or '@floe/cluster') first`);
    const executor = await connect(options);
    try {
      return await Client.start({ executor, ownsExecutor: true, dashboard: options.dashboard, current: options.current });
    } catch (err) {
      await executor.close();
      throw err;
    }
  }

  /** True once close() was called: nothing runs on it any more. */
  get closed(): boolean {
    return this.ended;
  }

  /** The dashboard's address, e.g. `http://127.0.0.1:8787/status`, or null without one. */
  get dashboardUrl(): string | null {
    return this.dashboard?.url ?? null;
  }

  /** The live workers: host, pid, concurrency, tasks done, memory (threads locally; processes on a cluster). */
  async workers(): Promise<WorkerInfo[]> {
    if (this.executor.workers) return this.executor.workers();
    const memory = (await this.executor.workerMemory?.()) ?? new Map<number, number>();
    const ids = this.executor.workerIds?.() ?? [];
    return ids.map((id) => ({ id, host: hostname(), pid: process.pid, concurrency: 1, tasksDone: null, memory: memory.get(id) ?? null }));
  }

  /** Listens to every scheduler event of computations run through this client. Returns the unsubscribe. */
  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs `fn(...args)` and returns its Future. Arguments may be futures (the task waits for
   * them). A self-contained function runs on the pool (sent as source); one that captures
   * variables runs on the calling thread; to run a CPU-bound function that uses its module's
   * imports on the pool, pass `delayed(fn, { module: import.meta.url })`.
   */
  submit<A extends unknown[], R>(fn: ((...args: A) => R) | OpRef, ...args: FutureArgs<A>): Future<Awaited<R>> {
    refuseDelayedArgs(args, 'submit()');
    return this.submitTask(this.taskFunction(fn), args);
  }

  /** `submit` for each item (or for each tuple of items, given several iterables). */
  map<T, R>(fn: ((item: T) => R) | OpRef, items: Iterable<T | Future<T>>): Future<Awaited<R>>[];
  map<R>(fn: ((...args: never[]) => R) | OpRef, ...iterables: Iterable<unknown>[]): Future<Awaited<R>>[];
  map(fn: AnyFunction | OpRef, ...iterables: Iterable<unknown>[]): Future<unknown>[] {
    if (iterables.length === 0) throw new TypeError('map() needs at least one iterable of arguments');
    const tf = this.taskFunction(fn);
    const lists = iterables.map((it) => [...it]);
    for (const l of lists) refuseDelayedArgs(l, 'map()', 'item');
    const n = Math.min(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => this.submitTask(tf, lists.map((l) => l[i])));
  }

  /**
   * Waits for every future; rejects with the first error. As Dask's gather: futures inside arrays
   * and plain objects are replaced by their results, other values come back as they are, and one
   * future gives its result.
   */
  gather<T>(futures: Iterable<Future<T>>): Promise<T[]>;
  gather<T>(future: Future<T>): Promise<T>;
  gather(futures: unknown): Promise<unknown>;
  gather(futures: unknown): Promise<unknown> {
    const iterable = futures !== null && typeof futures === 'object' && !(futures instanceof Future) && !Array.isArray(futures) && Symbol.iterator in futures;
    return awaitFutures([iterable ? [...(futures as Iterable<unknown>)] : futures], refuseDelayed).then(([v]) => v);
  }

  /** Cancels pending futures, stops the dashboard, and ends the pool's threads. */
  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    if (getCurrentClient() === this) setCurrentClient(null);
    for (const f of this.live) f.cancel('the client was closed');
    await this.dashboard?.close();
    this.dashboard = null;
    if (this.ownsExecutor) await this.executor.close();
  }

  private taskFunction(fn: AnyFunction | OpRef): TaskFunction {
    let tf = this.functions.get(fn);
    if (!tf) {
      tf = toTaskFunction(fn, {}, 'submitted function');
      this.functions.set(fn, tf);
    }
    return tf;
  }

  private submitTask<T>(tf: TaskFunction, args: readonly unknown[]): Future<T> {
    if (this.ended) throw new Error('the client is closed');
    const future = new Future<T>(`${tf.name}-${++this.seq}`, tf.name);
    this.live.add(future as Future<unknown>);
    future.onDone(() => this.live.delete(future as Future<unknown>));
    void this.runFuture(future, tf, args);
    return future;
  }

  private async runFuture<T>(future: Future<T>, tf: TaskFunction, args: readonly unknown[]): Promise<void> {
    try {
      const resolved = await awaitFutures(visibleArgs(tf, args));
      // a pool slot for a worker task; a local one runs on this thread's event loop
      if (!tf.local) await this.gate.acquire(future.signal);
      try {
        future.markRunning();
        const graph = new TaskGraph();
        graph.add({ key: future.key, group: tf.name, op: tf.op, args: [...tf.prefix, ...resolved], local: tf.local || undefined });
        const out = await runGraph(graph, { executor: this.executor, onEvent: this.emit, signal: future.signal, maxInFlight: 1 });
        future.resolve(out.get(future.key) as T);
      } finally {
        if (!tf.local) this.gate.release();
      }
    } catch (err) {
      future.reject(err); // a no-op if the future was cancelled
    }
  }

  private async warmUp(): Promise<void> {
    if (!(this.executor instanceof LocalPool)) return; // only a pool this client started needs its threads up
    const op = { module: new URL(`./ops/ping${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href, export: 'ping' };
    const n = this.executor.slots ?? this.executor.concurrency;
    await Promise.all(Array.from({ length: n }, (_, i) => this.executor.run({ key: `ping-${i}`, op, args: [20] })));
  }
}

/** A delayed value (or a collection with its own .compute()): it has a compute method and a key. */
function isDelayedValue(v: unknown): boolean {
  return v !== null && typeof v === 'object' && typeof (v as { compute?: unknown }).compute === 'function' && typeof (v as { key?: unknown }).key === 'string';
}

/** gather() of a delayed value: named, not handed back uncomputed. */
function refuseDelayed(v: unknown): void {
  if (isDelayedValue(v)) {
    throw new TypeError('gather() takes futures (from submit or map); a delayed value is computed with its .compute() or compute(...)');
  }
}

/**
 * submit()/map() of a delayed value as an argument: refused, as gather() refuses one, rather
 * than passed to the function uncomputed (it arrived as "[object Object]"). Looked for where
 * futures are: at any depth of arrays and plain objects.
 */
function refuseDelayedArgs(args: readonly unknown[], verb: string, what = 'argument'): void {
  const visit = (v: unknown, path: string): void => {
    if (isDelayedValue(v)) {
      throw new TypeError(`${verb} was given a delayed value (${path}), which it would pass uncomputed: compute it first (\`await value.compute()\`), or make the function delayed too and compute the result`);
    }
    if (v instanceof Promise) throw new TypeError(`${verb} was given a Promise (${path}), which cannot cross to a worker: await it first and pass its value (a future is taken as its result)`);
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${path}[${i}]`));
    else if (isPlainObject(v)) for (const [k, x] of Object.entries(v)) visit(x, `${path}.${k}`);
    else if (v instanceof Map) for (const [k, x] of v) visit(x, `${path}.get(${JSON.stringify(String(k))})`);
    else if (v instanceof Set) for (const x of v) visit(x, `${path} (a Set item)`);
  };
  args.forEach((a, i) => visit(a, `${what} ${i + 1}`));
}

function dashboardRequest(option: ClientOptions['dashboard']): { port: number; host: string } | null {
  if (option === undefined || option === false) return null;
  if (option === true) return { port: 8787, host: '127.0.0.1' };
  if (typeof option === 'number') return { port: option, host: '127.0.0.1' };
  return { port: option.port ?? 8787, host: option.host ?? '127.0.0.1' };
}
