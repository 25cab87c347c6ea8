/**
 * The hidden folders writeCsv writes into before it moves finished files into place:
 * `<output>/.floe-tmp-<pid>-<time>-<host>`. Owns their removal on every way a process ends:
 *   success or failure   the caller's `finally` calls removeTempDir
 *   a signal, exit()     remove-on-exit.ts
 *   SIGKILL, a crash     nothing can run: the next write into the same folder removes folders
 *                        whose process (on this host) is gone
 * Never removes a folder of a live process, or of another host (its pids mean nothing here).
 */
import { readdirSync, rmSync } from 'node:fs';
import { makeDirs } from './make-dirs.js';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { armRemoval, disarmRemoval } from './remove-on-exit.js';

const PREFIX = '.floe-tmp-';
/** pid, a unique part, and (since the host was added) the host; `.removing` while remove-on-exit.ts empties it. */
const NAME = /^\.floe-tmp-(\d+)-[0-9a-z]+(?:-(.+?))?(?:\.removing)?$/;

const live = new Set<string>();
let counter = 0;

const thisHost = (): string => hostname().replace(/[^A-Za-z0-9.-]/g, '_') || 'localhost';

/** Creates a temp folder in `parent` (after sweeping stale ones) and arms its cleanup. */
export function createTempDir(parent: string): string {
  sweepStaleTempDirs(parent);
  const dir = join(parent, `${PREFIX}${process.pid}-${Date.now().toString(36)}${(counter++).toString(36)}-${thisHost()}`);
  live.add(dir);
  armRemoval(dir);
  makeDirs(dir);
  return dir;
}

/** Removes a temp folder (if still there) and disarms its cleanup. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
  disarmRemoval(dir);
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

/** Whether process `pid` of this host runs (signal 0 checks without signalling). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

