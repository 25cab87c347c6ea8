/**
 * `for await (const batch of df.toBatches())`: the result as apache-arrow RecordBatches.
 * A plan that only scans, filters and projects streams part by part (physical/stream-parts.ts):
 * batches come in row order as partitions finish, with a window of partitions in memory. Any
 * other plan (aggregate, sort, join, limit…) is computed first and its table handed out in
 * batches: its rows only exist once every partition is combined. A result of no rows is one
 * empty batch (the schema).
 */
import type { RecordBatch } from 'apache-arrow';
import { optimize } from '../optimizer/optimize.js';
import type { ComputeOptions } from '../physical/execute.js';
import { isRowStream, streamParts } from '../physical/stream-parts.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { emptyColumn } from '../kernels/column.js';
import type { Table } from '../table/table.js';
import type { Field } from '../types/dtype.js';
import { toArrowTable, type DictionaryTypes } from '../table/to-arrow.js';
import { resolveScalars } from './scalar-subquery.js';

export interface ToBatchesOptions extends ComputeOptions {
  /** Most rows in a batch (default: a partition's rows, as they come). */
  batchSize?: number;
  /** Partitions computed ahead of the loop (default: one per worker). */
  prefetch?: number;
}

export async function* toBatches(plan: LogicalPlan, schema: readonly Field[], compute: () => Promise<Table>, opts: ToBatchesOptions): AsyncGenerator<RecordBatch> {
  const size = opts.batchSize;
  if (size !== undefined && (!Number.isInteger(size) || size < 1)) throw new RangeError(`toBatches: batchSize must be a positive integer, got ${String(size)}`);
  const prefetch = opts.prefetch;
  if (prefetch !== undefined && (!Number.isInteger(prefetch) || prefetch < 1)) throw new RangeError(`toBatches: prefetch must be a positive integer, got ${String(prefetch)}`);
  const optimized = optimize(await resolveScalars(plan, opts));
  const tables = isRowStream(optimized) ? streamParts(optimized, { ...opts, window: prefetch }) : whole(compute);
  const dictionaries: DictionaryTypes = new Map(); // one schema for every batch
  let yielded = false;
  for await (const t of tables) {
    for (const batch of toArrowTable(t.schema, t.columns, { dictionaries }).batches) {
      yielded = true;
      if (size === undefined || batch.numRows <= size) yield batch;
      else for (let lo = 0; lo < batch.numRows; lo += size) yield batch.slice(lo, Math.min(batch.numRows, lo + size));
    }
  }
  // no rows: one empty batch, so the caller still has the schema (new Table(batches) had no columns)
  if (!yielded) yield* toArrowTable(schema, schema.map((f) => emptyColumn(f.dtype)), { dictionaries }).batches;
}

async function* whole(compute: () => Promise<Table>): AsyncGenerator<Table> {
  const t = await compute();
  if (t.numRows > 0) yield t;
}
