/**
 * The executor queries run on unless told otherwise: one shared local pool, sized to the
 * cores, started on first use. Its threads are unref'd while idle, so it never keeps a
 * finished program alive; `shutdown()` ends them explicitly.
 */
import { LocalPool, type Executor } from '@floe/scheduler';

let shared: LocalPool | null = null;

export function defaultExecutor(): Executor {
  shared ??= new LocalPool();
  return shared;
}

/** Ends the shared pool's threads (a new pool starts on next use). */
export async function shutdown(): Promise<void> {
  const p = shared;
  shared = null;
  await p?.close();
}
