/**
 * The rows of a sort run as they arrive, copied once into one growing array a column — arrays a
 * thread keeps and lends to its next run (sort-run-sink.ts), so a run's rows land in memory
 * already mapped. RowBuffer copies each batch and concatenates the copies at the end: two
 * copies, the second into fresh arrays of the whole run each time, whose pages the system
 * faults in one by one (db-benchmark q10: ~0.85 s a worker, 0.4 s of it allocating).
 *
 * A column whose batches disagree — another kind of array (int64 past 2^53 after safe ones),
 * another dictionary — falls back to RowBuffer's way for that column: its rows so far become
 * one part, and every batch after is a part of its own, concatenated (and unified) at the end.
 *
 * The columns `take()` returns view the lent arrays: they are valid until `release()`, which
 * hands the arrays back for the next run; nothing may keep them past it. A thread lets its arrays
 * go when no run has borrowed them for a second (the end of a query's map tasks).
 */
import type { Batch } from '../../kernels/batch.js';
import { concatColumns, type Column, type ColumnValues } from '../../kernels/column.js';
import { IdleRelease } from '../../kernels/idle-release.js';
import type { Field } from '../../types/dtype.js';

type ValuesCtor = { new (n: number): ColumnValues };

interface Lent { values: ColumnValues; valid: Uint8Array | null }

/** Per thread: the arrays of the last runs, by column place; null while lent. */
let pool: (Lent[] | null) = [];
/** Arrays larger than this (bytes, all columns together) are not kept for the next run. */
const KEEP_UP_TO = 256 << 20;
/** Arrays not lent again for a while are let go. */
const dropLater = new IdleRelease(() => { if (pool !== null) pool = []; });

interface Direct { kind: 'direct'; values: ColumnValues | null; valid: Uint8Array | null; dict: readonly string[] | undefined }
interface Parts { kind: 'parts'; parts: Column[] }

export class RunBuffer {
  private readonly cols: (Direct | Parts)[];
  /** The arrays this buffer writes into: the thread's, or its own when another buffer holds them. */
  private readonly lent: Lent[];
  private readonly owns: boolean;
  length = 0;

  /**
   * `rowsHint`: the rows the run is expected to hold, its arrays' first size when the thread's are
   * smaller. Grown from a batch's rows by halves, a thread's first run copied its rows into new
   * arrays ~6 times, faulting in their pages each time: db-benchmark q10's first sort-run task a
   * worker took ~1200 ms (the next ~300), ~100 ms less from the right size.
   */
  constructor(private readonly fields: readonly Field[], private readonly rowsHint = 0) {
    dropLater.busy();
    this.owns = pool !== null;
    this.lent = pool ?? [];
    pool = null;
    this.cols = fields.map(() => ({ kind: 'direct', values: null, valid: null, dict: undefined }));
  }

  add(b: Batch): void {
    const n = b.length;
    if (n === 0) return;
    const at = this.length;
    this.fields.forEach((f, k) => {
      const c = b.columns.get(f.name)!;
      const col = this.cols[k];
      if (col.kind === 'direct') {
        const Ctor = c.values.constructor as ValuesCtor;
        if (at === 0 || (col.values!.constructor === Ctor && col.dict === c.dict)) {
          this.append(k, col, c, at, n);
          return;
        }
        // batches disagree: the rows so far are one part (copied out of the lent arrays)
        const first: Column = { dtype: f.dtype, length: at, values: col.values!.slice(0, at), valid: col.valid ? col.valid.slice(0, at) : null, dict: col.dict };
        this.cols[k] = { kind: 'parts', parts: [first] };
      }
      // scan batches reuse their buffers: keep a copy
      (this.cols[k] as Parts).parts.push({ ...c, length: n, values: c.values.slice(0, n), valid: c.valid ? c.valid.slice(0, n) : null });
    });
    this.length += n;
  }

  /** Copies batch column `c`'s n rows to rows [at, at + n) of column k's lent arrays. */
  private append(k: number, col: Direct, c: Column, at: number, n: number): void {
    const Ctor = c.values.constructor as ValuesCtor;
    const lent = (this.lent[k] ??= { values: new Ctor(0), valid: null });
    if (!(lent.values instanceof Ctor) || lent.values.length < at + n) {
      const values = new Ctor(grow(lent.values instanceof Ctor ? lent.values.length : 0, at + n, this.rowsHint));
      if (at > 0) (values as Float64Array).set(lent.values.subarray(0, at) as Float64Array);
      lent.values = values;
    }
    (lent.values as Float64Array).set(c.values.subarray(0, n) as Float64Array, at);
    col.values = lent.values;
    col.dict = c.dict;
    if (c.valid === null && col.valid === null) return;
    if (lent.valid === null || lent.valid.length < at + n) {
      const valid = new Uint8Array(grow(lent.valid?.length ?? 0, at + n, this.rowsHint));
      if (col.valid !== null) valid.set(col.valid.subarray(0, at));
      lent.valid = valid;
    }
    // the rows before the first batch with nulls were all valid
    if (col.valid === null) lent.valid.fill(1, 0, at);
    if (c.valid !== null) lent.valid.set(c.valid.subarray(0, n), at);
    else lent.valid.fill(1, at, at + n);
    col.valid = lent.valid;
  }

  /** The rows as columns: views of the lent arrays (see the file's note), or parts concatenated. */
  take(): Column[] {
    const n = this.length;
    return this.fields.map((f, k) => {
      const col = this.cols[k];
      if (col.kind === 'parts') return concatColumns(col.parts, f.dtype);
      const values = col.values === null ? new Float64Array(0) : col.values.subarray(0, n);
      return { dtype: f.dtype, length: n, values, valid: col.valid === null ? null : col.valid.subarray(0, n), dict: col.dict };
    });
  }

  /** Hands the arrays back to the thread (the columns take() returned are not to be read after). */
  release(): void {
    if (!this.owns) return;
    const bytes = this.lent.reduce((s, l) => s + (l ? l.values.byteLength + (l.valid?.byteLength ?? 0) : 0), 0);
    pool = bytes <= KEEP_UP_TO ? this.lent : [];
    dropLater.idle();
  }
}

/** A new capacity for `need` rows: half again what was there, at least `need`, and at least `hint` (RunBuffer's). */
function grow(had: number, need: number, hint: number): number {
  return Math.max(need, Math.ceil(had * 1.5), hint, 1024);
}
