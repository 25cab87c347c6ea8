/**
 * A pool thread's old generation starts at 64 MB: V8 sizes a new heap's first old-generation
 * limits from its small live set (~15 MB in a worker), so a thread that turns over many
 * short-lived objects ran a full mark-compact every 30–60 ms — db-benchmark q10: ~165 in a run,
 * ~0.5 s a worker — and 67 with this; 8 alternating pairs, median 12.5 → 11.1 s, 7 better, RSS
 * +0–20 MB (q1, q3, q5 within noise).
 *
 * Worker threads take no V8 flags of their own (`execArgv` refuses them) and `resourceLimits` has
 * no initial size, so, as compile-in-thread.ts does, the flag is set for the isolates the process
 * starts from now on — a new isolate reads it when its heap is made, the main thread's heap is
 * made already. Left as it is when the process was started with an initial size of its own.
 */
import { setFlagsFromString } from 'node:v8';

const WORKER_INITIAL_OLD_SPACE_MB = 64;
let initialOldSpaceSet = false;

/** Whether the process was started with an initial heap or old-space size of its own. */
export function setsInitialHeap(execArgv: readonly string[], nodeOptions = ''): boolean {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => /^--initial[-_](old[-_]space|heap)[-_]size\b/.test(a));
}

/** Sets the flag, once a process, before a pool's threads start. */
export function setWorkerInitialOldSpace(): void {
  if (initialOldSpaceSet) return;
  initialOldSpaceSet = true;
  if (setsInitialHeap(process.execArgv, process.env.NODE_OPTIONS)) return;
  setFlagsFromString(`--initial-old-space-size=${WORKER_INITIAL_OLD_SPACE_MB}`);
}
