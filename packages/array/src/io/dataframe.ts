/**
 * Arrays ↔ DataFrames. `df.toArray(['X0', 'X1'])` (installed on DataFrame by this module) and
 * `fromDataFrame` compute the selected numeric columns and wrap them as an [rows, columns]
 * float64 array (nulls become NaN). `toDataFrame(x, names)` writes the array's row blocks from
 * the workers as CSV parts (NaN as an empty field, i.e. null) and returns a lazy DataFrame over
 * them, since floe DataFrames read their data from files.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataFrame, makeDirs, readCsv, SpillDir, type ComputeOptions as FrameComputeOptions } from '@floe/dataframe';
import { runContext, runGraph, type RunOptions } from '@floe/scheduler';
import type { ChunkedArray } from '../api/chunked-array.js';
import { fromArray } from '../api/creation.js';
import { blockIndices, type ChunksArg } from '../graph/chunks.js';
import { blockKey, Lowering } from '../graph/lowering.js';

export interface FromDataFrameOptions extends FrameComputeOptions {
  /** Chunks of the result (default: row blocks of ~32 MiB, every column in each block). */
  chunks?: ChunksArg;
}

declare module '@floe/dataframe' {
  interface DataFrame {
    /** The numeric columns as a [rows, columns] float64 array (computes them now; nulls become NaN). */
    toArray(columns: string | readonly string[], options?: FromDataFrameOptions): Promise<ChunkedArray>;
  }
}

export async function fromDataFrame(df: DataFrame, columns: readonly string[], options: FromDataFrameOptions = {}): Promise<ChunkedArray> {
  if (columns.length === 0) throw new RangeError('toArray needs at least one column name');
  const { chunks, ...computeOptions } = options;
  const t = await df.select(...columns).compute(computeOptions);
  const n = t.numRows;
  const m = columns.length;
  const out = new Float64Array(n * m);
  columns.forEach((name, j) => {
    const c = t.column(name).data;
    if (c.dtype === 'string' || c.dtype === 'timestamp' || c.dtype === 'date') {
      throw new TypeError(`column '${name}' is ${c.dtype}: an array takes numeric or bool columns (cast it, or leave it out)`);
    }
    for (let i = 0; i < n; i++) out[i * m + j] = c.valid === null || c.valid[i] === 1 ? Number(c.values[i]) : NaN;
  });
  const rows = Math.max(1, Math.floor((32 * 1024 * 1024) / 8 / m));
  return fromArray(out, { shape: [n, m], chunks: chunks ?? [rows, m] });
}

export interface ToDataFrameOptions extends RunOptions {
  /** Folder for the CSV parts (default: a new temporary folder, removed however the process ends). */
  dir?: string;
}

const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const TASKS = new URL(`./csv-parts${ext}`, import.meta.url).href;

/**
 * A default folder of toDataFrame: dataframe's SpillDir (`floe-array-frame-<pid>-…`), removed
 * however the process ends — exit, Ctrl-C, SIGTERM — and kept while the DataFrame may read it.
 */
function newFrameDir(): string {
  return new SpillDir(undefined, 'floe-array-frame').dir;
}

/** A 1-d or 2-d array as a DataFrame with the given column names. */
export async function toDataFrame(x: ChunkedArray, names: readonly string[], options: ToDataFrameOptions = {}): Promise<DataFrame> {
  const two = x.ndim === 1 ? x.reshape([x.shape[0], 1]) : x;
  if (two.ndim !== 2) throw new RangeError(`toDataFrame takes a 1-d or 2-d array, got ${x.ndim}-d`);
  if (names.length !== two.shape[1]) throw new RangeError(`toDataFrame got ${names.length} names for ${two.shape[1]} columns`);
  const y = two.rechunk([two.chunks[0], [two.shape[1]]]);
  let dir: string;
  if (options.dir !== undefined) {
    dir = resolve(options.dir);
    if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${options.dir} is not empty: toDataFrame writes its CSV parts into an empty or new folder`);
    makeDirs(dir);
  } else dir = newFrameDir();
  const ctx = new Lowering(y.node);
  const keys: string[] = [];
  let part = 0;
  for (const idx of blockIndices(y.chunks)) {
    const file = join(dir, `part-${String(part++).padStart(5, '0')}.csv`);
    keys.push(ctx.graph.add({ key: blockKey(y.node, idx, '-to-csv'), group: 'to-csv', op: { module: TASKS, export: 'writeCsvPart' }, args: [file, [...names], ctx.block(y.node, idx)] }));
  }
  if (keys.length === 0) writeFileSync(join(dir, 'part-00000.csv'), `${names.join(',')}\n`);
  const run = runContext(options, 'toDataFrame()');
  try {
    await runGraph(ctx.graph, { executor: run.executor, maxInFlight: run.executor.concurrency * 2, signal: run.signal, onEvent: run.onEvent, outputs: keys });
  } finally {
    run.finish();
  }
  return readCsv(join(dir, 'part-*.csv'));
}

DataFrame.prototype.toArray = function toArray(this: DataFrame, columns: string | readonly string[], options?: FromDataFrameOptions) {
  // one name as itself: toArray('X0') read as the characters 'X' and '0'
  return fromDataFrame(this, typeof columns === 'string' ? [columns] : columns, options);
};
