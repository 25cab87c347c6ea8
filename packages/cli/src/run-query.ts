/**
 * Computes a query for a command: on the engine's default executor or the pool --workers asks
 * for (closed afterwards, so the process can exit), cancellable through the CLI's signal, with
 * the progress bar on stderr when stderr is a terminal and --no-progress was not given (the
 * same bar as `compute({ progress: true })`).
 */
import { LocalPool, ProgressBar, shutdown, type ComputeOptions, type Executor, type DataFrame, type Table, type WriteCsvResult } from 'floe/core';
import type { CliIO } from './cli-io.js';
import type { RunOptions } from './query-options.js';
import { UsageError } from './usage-error.js';
import { takeEarlyPool } from './early-pool.js';


export function runQuery(df: DataFrame, opts: RunOptions, io: CliIO): Promise<Table> {
  return runWith(opts, io, (c) => df.compute(c));
}

/** Streams a query's rows into CSV part files in `dir` (complete or not at all). */
export function runWrite(df: DataFrame, dir: string, opts: RunOptions, io: CliIO, delimiter = ','): Promise<WriteCsvResult> {
  return runWith(opts, io, (c) => df.writeCsv(dir, { ...c, delimiter }));
}

/**
 * Runs `work` (one or more queries) with the command's executor, signal, memory limit and
 * progress bar. Without --workers or --redis the engine picks, as it does for the API: a small
 * input on this thread (no pool to start), a larger one on the shared pool, ended afterwards.
 */
export async function runWith<T>(opts: RunOptions, io: CliIO, work: (c: ComputeOptions) => Promise<T>): Promise<T> {
  if (opts.redis !== undefined && opts.workers !== undefined) throw new UsageError('--workers and --redis: the cluster\'s workers set their own threads (floe worker --concurrency N); give one of them');
  if (opts.redisCa !== undefined && opts.redis === undefined) throw new UsageError('--redis-ca goes with --redis rediss://…: it names the CA of a TLS Redis');
  const pool: Executor | undefined = opts.redis !== undefined
    ? await (await import('floe')).ClusterExecutor.connect({ redis: opts.redis, redisCa: opts.redisCa, shared: opts.shared })
    : opts.workers !== undefined ? takeEarlyPool(opts.workers) ?? new LocalPool({ workers: opts.workers }) : undefined;
  const bar = opts.progress && io.stderr.isTTY === true ? new ProgressBar(io.stderr) : null;
  try {
    return await work({ executor: pool, signal: io.signal, onEvent: bar?.listener, memoryLimit: opts.memoryLimit });
  } finally {
    bar?.finish();
    await (pool ? pool.close() : shutdown());
  }
}
