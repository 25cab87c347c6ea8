/**
 * Aggregate updates of a table of many groups, folded in group order: each row of a batch, and
 * its evaluated inputs, is written into its group's bucket — a bucket is 2 048 consecutive
 * groups, whose states fit in a core's L1/L2 — and a bucket is folded through each reduction's
 * own update when its region fills (all of them, in order, before the table is handed over).
 *
 * Why: rows come in no order of group, so with 100 k groups every row's update reads and
 * writes a random cache line (and page) of each state array, several megabytes in all: in the
 * query a sum's update cost 35–45 ns a row against ~10 with the same states kept small (db-
 * benchmark q3, timed inside the inline executor). Bucket by bucket, a bucket's states are
 * brought in once for its thousand-odd rows, and the buckets are visited in address order.
 *
 * Results are unchanged, bit for bit: a bucket's rows keep their order, so each group still
 * folds its rows in the order they came (a float sum adds in the same order, `first` sees the
 * same first row). Only inputs that are numbers, booleans or times are buffered: a string
 * input's codes index its batch's dictionary (dictionaries differ between batches), so a sink
 * with one is not bucketed (applies()).
 */
import { updateWith, type AggState } from '../../kernels/aggregates.js';
import type { Column, ColumnValues } from '../../kernels/column.js';
import type { AggCall } from '../pipeline-spec.js';

/** A bucket's groups: 2 048 (16 kB of a float64 state array). */
const BUCKET_SHIFT = 11;
/** Rows buffered at most: ~2.6 k a bucket at 100 k groups; 128 k × (4 + 9 bytes an input) in all. */
export const BUFFER_ROWS = 1 << 17;
/**
 * The tables that fold in buckets: fewer groups than the first keep their states in cache (10 k
 * groups, db-benchmark q2/q6/q9: updates 10–33 → 23–47 ns a row bucketed, nothing to gain);
 * past the second a bucket's region holds too few rows a group to pay for the copy (3 sums,
 * alone on a thread: even at 500 k–1 M groups, 10–40 % slower at 2 M).
 */
export const BUCKETED_MIN_GROUPS = 1 << 15;
export const BUCKETED_MAX_GROUPS = 1 << 19;

type ValuesCtor = { new (n: number): ColumnValues };

/** One buffered input: its values (and validity, once a batch had nulls), bucket b's rows at [b × cap, b × cap + fill[b]). */
interface InputBuffer {
  dtype: Column['dtype'];
  ctor: ValuesCtor;
  values: ColumnValues;
  valid: Uint8Array | null;
}

export class BucketedUpdates {
  /** Buckets laid out, each `cap` rows long; `fill[b]` rows of bucket b are held. */
  private buckets = 0;
  private cap = 0;
  private fill = new Int32Array(0);
  private held = 0;
  private gids = new Int32Array(0);
  /** Per call, per input (null for size's). */
  private inputs: (InputBuffer | null)[][];
  /** A batch's rows' places in the buffers (`trash`, the last slot, for a row skipped: gid < 0). */
  private dest = new Int32Array(0);
  private trash = 0;

  constructor(private readonly calls: readonly AggCall[], private readonly rows = BUFFER_ROWS) {
    this.inputs = calls.map(() => []);
  }

  /** Whether a sink's calls can be buffered: none takes a string (see above). */
  static applies(calls: readonly AggCall[]): boolean {
    return calls.every((c) => c.input !== 'string' && (c.input2 ?? null) !== 'string');
  }

  /**
   * Buffers n rows (gids[i] < 0: the row is skipped, as by update) and their inputs, args[k]
   * for calls[k]; a bucket whose region fills is folded into `states`. `ngroups`:
   * the table's groups after this batch.
   */
  add(states: readonly AggState[], gids: Int32Array, args: readonly (readonly (Column | null)[])[], n: number, ngroups: number): void {
    if (!this.fits(args) || (ngroups - 1) >> BUCKET_SHIFT >= this.buckets) this.layout(states, ngroups, args);
    if (this.dest.length < n) this.dest = new Int32Array(Math.max(n, 1024));
    for (let from = 0; from < n;) {
      const to = this.place(gids, from, n);
      this.write(args, from, to);
      from = to;
      // row `from`'s bucket is full: it is folded alone (its groups' earlier rows before their
      // later ones), the others keep filling — a bucket of a frequent key (the null key of a
      // column with 5 % nulls) would otherwise fold them all half empty
      if (from < n) this.foldBucket(states, gids[from] >> BUCKET_SHIFT, ngroups);
    }
  }

  /** Folds what is buffered into `states`, bucket by bucket (before they are read: a hand-over or the task's end). */
  flush(states: readonly AggState[], ngroups: number): void {
    if (this.held === 0) return;
    for (let b = 0; b < this.buckets; b++) this.foldBucket(states, b, ngroups);
  }

  private foldBucket(states: readonly AggState[], b: number, ngroups: number): void {
    const m = this.fill[b];
    if (m === 0) return;
    const at = b * this.cap;
    const ids = this.gids.subarray(at, at + m);
    this.calls.forEach((call, k) => {
      const args = this.inputs[k].map((buf) => buf === null ? null : { dtype: buf.dtype, length: m, values: buf.values.subarray(at, at + m), valid: buf.valid === null ? null : buf.valid.subarray(at, at + m) });
      updateWith(states[k], call, ids, args, m, ngroups, -1);
    });
    this.fill[b] = 0;
    this.held -= m;
  }

  /**
   * dest[i] for rows from, from + 1, … of the batch — each the next place in its bucket's
   * region, where its gid is written — up to the first whose region is full; returns where it
   * stopped (n: all placed).
   */
  private place(gids: Int32Array, from: number, n: number): number {
    const { dest, fill, cap, trash } = this;
    const held = this.gids;
    let i = from;
    for (; i < n; i++) {
      const g = gids[i];
      if (g < 0) {
        dest[i] = trash;
        continue;
      }
      const b = g >> BUCKET_SHIFT;
      const f = fill[b];
      if (f === cap) break;
      fill[b] = f + 1;
      const d = b * cap + f;
      dest[i] = d;
      held[d] = g;
    }
    this.held += i - from;
    return i;
  }

  /** Copies the inputs of rows [from, to) to their places (dest). */
  private write(args: readonly (readonly (Column | null)[])[], from: number, to: number): void {
    const dest = this.dest;
    for (let k = 0; k < args.length; k++) {
      const got = args[k];
      for (let j = 0; j < got.length; j++) {
        const c = got[j];
        const b = this.inputs[k][j];
        if (c === null || b === null) continue;
        if (c.valid !== null && b.valid === null) b.valid = new Uint8Array(b.values.length).fill(1);
        if (c.valid !== null && c.values instanceof Float64Array) {
          // a float column with nulls (the commonest input): values and validity in one pass
          scatterF64(c.values, c.valid, b.values as Float64Array, b.valid!, dest, from, to);
          continue;
        }
        scatter(c.values, b.values, dest, from, to);
        if (c.valid !== null) scatter(c.valid, b.valid!, dest, from, to);
        else if (b.valid !== null) {
          const valid = b.valid;
          for (let i = from; i < to; i++) valid[dest[i]] = 1;
        }
      }
    }
  }

  /** Whether the batch's inputs go into the buffers made so far (same array types). */
  private fits(args: readonly (readonly (Column | null)[])[]): boolean {
    return this.buckets > 0 && args.every((got, k) => got.every((c, j) => holds(this.inputs[k][j], c)));
  }

  /**
   * Folds what is held and lays the buffers out again: for the table's groups and a quarter
   * more (a table grows as rows come: a new group past the last bucket lays them out again), and
   * for these inputs' array types.
   */
  private layout(states: readonly AggState[], ngroups: number, args: readonly (readonly (Column | null)[])[]): void {
    this.flush(states, ngroups);
    this.buckets = (((ngroups + (ngroups >> 2)) >> BUCKET_SHIFT) + 1);
    this.cap = Math.max(64, Math.floor(this.rows / this.buckets));
    const slots = this.buckets * this.cap + 1;
    this.trash = slots - 1;
    this.fill = new Int32Array(this.buckets);
    if (this.gids.length !== slots) this.gids = new Int32Array(slots);
    this.inputs = args.map((got, k) => got.map((c, j) => {
      if (c === null) return null;
      const had = this.inputs[k]?.[j];
      if (had && holds(had, c) && had.values.length === slots) return had;
      const ctor = c.values.constructor as ValuesCtor;
      return { dtype: c.dtype, ctor, values: new ctor(slots), valid: null };
    }));
  }
}

/** Whether buffer b takes input c's values (both absent — size's — or of one array type and dtype). */
function holds(b: InputBuffer | null | undefined, c: Column | null): boolean {
  if (b === undefined) return false;
  if (b === null || c === null) return b === c;
  return c.values.constructor === b.ctor && c.dtype === b.dtype;
}

function scatterF64(from: Float64Array, fromValid: Uint8Array, to: Float64Array, toValid: Uint8Array, dest: Int32Array, lo: number, hi: number): void {
  for (let i = lo; i < hi; i++) {
    const d = dest[i];
    to[d] = from[i];
    toValid[d] = fromValid[i];
  }
}

function scatter(from: ColumnValues, to: ColumnValues, dest: Int32Array, lo: number, hi: number): void {
  if (from instanceof Float64Array) {
    const t = to as Float64Array;
    for (let i = lo; i < hi; i++) t[dest[i]] = from[i];
  } else if (from instanceof Int32Array) {
    const t = to as Int32Array;
    for (let i = lo; i < hi; i++) t[dest[i]] = from[i];
  } else if (from instanceof Uint8Array) {
    const t = to as Uint8Array;
    for (let i = lo; i < hi; i++) t[dest[i]] = from[i];
  } else {
    const t = to as BigInt64Array;
    for (let i = lo; i < hi; i++) t[dest[i]] = from[i];
  }
}
