/**
 * `mkdirSync(dir, { recursive: true })` without Node 20's endless loop: where making a missing
 * folder fails with ENOENT although its parent exists (under /proc, and other file systems that
 * refuse new folders that way) the recursive call retried forever, at 100% CPU and deaf to
 * Ctrl-C and SIGTERM (`--output /proc/nope.csv` never ended). The missing folders are made one at
 * a time, from the nearest one that exists; the first that fails throws its own error.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** What is at `p`: a folder, something else, or nothing (ENOTDIR: a file further up). */
function entryAt(p: string): 'folder' | 'file' | 'none' {
  try {
    return statSync(p).isDirectory() ? 'folder' : 'file';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'none';
    throw err;
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied (write somewhere you may, e.g. under your home folder)',
  EPERM: 'not permitted',
  EROFS: 'the file system is read-only',
  ENOENT: 'this file system does not allow new folders there',
  ENOSPC: 'the disk is full',
  ENOTDIR: 'a file is in the way',
};

/** Makes `dir` and the folders missing above it; returns the first folder made (undefined: `dir` was there), as mkdirSync's recursive form does. */
export function makeDirs(dir: string): string | undefined {
  const missing: string[] = [];
  for (let p = resolve(dir); ; ) {
    const entry = entryAt(p);
    if (entry === 'folder') break;
    if (entry === 'file') {
      // `dir` itself a file: mkdir's own error (EEXIST), as the recursive form gave (writers say what it means)
      if (missing.length === 0) mkdirSync(p);
      throw Object.assign(new Error(`cannot create the folder ${missing[missing.length - 1]}: ${p} is a file`), { code: 'ENOTDIR' });
    }
    missing.push(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      mkdirSync(missing[i]);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // made meanwhile by another writer: fine while it is a folder
      if (code === 'EEXIST' && statSync(missing[i]).isDirectory()) continue;
      throw Object.assign(new Error(`cannot create the folder ${missing[i]}: ${REASONS[code ?? ''] ?? (err as Error).message}`), { code });
    }
  }
  return missing.length > 0 ? missing[missing.length - 1] : undefined;
}
