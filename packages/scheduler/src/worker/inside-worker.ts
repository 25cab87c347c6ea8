/** True on a floe pool thread (LocalPool marks its workers), where computing would nest pools. */
import { isMainThread, workerData } from 'node:worker_threads';

export function insideWorker(): boolean {
  return !isMainThread && (workerData as { floeWorker?: boolean } | null)?.floeWorker === true;
}

/** Why computing in a worker happens, and the fix. */
export const WORKER_IMPORT_HINT = "a module imported by workers to run its task functions must not compute at its top level; keep task functions in a module of their own, or guard the script's main code with `if (isMainThread)` from node:worker_threads";
