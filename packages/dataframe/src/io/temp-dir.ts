/**
 * The hidden folders writeCsv writes into before it moves finished files into place:
 * `<output>/.floe-tmp-<pid>-<time>-<host>`. Owns their removal on every way a process ends:
 *   success or failure   the caller's `finally` calls removeTempDir
 *   SIGINT/SIGTERM/SIGHUP  when floe's is the only listener (so the signal would have ended the
 *                        process): removed, then the signal is raised again and the process dies
 *                        of it as it would have; an application that handles the signal itself
 *                        keeps control, and its process.exit() is covered by the next line
 *   process.exit()       removed in the 'exit' event (synchronously)
 *   SIGKILL, a crash     nothing can run: the next write into the same folder removes folders
 *                        whose process (on this host) is gone
 * Never removes a folder of a live process, or of another host (its pids mean nothing here).
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

const PREFIX = '.floe-tmp-';
/** pid, a unique part, and (since the host was added) the host. */
const NAME = /^\.floe-tmp-(\d+)-[0-9a-z]+(?:-(.+))?$/;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const live = new Set<string>();
let installed = false;
let counter = 0;

const thisHost = (): string => hostname().replace(/[^A-Za-z0-9.-]/g, '_') || 'localhost';

/** Creates a temp folder in `parent` (after sweeping stale ones) and arms its cleanup. */
export function createTempDir(parent: string): string {
  sweepStaleTempDirs(parent);
  const dir = join(parent, `${PREFIX}${process.pid}-${Date.now().toString(36)}${(counter++).toString(36)}-${thisHost()}`);
  live.add(dir);
  install();
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Removes a temp folder (if still there) and disarms its cleanup. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
  if (live.size === 0) uninstall();
}

/** Removes `.floe-tmp-*` folders in `parent` left by processes of this host that no longer run. */
export function sweepStaleTempDirs(parent: string): string[] {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m) continue;
    const path = join(parent, name);
    const pid = Number(m[1]);
    if (m[2] !== undefined && m[2] !== thisHost()) continue;
    if (pid === process.pid ? live.has(path) : isAlive(pid)) continue;
    rmSync(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/** On the way out: worker threads may still be adding files, so retry a folder that refills (ENOTEMPTY). */
function removeAll(): void {
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 5 });
    } catch {
      // nothing more can be done while exiting; the next write's sweep removes it
    }
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return; // the application handles it
  removeAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  if (installed || !isMainThread) return;
  installed = true;
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', removeAll);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off('exit', removeAll);
}
