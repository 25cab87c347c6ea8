/**
 * bag.toDataFrame(): a lazy DataFrame over a bag of records. DataFrames scan files (CSV), so
 * the bag is computed now, each partition written by its task as a CSV part file into a temp
 * folder (removed when the process exits or is interrupted), and the DataFrame reads those.
 * Columns are the first record's keys unless given; columns whose first value is a string are
 * read as strings (not re-inferred from their text), booleans as bools; numbers are inferred.
 */
import { join } from 'node:path';
import { readCsv, SpillDir, type DataFrame, type DType } from '@floe/dataframe';
import type { Bag } from './bag.js';
import type { BagComputeOptions } from './run-bag.js';
import { runBag } from './run-bag.js';

export interface ToDataFrameOptions extends BagComputeOptions {
  /** Column names, in order (default: the first record's keys). */
  columns?: string[];
  /** Column types that override the defaults above. */
  dtypes?: Record<string, DType>;
}

export async function toDataFrame<T>(bag: Bag<T>, options: ToDataFrameOptions = {}): Promise<DataFrame> {
  const { columns: given, dtypes: givenTypes, ...run } = options;
  const [first] = given ? [undefined] : await bag.take(1, run);
  if (!given && (first === null || typeof first !== 'object' || Array.isArray(first))) {
    throw new Error(first === undefined ? 'toDataFrame() of an empty bag: pass { columns } to make an empty DataFrame' : 'toDataFrame(): elements must be plain objects (records)');
  }
  const columns = given ?? Object.keys(first as object);
  if (columns.length === 0) throw new Error('toDataFrame(): the records have no keys');
  const dtypes: Record<string, DType> = {};
  for (const c of columns) {
    const v = (first as Record<string, unknown> | undefined)?.[c];
    if (typeof v === 'string' || (v !== null && typeof v === 'object' && !(v instanceof Date))) dtypes[c] = 'string';
    else if (typeof v === 'boolean') dtypes[c] = 'bool';
  }
  Object.assign(dtypes, givenTypes);
  const dir = tempFolder();
  const width = String(bag.npartitions - 1).length;
  const paths = Array.from({ length: bag.npartitions }, (_, i) => join(dir, `part-${String(i).padStart(width, '0')}.csv`));
  await runBag((ctx) => ctx.partitionTasks(bag.node, 'to-dataframe', (i) => ({ kind: 'write-csv', path: paths[i], columns })), run, 'toDataFrame()');
  return readCsv(paths, { dtypes, header: true });
}

/**
 * `floe-bag-frame-<pid>-…` under FLOE_SPILL_DIR or the OS temp dir, kept while the process runs
 * (the DataFrame reads it whenever it is computed): dataframe's SpillDir, which removes it at
 * exit and on Ctrl-C / SIGTERM (an 'exit' hook alone does not run on a signal).
 */
function tempFolder(): string {
  return new SpillDir(undefined, 'floe-bag-frame').dir;
}
