/**
 * Folders floe removes however the process ends (spill directories, persisted results, the
 * hidden folders writes go through): one registry and one set of signal listeners for all of
 * them.
 *   process.exit() / the end   removed in the 'exit' event (synchronously)
 *   SIGINT/SIGTERM/SIGHUP      when floe's is the only listener (so the signal would have ended
 *                              the process): removed, then the signal is raised again and the
 *                              process dies of it as it would have. An application that handles
 *                              the signal itself keeps control — and its files: a persisted
 *                              result was deleted under an application that went on after Ctrl-C.
 * With one listener for every kind of folder, floe never mistakes its own second listener for
 * the application's (each counted the other, and the signal was ignored).
 */
import { readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const live = new Set<string>();
/** Folders `parent/prefix…` made by threads the main thread cannot follow (a worker killed by a cancel never runs its finally). */
const prefixes = new Map<string, string>();
let installed = false;

/** Removes `dir` when the process ends, until `disarm(dir)`. */
export function armRemoval(dir: string): void {
  live.add(dir);
  install();
}

export function disarmRemoval(dir: string): void {
  live.delete(dir);
  if (live.size === 0 && prefixes.size === 0) uninstall();
}

/**
 * Removes every `parent/prefix…` entry when the process ends (armed for the process's life).
 * Main thread only: a worker thread's own end would remove what its siblings still use.
 */
export function armPrefixRemoval(parent: string, prefix: string): void {
  if (!isMainThread) return;
  prefixes.set(`${parent}\0${prefix}`, prefix);
  install();
}

/** On the way out: worker threads may still be adding files, so retry a folder that refills (ENOTEMPTY). */
function removeAll(): void {
  for (const dir of live) removeFolder(dir);
  live.clear();
  for (const [key, prefix] of prefixes) {
    const parent = key.slice(0, key.indexOf('\0'));
    let names: string[] = [];
    try {
      names = readdirSync(parent);
    } catch {
      continue;
    }
    for (const name of names) if (name.startsWith(prefix)) removeFolder(join(parent, name));
  }
}

/**
 * Removes a folder now: renamed first (`<dir>.removing`), so that worker threads still spilling
 * or writing into it fail to open their next file instead of refilling it while it is emptied
 * (a SIGINT during a spilling sort left floe-spill-* behind on a loaded machine; a cancelled
 * query's rmdir failed with ENOTEMPTY). Returns the path still there when something could not be
 * removed (the caller leaves it to the exit), else null. Never throws.
 */
export function removeFolder(path: string): string | null {
  let target = `${path}.removing`;
  try {
    renameSync(path, target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    target = path;
  }
  try {
    rmSync(target, { recursive: true, force: true, maxRetries: 20, retryDelay: 5 });
    return null;
  } catch {
    return target;
  }
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return; // the application handles it
  removeAll();
  uninstall();
  process.kill(process.pid, signal);
}

/** Signals reach the main thread only; a worker thread's 'exit' is its own end. */
function install(): void {
  if (installed) return;
  installed = true;
  if (isMainThread) for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', removeAll);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  if (isMainThread) for (const s of SIGNALS) process.off(s, onSignal);
  process.off('exit', removeAll);
}
