/**
 * Runs a task graph on an executor.
 *
 * Protocol: tasks become ready when their dependencies have results; ready tasks start in graph
 * insertion order (the priority), with at most `maxInFlight` on the executor at once so that
 * results never pile up faster than they are consumed. A result is released as soon as every
 * task that needs it has started, unless it is an output. A task whose worker died under it
 * (a crash, or its resource limits) is re-run on the replacement thread, up to `retries` times.
 * The first other error aborts the run: no new task starts, in-flight tasks are cancelled, and
 * the error is rethrown. A task on the calling thread cannot be interrupted: the run stops
 * waiting for it at once and drops its eventual result.
 */
import { setMaxListeners } from 'node:events';
import type { EventListener, SchedulerEvent } from './events.js';
import type { Executor, TaskOutcome } from './executor.js';
import { DRIVER_GC_BYTES, ThresholdGc } from './threshold-gc.js';
import type { TaskGraph } from './graph.js';
import { substituteRefs, type TaskSpec } from './task.js';
import { loadOp } from './worker/entry.js';
import { markTaskError } from './worker/error-data.js';

export interface RunGraphOptions {
  executor: Executor;
  maxInFlight?: number;
  signal?: AbortSignal;
  onEvent?: EventListener;
  /** Keys whose results are returned; default: tasks nothing depends on. */
  outputs?: readonly string[];
  /** Times a task is re-run after its worker died under it (default 2). Errors thrown by the task itself are not retried. */
  retries?: number;
  /** Sees every result as it arrives; throwing from it fails the run at once with that error. */
  onTaskResult?: (key: string, value: unknown) => void;
}

let nextGraphId = 1;

/** True when the executor lost the worker (not an error thrown by the task's own code). */
export function isWorkerLoss(err: unknown): boolean {
  return err instanceof Error && !(err as { taskError?: boolean }).taskError && err.name !== 'AbortError';
}
const now = (): number => performance.timeOrigin + performance.now();

/** A task on the calling thread (a local task): its op called here. */
async function runLocal(task: TaskSpec, args: unknown[]): Promise<TaskOutcome> {
  const t0 = now();
  try {
    const value = await (await loadOp(task.op))(...args);
    return { value, worker: 0, start: t0, end: now() };
  } catch (err) {
    throw markTaskError(err);
  }
}

/**
 * `run`, or its abort reason as soon as `signal` aborts: a local task is not interrupted, so
 * without this a slow (or never-settling) one would hold back the run's error or abort.
 */
function untilAborted<T>(run: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    run.catch(() => {}); // its late failure is dropped with its result
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    run.then(
      (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
      (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e); },
    );
  });
}

export async function runGraph(graph: TaskGraph, options: RunGraphOptions): Promise<Map<string, unknown>> {
  graph.validate();
  const { executor, signal } = options;
  const emit = (e: SchedulerEvent): void => options.onEvent?.(e);
  const graphId = nextGraphId++;
  const tasks = graph.list();
  const index = new Map(tasks.map((t, i) => [t.key, i]));
  const dependents = graph.dependents();
  const outputs = new Set(options.outputs ?? tasks.filter((t) => !dependents.has(t.key)).map((t) => t.key));
  // a key not in the graph gave undefined (Dask's get raises KeyError)
  for (const k of outputs) {
    if (!index.has(k)) throw new Error(`runGraph: output ${JSON.stringify(k)} is not a task of the graph; its tasks: ${tasks.slice(0, 10).map((t) => JSON.stringify(t.key)).join(', ')}${tasks.length > 10 ? ', …' : ''}`);
  }
  const maxInFlight = Math.max(1, options.maxInFlight ?? executor.concurrency * 2);
  const retries = options.retries ?? 2;

  const waiting = new Map(tasks.map((t) => [t.key, new Set(t.deps)]));
  const unstartedDependents = new Map([...dependents].map(([k, v]) => [k, v.length]));
  const results = new Map<string, unknown>();
  // task data the driver has let go of is collected once it adds up (threshold-gc.ts)
  const driverGc = new ThresholdGc(DRIVER_GC_BYTES);
  const ready: number[] = [];
  const pushReady = (i: number): void => {
    let lo = 0;
    let hi = ready.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ready[mid] < i) lo = mid + 1;
      else hi = mid;
    }
    ready.splice(lo, 0, i);
  };
  for (const t of tasks) if (t.deps.length === 0) pushReady(index.get(t.key)!);

  emit({ type: 'graph-start', graphId, tasks: tasks.map((t) => ({ key: t.key, group: t.group, bytes: t.bytes ?? 0 })), time: now() });
  const abort = new AbortController();
  // every task in flight listens to it (a pool's run, a local task's wait) and stops listening when it
  // settles: 11 workers or more made Node warn of a possible listener leak on every query
  setMaxListeners(0, abort.signal);

  let inFlight = 0;
  let done = 0;
  let failure: unknown = null;

  return await new Promise<Map<string, unknown>>((resolve, reject) => {
    let finished = false;
    const onAbort = (): void => fail(signal?.reason ?? new Error('aborted'));
    const finish = (err: unknown): void => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      emit({ type: 'graph-done', graphId, ok: err === null, time: now() });
      if (err !== null) reject(err);
      else resolve(new Map([...outputs].map((k) => [k, results.get(k)])));
    };
    const fail = (err: unknown): void => {
      if (failure !== null) return;
      failure = err;
      abort.abort(err);
      if (inFlight === 0) finish(err);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    const complete = (task: TaskSpec, value: unknown): void => {
      results.set(task.key, value);
      done++;
      for (const d of dependents.get(task.key) ?? []) {
        const w = waiting.get(d)!;
        w.delete(task.key);
        if (w.size === 0) pushReady(index.get(d)!);
      }
    };
    const release = (task: TaskSpec): void => {
      for (const dep of task.deps) {
        const left = unstartedDependents.get(dep)! - 1;
        unstartedDependents.set(dep, left);
        if (left === 0 && !outputs.has(dep)) results.delete(dep);
      }
    };
    const start = (task: TaskSpec): void => {
      const args = substituteRefs(task.args, results) as unknown[];
      release(task);
      if (task.local) driverGc.check();
      attempt(task, args, 0);
    };
    const attempt = (task: TaskSpec, args: unknown[], tries: number): void => {
      inFlight++;
      emit({ type: 'task-start', graphId, key: task.key, group: task.group, time: now() });
      const run = task.local ? untilAborted(runLocal(task, args), abort.signal) : executor.run({ key: task.key, op: task.op, args }, abort.signal);
      run.then(
        (outcome) => {
          inFlight--;
          if (failure !== null) {
            if (inFlight === 0) finish(failure);
            return;
          }
          emit({ type: 'task-done', graphId, key: task.key, group: task.group, worker: outcome.worker, start: outcome.start, end: outcome.end, bytes: task.bytes ?? 0 });
          try {
            options.onTaskResult?.(task.key, outcome.value);
          } catch (err) {
            fail(err);
            if (inFlight === 0) finish(failure);
            return;
          }
          complete(task, outcome.value);
          pump();
        },
        (err: unknown) => {
          inFlight--;
          if (failure === null && isWorkerLoss(err) && tries < retries) {
            // the thread died under the task (crash, out of memory): the pool has replaced it
            emit({ type: 'task-retry', graphId, key: task.key, group: task.group, attempt: tries + 1, message: String((err as Error).message), time: now() });
            attempt(task, args, tries + 1);
            return;
          }
          if (failure === null) {
            emit({ type: 'task-error', graphId, key: task.key, group: task.group, message: String((err as Error)?.message ?? err), time: now() });
          }
          fail(err);
          if (inFlight === 0) finish(failure);
        },
      );
    };
    const pump = (): void => {
      while (failure === null && ready.length > 0) {
        const next = tasks[ready[0]];
        if (!next.local && inFlight >= maxInFlight) break;
        ready.shift();
        start(next);
      }
      if (failure === null && inFlight === 0 && ready.length === 0) {
        if (done === tasks.length) finish(null);
        else fail(new Error('internal: task graph stalled'));
      }
    };
    pump();
  });
}
