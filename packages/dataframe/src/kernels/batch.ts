/** A batch: named columns of equal length, the unit that flows through a fused pipeline. */
import type { Column } from './column.js';

export interface Batch {
  readonly length: number;
  readonly columns: ReadonlyMap<string, Column>;
}
