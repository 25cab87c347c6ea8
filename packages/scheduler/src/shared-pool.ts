/**
 * The pool delayed values and futures run on when there is no current client: one shared
 * LocalPool (a thread per core, several tasks per thread so async functions overlap), started
 * on first use. Idle threads do not keep the process alive; `closeSharedPool()` ends them.
 */
import { LocalPool } from './local-pool.js';

/** Tasks per thread for pools that run users' functions (async ones overlap; see LocalPool). */
export const DEFAULT_TASKS_PER_WORKER = 4;

let shared: LocalPool | null = null;

export function sharedPool(): LocalPool {
  shared ??= new LocalPool({ tasksPerWorker: DEFAULT_TASKS_PER_WORKER });
  return shared;
}

export async function closeSharedPool(): Promise<void> {
  const p = shared;
  shared = null;
  await p?.close();
}
