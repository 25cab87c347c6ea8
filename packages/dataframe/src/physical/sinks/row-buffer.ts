/**
 * Accumulates the rows of batches (selected columns, optionally selected rows) and concatenates
 * them at the end; CutBuffer, for a task that keeps only some rows, cuts them back on the way.
 */
import type { Batch } from '../../kernels/batch.js';
import { concatColumns, type Column } from '../../kernels/column.js';
import { anyMissing, takeOrNull } from '../../kernels/take.js';
import { bytesOf, takeBytes } from '../../kernels/byte-strings.js';
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
      this.parts[k].push(rows ? takeRows(c, rows) : { ...c, length: n, values: c.values.slice(0, n), valid: c.valid ? c.valid.slice(0, n) : null });
    });
    this.length += n;
  }

  columns(): Column[] {
    const out = this.fields.map((f, k) => (this.parts[k].length === 1 ? this.parts[k][0] : concatColumns(this.parts[k], f.dtype)));
    this.parts = this.fields.map(() => []);
    return out;
  }

  /** The rows as one batch (columns by field name); like columns(), the buffer is used up. */
  batch(): Batch {
    const length = this.length;
    const cols = this.columns();
    return { length, columns: new Map(this.fields.map((f, k) => [f.name, cols[k]])) };
  }
}

/** Rows `rows` of `c`: a text column held as bytes gets its rows' values copied now, while its batch is fresh (byte-strings.ts takeBytes). */
function takeRows(c: Column, rows: Int32Array): Column {
  const bytes = bytesOf(c.dict);
  return bytes !== undefined && !anyMissing(rows) ? takeBytes(c, bytes, rows) : takeOrNull(c, rows);
}

/**
 * The rows of a task that keeps only some of them (a top-k, the first n per key): buffered, and
 * cut back by `cut` whenever `limit` rows are held; after a cut the limit is twice the rows
 * kept, at least `min`. `cut` keeps the survivors in input order among ties (ties stay broken
 * by input order across cuts).
 */
export class CutBuffer {
  private buf: RowBuffer;
  private limit: number;

  constructor(private readonly fields: readonly Field[], private readonly min: number, private readonly cut: (rows: Batch) => Batch) {
    this.buf = new RowBuffer(fields);
    this.limit = min;
  }

  /** Adds all rows of `b`, or the rows `rows` of it, in order. */
  add(b: Batch, rows?: Int32Array): void {
    this.buf.add(b, rows);
    if (this.buf.length < this.limit) return;
    const kept = this.finish();
    this.buf = new RowBuffer(this.fields);
    this.buf.add(kept);
    this.limit = Math.max(this.min, 2 * kept.length);
  }

  /** The rows kept: what is buffered, cut once more (the buffer is used up). */
  finish(): Batch {
    return this.cut(this.buf.batch());
  }
}
