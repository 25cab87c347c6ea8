/** Accumulates the rows of batches (selected columns, optionally selected rows) and concatenates them at the end. */
import type { Batch } from '../../kernels/batch.js';
import { concatColumns, type Column } from '../../kernels/column.js';
import { takeOrNull } from '../../kernels/take.js';
import type { Field } from '../../types/dtype.js';

export class RowBuffer {
  private parts: Column[][];
  length = 0;

  constructor(private readonly fields: readonly Field[]) {
    this.parts = fields.map(() => []);
  }

  /** Adds all rows of `b`, or the rows `rows` of it, in order. */
  add(b: Batch, rows?: Int32Array): void {
    const n = rows ? rows.length : b.length;
    if (n === 0) return;
    this.fields.forEach((f, k) => {
      const c = b.columns.get(f.name)!;
      // scan batches reuse their buffers: keep a copy
      this.parts[k].push(rows ? takeOrNull(c, rows) : { ...c, length: n, values: c.values.slice(0, n), valid: c.valid ? c.valid.slice(0, n) : null });
    });
    this.length += n;
  }

  columns(): Column[] {
    const out = this.fields.map((f, k) => (this.parts[k].length === 1 ? this.parts[k][0] : concatColumns(this.parts[k], f.dtype)));
    this.parts = this.fields.map(() => []);
    return out;
  }
}
