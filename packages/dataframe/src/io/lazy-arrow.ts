/**
 * apache-arrow, loaded where it is needed. The calling thread has it from the start (index.ts
 * provides it: `Table.toArrow()`, `toBatches()` and `fromArrow()` are synchronous). A worker
 * loads it the first time a task may need it — a task that may spill or read spill files
 * (Arrow IPC), or writes Arrow IPC parts (physical/task-libraries.ts) — so a CSV scan with a
 * partial aggregate, a filter, a collect or a CSV write starts its workers without it: 146
 * modules, about half of what a worker loads (~0.1 s of a cold pool's ~0.26 s start).
 */
import type * as Arrow from 'apache-arrow';

let loaded: typeof Arrow | null = null;

/** Hands over the module already imported on this thread. */
export function provideArrow(module: typeof Arrow): void {
  loaded = module;
}

export async function loadArrow(): Promise<void> {
  loaded ??= await import('apache-arrow');
}

/** Whether this thread has it (a test op asks a worker). */
export function arrowLoaded(): boolean {
  return loaded !== null;
}

/** The module; a task reaching here without loadArrow() first is a bug named as such. */
export function arrow(): typeof Arrow {
  if (loaded === null) throw new Error('internal: apache-arrow is not loaded on this thread (a task that needs it must await loadArrow() first)');
  return loaded;
}
