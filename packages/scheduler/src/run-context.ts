/**
 * Where a computation runs and who hears about it: the executor (given, else the client's,
 * else the current client's, else the shared pool), and one event listener that fans out to
 * the caller's listener, the client (its dashboard) and a progress bar.
 */
import type { Client } from './client.js';
import { getCurrentClient } from './current-client.js';
import type { EventListener, SchedulerEvent } from './events.js';
import { checkExecutor, type Executor } from './executor.js';
import { ProgressBar, type ProgressBarOptions, type ProgressStream } from './progress-bar.js';
import { sharedPool } from './shared-pool.js';
import { insideWorker, WORKER_IMPORT_HINT } from './worker/inside-worker.js';

export interface RunOptions {
  /** Run through this client (default: the current client, if any). */
  client?: Client;
  /** Run on this executor (default: the client's, else a shared local pool). */
  executor?: Executor;
  signal?: AbortSignal;
  onEvent?: EventListener;
  /** Tasks in flight at once (default: what the executor accepts). */
  maxInFlight?: number;
  /** Draw a progress bar on stderr (when it is a terminal), or on the given stream. */
  progress?: boolean | (ProgressBarOptions & { stream?: ProgressStream });
}

export interface RunContext {
  executor: Executor;
  onEvent: EventListener;
  maxInFlight: number;
  signal?: AbortSignal;
  /** Call when the computation ends (erases the progress bar). */
  finish(): void;
}

export function runContext(options: RunOptions = {}, what = 'compute()'): RunContext {
  if (insideWorker()) {
    throw new Error(`${what} was called inside a floe worker thread: ${WORKER_IMPORT_HINT}`);
  }
  const client = options.client ?? getCurrentClient();
  // a closed client's pool would start threads that nothing ends any more
  if (client?.closed && options.executor === undefined) throw new Error(`${what}: the client is closed; start a new one with Client.start(), or leave out { client }`);
  if (options.executor !== undefined) checkExecutor(options.executor, what);
  const executor = options.executor ?? client?.executor ?? sharedPool();
  const listeners: EventListener[] = [];
  if (options.onEvent) listeners.push(options.onEvent);
  if (client) listeners.push(client.emit);
  let bar: ProgressBar | null = null;
  if (options.progress) {
    const o = options.progress === true ? {} : options.progress;
    bar = new ProgressBar(o.stream ?? process.stderr, o);
    listeners.push(bar.listener);
  }
  const onEvent = (e: SchedulerEvent): void => {
    for (const l of listeners) l(e);
  };
  return {
    executor,
    onEvent,
    maxInFlight: options.maxInFlight ?? Math.max(executor.slots ?? 0, executor.concurrency * 2),
    signal: options.signal,
    finish: () => bar?.finish(),
  };
}
