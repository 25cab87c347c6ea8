/**
 * Computes a query for a command: on its own worker pool (closed afterwards, so the process
 * can exit), cancellable through the CLI's signal, with the progress bar on stderr when
 * stderr is a terminal and --no-progress was not given (the same bar as `compute({ progress: true })`).
 */
import { LocalPool, ProgressBar, type DataFrame, type Table, type WriteCsvResult } from 'floe';
import type { CliIO } from './cli-io.js';
import type { RunOptions } from './query-options.js';

export async function runQuery(df: DataFrame, opts: RunOptions, io: CliIO): Promise<Table> {
  const pool = new LocalPool(opts.workers !== undefined ? { workers: opts.workers } : {});
  const bar = opts.progress && io.stderr.isTTY === true ? new ProgressBar(io.stderr) : null;
  try {
    return await df.compute({ executor: pool, signal: io.signal, onEvent: bar?.listener, memoryLimit: opts.memoryLimit });
  } finally {
    bar?.finish();
    await pool.close();
  }
}

/** Streams a query's rows into CSV part files in `dir` (complete or not at all). */
export async function runWrite(df: DataFrame, dir: string, opts: RunOptions, io: CliIO): Promise<WriteCsvResult> {
  const pool = new LocalPool(opts.workers !== undefined ? { workers: opts.workers } : {});
  const bar = opts.progress && io.stderr.isTTY === true ? new ProgressBar(io.stderr) : null;
  try {
    return await df.writeCsv(dir, { executor: pool, signal: io.signal, onEvent: bar?.listener, memoryLimit: opts.memoryLimit });
  } finally {
    bar?.finish();
    await pool.close();
  }
}
