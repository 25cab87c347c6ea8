/**
 * The worker threads a command's query runs on, started before the command reads its input's
 * samples: a thread takes ~0.2 s to start and load the engine, and reading the samples (to type
 * the columns) takes the calling thread ~0.17 s for four files; started first, the two overlap
 * instead of following each other. Started only for a query that will run on them — --workers N,
 * or the engine's shared pool when the input is larger than what the engine runs on the calling
 * thread — and not for --explain or --redis. runWith takes the --workers pool; one it never took
 * (the command failed first) is closed when the command ends.
 */
import { statSync } from 'node:fs';
import { LocalPool, startSharedPool } from 'floe/core';
import type { RunOptions } from './query-options.js';

let early: { pool: LocalPool; workers: number } | null = null;

/** Starts the pool `opts` will run the query on, for input `files`. */
export function startPoolEarly(opts: Partial<RunOptions>, files: readonly string[]): void {
  if (opts.explain === true || opts.redis !== undefined || early !== null) return;
  if (opts.workers !== undefined) {
    // a bad count is refused where the pool is made for the query, with its message
    if (Number.isInteger(opts.workers) && opts.workers > 0) early = { pool: new LocalPool({ workers: opts.workers }), workers: opts.workers };
    return;
  }
  let bytes = 0;
  for (const f of files) {
    try {
      bytes += statSync(f).size;
    } catch {
      // a file that cannot be read is reported when it is opened
    }
  }
  startSharedPool(bytes);
}

/** The pool started for --workers `workers`, handed over once (the caller closes it). */
export function takeEarlyPool(workers: number): LocalPool | null {
  if (early === null || early.workers !== workers) return null;
  const { pool } = early;
  early = null;
  return pool;
}

/** Closes a pool started early that no query took. */
export async function closeEarlyPool(): Promise<void> {
  const left = early;
  early = null;
  await left?.pool.close();
}
