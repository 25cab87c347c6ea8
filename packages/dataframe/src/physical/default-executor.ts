/**
 * The executor queries run on unless told otherwise (an `executor` option, or the current
 * Client's). A query over a small input — at most `INLINE_INPUT_BYTES` — runs on the calling
 * thread: starting the worker threads and loading the engine into each costs ~0.3 s, more than
 * such a query takes whole, and one small partition gains nothing from a pool. The bound is
 * kept low because a task on the calling thread holds off Ctrl-C (and every other event) until
 * it ends, and a join is never run there: duplicate keys can make its output far larger than
 * its input. Anything else runs on one shared local pool, sized to the cores, started on first
 * use; its threads are unref'd while idle, so it never keeps a finished program alive, and
 * `shutdown()` ends them explicitly.
 *
 * Both run the same tasks on the same structured-cloneable inputs (a dataframe plan holds no
 * user code), so the answer does not depend on which one ran it.
 */
import { availableParallelism } from 'node:os';
import { InlineExecutor, LocalPool, type Executor } from '@floe/scheduler';
import { sourceOf } from '../io/source.js';
import { inputsOf, scansOf, type LogicalPlan } from '../plan/logical-plan.js';

/** Inputs up to this size run on the calling thread (a cold pool costs ~0.3 s whatever the size; a warm one ties up to 32 MB). */
export const INLINE_INPUT_BYTES = 4 * 1024 * 1024;

let shared: LocalPool | null = null;
let inline: InlineExecutor | null = null;

/** The executor for a query of this weight (`planWeight`, or a CSV scan's bytes); unknown: the pool. */
export function defaultExecutor(weight = Infinity): Executor {
  if (weight <= INLINE_INPUT_BYTES) return (inline ??= new InlineExecutor());
  shared ??= new LocalPool();
  return shared;
}

/**
 * Starts the shared pool now when a query reading `bytes` of input would run on it: its threads
 * start and load the engine (~0.2 s) while the calling thread still reads the files' samples and
 * plans (the CLI calls it before it opens its input), instead of after.
 */
export function startSharedPool(bytes: number): void {
  if (bytes > INLINE_INPUT_BYTES) defaultExecutor(bytes);
}

/** The concurrency `defaultExecutor(weight)` would have, without starting a pool (explain, pictures). */
export function defaultConcurrency(weight = Infinity): number {
  return weight <= INLINE_INPUT_BYTES ? 1 : shared?.concurrency ?? Math.max(1, availableParallelism());
}

/** What decides where a plan runs: roughly the bytes its scans read (as text or uncompressed columns); Infinity for a join. */
export function planWeight(plan: LogicalPlan): number {
  if (hasJoin(plan)) return Infinity;
  let n = 0;
  for (const scan of scansOf(plan)) n += sourceOf(scan.source).estimatedBytes(scan.source);
  return n;
}

function hasJoin(plan: LogicalPlan): boolean {
  return plan.kind === 'join' || inputsOf(plan).some(hasJoin);
}

/** Whether the shared pool has been started (and not shut down). */
export function sharedPoolStarted(): boolean {
  return shared !== null;
}

/** Queries running on the shared pool now. */
let running = 0;

/**
 * Marks a query running on `executor` (when it is the shared pool); the returned function (safe
 * to call twice) marks its end. What decides whether a cancelled query may end the pool's threads.
 */
export function useExecutor(executor: Executor): () => void {
  if (executor !== shared) return () => {};
  running++;
  let done = false;
  return () => {
    if (!done) { done = true; running--; }
  };
}

/**
 * After a query on the shared pool was cancelled (its end already marked): ends the pool's
 * threads — the only way to stop the cancelled tasks they still run — unless other queries are
 * running on it (cancelling one query failed every other with "the pool is closed").
 */
export async function shutdownIfIdle(executor: Executor): Promise<void> {
  if (executor === shared && running === 0) await shutdown();
}

/** Ends the shared pool's threads (a new pool starts on next use). */
export async function shutdown(): Promise<void> {
  const p = shared;
  shared = null;
  await p?.close();
}
