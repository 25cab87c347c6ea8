/** A batch: named columns of equal length, the unit that flows through a fused pipeline. */
import type { Column } from './column.js';
import { takeColumn } from './sort.js';

export interface Batch {
  readonly length: number;
  readonly columns: ReadonlyMap<string, Column>;
  /**
   * Its arrays are a CSV scan's buffers, which the scan overwrites with the next batch (whoever
   * keeps rows copies them): a stage may compact them where they are instead of copying (a
   * filter: run-stages.ts). Unset for anything else — a persisted chunk, an exchange's rows.
   */
  readonly scratch?: boolean;
}

/** The rows `rows` of every column of `b`, in that order. */
export function takeRows(b: Batch, rows: Int32Array): Batch {
  const columns = new Map<string, Column>();
  for (const [name, c] of b.columns) columns.set(name, takeColumn(c, rows));
  return { length: rows.length, columns };
}
