/** A batch: named columns of equal length, the unit that flows through a fused pipeline. */
import type { Column } from './column.js';
import { takeColumn } from './sort.js';

export interface Batch {
  readonly length: number;
  readonly columns: ReadonlyMap<string, Column>;
}

/** The rows `rows` of every column of `b`, in that order. */
export function takeRows(b: Batch, rows: Int32Array): Batch {
  const columns = new Map<string, Column>();
  for (const [name, c] of b.columns) columns.set(name, takeColumn(c, rows));
  return { length: rows.length, columns };
}
