/**
 * Window functions over no partition that follow the rows' order, computed a batch at a time
 * along the input with what came before carried in (a prefix scan, as Dask's cumsum): a task's
 * rows need only a summary of the rows of the tasks before it —
 *   rowNumber              the rows before;
 *   running aggregates     sum, mean, count, size, min and max from the first row to this one
 *                          (cumSum, cumCount, cumMin, cumMax): their sum, count and extreme;
 *   lag and short frames   lag(n) (shift, diff) and ROWS frames k rows back (rolling windows),
 *                          n, k ≤ HALO: the last rows' input values, put before the batch's;
 *   lead and frames ahead  lead(n) (shift(-n)) and ROWS frames to k rows ahead (centred rolling
 *                          windows), n, k ≤ HALO: the first input values of the tasks after it,
 *                          put after the task's last rows — which wait for them (each batch's
 *                          last rows are held back for the next batch's first, the task's last
 *                          until it ends: step, finish).
 * Each task first folds its rows into a summary from nothing (fold), the driver chains the
 * summaries into each task's carry (chainCarries), and each task computes its rows from its carry
 * (step, finish). The values are the window kernel's (kernels/window.ts) over the whole input in one
 * partition: the same frames, nulls, NaN and minPeriods — a running sum's digits may differ in
 * the last place, the tasks' sums being added to each other (compensated) rather than row by row.
 */
import type { WindowCall } from '../plan/logical-plan.js';
import type { DType } from '../types/dtype.js';
import type { Batch } from './batch.js';
import { concatColumns, sliceColumn, type Column, type ColumnValues } from './column.js';
import { compactDictionary } from './compact-dictionary.js';
import { toF64 } from './eval-expr.js';
import { computeWindow, FrameSum, frameNeeds, frameSumOf, type SumState } from './window.js';

/** Rows back a lag or a ROWS frame may reach to run along the input (each task carries as many of the input's last values). */
export const HALO = 1024;

/** What a call carries from the rows before a batch. */
export interface CallCarry {
  /** A running sum's state; its non-null values. */
  sum: SumState;
  count: number;
  /** A running min/max: the extreme value so far (null: none yet); `frozen` once a NaN reached it (it stays: the window kernel's queue). */
  front: number | bigint | null;
  frozen: boolean;
  /** A lag's or a short frame's input: its last rows (at most its reach). */
  tail: Column | null;
  /** A lead's or a frame's ahead input: a summary's first rows (at most its reach ahead). */
  head: Column | null;
  /** A carry's: the input's first rows after the task's (at most the reach ahead; null: none, the input ends). */
  next: Column | null;
}

export interface RunningCarry {
  rows: number;
  calls: CallCarry[];
}

/** How a call runs along the rows (a running size is a row number), or null when it cannot (it needs later rows, its partition's size, or an order). */
type Mode = 'rowNumber' | 'running' | 'halo' | null;

function modeOf(c: WindowCall): Mode {
  if (c.orderBy.length > 0) return null;
  if (c.fn === 'rowNumber') return 'rowNumber';
  if (c.fn === 'lag' || c.fn === 'lead') return c.n! >= 0 && c.n! <= HALO && c.arg !== null ? 'halo' : null;
  const f = c.frame;
  if (f === null || f.unit !== 'rows') return null;
  // a frame of bounded rows on both sides, within HALO of the row: the rows around it
  const bounded = f.start !== null && f.end !== null && f.start >= -HALO && f.end <= HALO;
  if (c.fn === 'firstValue' || c.fn === 'lastValue' || c.fn === 'nthValue') return bounded && c.arg !== null ? 'halo' : null;
  if (c.fn !== 'sum' && c.fn !== 'mean' && c.fn !== 'count' && c.fn !== 'size' && c.fn !== 'min' && c.fn !== 'max') return null;
  if (f.start === null) return f.end !== 0 ? null : c.fn === 'size' ? 'rowNumber' : 'running';
  return bounded && c.fn !== 'size' ? 'halo' : null;
}

/**
 * Whether every call of a window over no partition runs along the rows with a carry (min and
 * max of text compare by their strings' order, which a carry of one batch's codes does not keep).
 */
export function runsAlongRows(calls: readonly WindowCall[], argTypes: readonly (DType | null)[]): boolean {
  return calls.every((c, k) => modeOf(c) !== null && !((c.fn === 'min' || c.fn === 'max') && modeOf(c) === 'running' && argTypes[k] === 'string'));
}

/** Rows of input a call reads before a row's own. */
function reach(c: WindowCall): number {
  if (c.fn === 'lag') return c.n!;
  if (c.fn === 'lead') return 0;
  return c.frame !== null && c.frame.start !== null ? Math.max(0, -c.frame.start) : 0;
}

/** Rows of input a call reads after a row's own. */
function reachAhead(c: WindowCall): number {
  if (c.fn === 'lead') return c.n!;
  if (c.fn === 'lag' || modeOf(c) !== 'halo') return 0;
  return Math.max(0, c.frame!.end!);
}

export function emptyCarry(calls: readonly WindowCall[]): RunningCarry {
  return { rows: 0, calls: calls.map(() => ({ sum: new FrameSum(null).save(), count: 0, front: null, frozen: false, tail: null, head: null, next: null })) };
}

const beats = (isMin: boolean, x: number | bigint, y: number | bigint): boolean => (isMin ? x <= y : x >= y);

/**
 * A running min/max's front meets the value x: the window kernel's monotonic queue, which nothing
 * leaves — a NaN at its front stays there, and one behind it keeps the front as it is (no value
 * beats a NaN, so none pops it).
 */
function meet(s: Pick<CallCarry, 'front' | 'frozen'>, x: number | bigint, isMin: boolean): void {
  if (s.front === null) {
    s.front = x;
    s.frozen = typeof x === 'number' && Number.isNaN(x);
  } else if (!s.frozen) {
    if (typeof x === 'number' && Number.isNaN(x)) s.frozen = true;
    else if (beats(isMin, x, s.front)) s.front = x;
  }
}

/** The last `k` rows of `before` then `c`, copied (a scan's batch is overwritten by the next). */
function lastRows(before: Column | null, c: Column, k: number): Column | null {
  if (k === 0) return null;
  const last = (x: Column, m: number): Column => sliceColumn(x, Math.max(0, x.length - m), x.length);
  const rows = c.length >= k || before === null ? last(c, k) : concatColumns([last(before, k - c.length), c], c.dtype);
  return copyColumn(rows);
}

/** The first `k` rows of `a` then `b`, copied (null: none). */
function firstRows(a: Column | null, b: Column | null, k: number): Column | null {
  const cols = [a, b].filter((c): c is Column => c !== null && c.length > 0);
  if (k === 0 || cols.length === 0) return null;
  const rows = cols.length === 1 ? cols[0] : concatColumns(cols, cols[0].dtype);
  return copyColumn(sliceColumn(rows, 0, Math.min(k, rows.length)));
}

/** A column's rows in arrays of their own (a scan's batch is overwritten by the next; a text column's dictionary cut to its codes). */
function copyColumn(rows: Column): Column {
  const out: Column = { dtype: rows.dtype, length: rows.length, values: rows.values.slice() as ColumnValues, valid: rows.valid ? rows.valid.slice() : null, dict: rows.dict };
  return out.dtype === 'string' ? compactDictionary(out) : out;
}

/** Rows `a` to `b` of every column of a batch, copied. */
function copyBatchRows(b: Batch, from: number, to: number): Batch {
  return { length: to - from, columns: new Map([...b.columns].map(([name, c]) => [name, copyColumn(sliceColumn(c, from, to))])) };
}

/** Rows `a` to `b` of every column of a batch (views; a scan's batch stays one). */
function sliceBatch(b: Batch, from: number, to: number): Batch {
  if (from === 0 && to === b.length) return b;
  return { length: to - from, columns: new Map([...b.columns].map(([name, c]) => [name, sliceColumn(c, from, to)])), ...(b.scratch === true ? { scratch: true } : {}) };
}

/** Batches of the same columns one after the other. */
function concatBatches(bs: readonly Batch[]): Batch {
  const columns = new Map([...bs[0].columns].map(([name, c]) => [name, concatColumns(bs.map((b) => b.columns.get(name)!), c.dtype)]));
  return { length: bs.reduce((n, b) => n + b.length, 0), columns };
}

/**
 * Each task's carry, from the summaries of the tasks before it (each folded from nothing), in
 * order: the first task's is empty.
 */
export function chainCarries(calls: readonly WindowCall[], summaries: readonly RunningCarry[]): RunningCarry[] {
  const out: RunningCarry[] = [];
  let at = emptyCarry(calls);
  for (const s of summaries) {
    out.push(at);
    at = {
      rows: at.rows + s.rows,
      calls: calls.map((c, k) => {
        const a = at.calls[k];
        const b = s.calls[k];
        const sum = new FrameSum(null).load(a.sum);
        sum.addSum(b.sum);
        // b's front is the extreme of its values before its first NaN (a NaN first: NaN): a's
        // queue meets that value, then the NaN that froze b's
        const m = { front: a.front, frozen: a.frozen };
        if (b.front !== null) {
          meet(m, b.front, c.fn === 'min');
          m.frozen ||= b.frozen;
        }
        const tail = b.tail === null ? a.tail : lastRows(a.tail, b.tail, reach(c));
        return { sum: sum.save(), count: a.count + b.count, ...m, tail, head: null, next: null };
      }),
    };
  }
  // backwards: the rows after each task are the first rows of the tasks after it
  let after: (Column | null)[] = calls.map(() => null);
  for (let t = summaries.length - 1; t >= 0; t--) {
    const next = after;
    out[t] = { ...out[t], calls: out[t].calls.map((s, k) => ({ ...s, next: next[k] })) };
    after = calls.map((c, k) => firstRows(summaries[t].calls[k].head, next[k], reachAhead(c)));
  }
  return out;
}

/** A task's window columns along its rows, batch by batch, from its carry. */
export class RunningWindow {
  /** Rows the window holds back for the rows after them (the calls' longest reach ahead). */
  readonly ahead: number;
  private rows: number;
  private readonly state: CallCarry[];
  /** The last rows seen, waiting for the rows after them (copied, at most `ahead`). */
  private held: Batch | null = null;

  constructor(private readonly calls: readonly WindowCall[], private readonly types: readonly DType[], carry: RunningCarry | null) {
    const from = carry ?? emptyCarry(calls);
    this.rows = from.rows;
    this.state = from.calls.map((c) => ({ ...c }));
    this.ahead = Math.max(0, ...calls.map(reachAhead));
  }

  /** What the rows so far carry to the next (a task's summary, when it began from nothing). */
  carry(): RunningCarry {
    return { rows: this.rows, calls: this.state.map((c) => ({ ...c })) };
  }

  /** Moves past the batch, computing nothing (a task's summary). */
  fold(b: Batch): void {
    // an empty batch (a filter kept nothing) never reached the stages that compute the calls' inputs
    if (b.length === 0) return;
    this.calls.forEach((c, k) => {
      if (modeOf(c) === 'running') this.running(c, k, b, false);
      else if (modeOf(c) === 'halo') {
        const st = this.state[k];
        const arg = b.columns.get(c.arg!)!;
        st.tail = lastRows(st.tail, arg, reach(c));
        const ahead = reachAhead(c);
        if (ahead > 0 && (st.head === null || st.head.length < ahead)) st.head = firstRows(st.head, arg, ahead);
      }
    });
    this.rows += b.length;
  }

  /**
   * The batch's rows with the calls' columns (named as the calls), as far as they can be computed:
   * a window that reads rows ahead holds the last `ahead` rows back until the rows after them come
   * (the next batch, or the task's end: finish). A scan's batch is given back as slices of its arrays.
   */
  step(b: Batch): Batch[] {
    if (this.ahead === 0) return [this.withColumns([b], null)[0]];
    const h = this.held?.length ?? 0;
    const m = Math.max(0, h + b.length - this.ahead); // rows that have their rows ahead
    const out: Batch[] = [];
    if (m > 0 && h > 0) out.push(sliceBatch(this.held!, 0, Math.min(h, m)));
    if (m > h) out.push(sliceBatch(b, 0, m - h));
    // what stays held: copied before anything downstream may compact the scan's arrays
    const rest = [...(m < h ? [sliceBatch(this.held!, m, h)] : []), copyBatchRows(b, Math.max(0, m - h), b.length)];
    this.held = rest.length === 1 ? rest[0] : concatBatches(rest);
    return out.length === 0 ? [] : this.withColumns(out, (k) => this.held!.columns.get(this.calls[k].arg!)!);
  }

  /** At the task's end: the rows held back, their rows ahead the input's after the task (its carry). */
  finish(): Batch[] {
    const held = this.held;
    this.held = null;
    return held === null || held.length === 0 ? [] : this.withColumns([held], (k) => this.state[k].next);
  }

  /** The batches (consecutive rows) with the calls' columns; `after(k)`: the input after them a call reaching ahead reads. */
  private withColumns(batches: Batch[], after: ((k: number) => Column | null) | null): Batch[] {
    const cols = batches.map((b) => new Map(b.columns));
    this.calls.forEach((c, k) => {
      if (modeOf(c) === 'halo') {
        this.halo(c, k, batches, after !== null && reachAhead(c) > 0 ? after(k) : null).forEach((col, j) => cols[j].set(c.name, col));
        return;
      }
      let at = this.rows;
      batches.forEach((b, j) => {
        if (modeOf(c) === 'running') cols[j].set(c.name, this.running(c, k, b, true)!);
        else {
          const values = new Float64Array(b.length);
          for (let i = 0; i < b.length; i++) values[i] = at + i + 1;
          cols[j].set(c.name, { dtype: 'int64', length: b.length, values, valid: null });
        }
        at += b.length;
      });
    });
    batches.forEach((b) => (this.rows += b.length));
    return batches.map((b, j) => ({ ...b, columns: cols[j] }));
  }

  /**
   * The call over its tail, the batches' rows and the rows after them (the window kernel, one
   * partition): each batch's part of it.
   */
  private halo(c: WindowCall, k: number, batches: Batch[], after: Column | null): Column[] {
    const args = batches.map((b) => b.columns.get(c.arg!)!);
    const tail = this.state[k].tail;
    const h = tail === null ? 0 : tail.length;
    const parts = [...(tail === null ? [] : [tail]), ...args, ...(after === null ? [] : [after])];
    const ext = parts.length === 1 ? parts[0] : concatColumns(parts, args[0].dtype);
    const [col] = computeWindow({ partitionBy: [], calls: [c], types: [this.types[k]] }, [], new Map([[c.arg!, ext]]), ext.length);
    let at = h;
    const out = args.map((a) => {
      const piece = at === 0 && a.length === col.length ? col : sliceColumn(col, at, at + a.length);
      at += a.length;
      return piece;
    });
    for (const a of args) this.state[k].tail = lastRows(this.state[k].tail, a, reach(c));
    return out;
  }

  /** A running aggregate from the first row (the window kernel's frame UNBOUNDED PRECEDING … CURRENT ROW). */
  private running(c: WindowCall, k: number, b: Batch, compute: boolean): Column | null {
    const n = b.length;
    const st = this.state[k];
    const col = b.columns.get(c.arg!)!;
    const valid = col.valid;
    const type = this.types[k];
    const extreme = c.fn === 'min' || c.fn === 'max';
    const isMin = c.fn === 'min';
    const sum = frameSumOf(c, type, col).load(st.sum);
    // an int64 column comes as doubles, or as bigints from the batch whose values pass 2^53 on
    const big = col.values instanceof BigInt64Array ? col.values : null;
    const v = big !== null ? null : toF64(col).values;
    const need = frameNeeds(c);
    // min/max: the extreme's own value, in the column's own array type — bigints where the
    // column or the extreme carried in is one (a batch of doubles after one of bigints)
    const wide = extreme && (big !== null || typeof st.front === 'bigint');
    const values = !compute ? null : wide ? new BigInt64Array(n) : extreme ? new (col.values.constructor as new (n: number) => ColumnValues)(n) : new Float64Array(n);
    const put = values as unknown as { [i: number]: number | bigint } | null;
    const ok = compute ? new Uint8Array(n) : null;
    let count = st.count;
    for (let i = 0; i < n; i++) {
      if (valid === null || valid[i] === 1) {
        count++;
        if (extreme) meet(st, big !== null ? big[i] : v![i], isMin);
        else if (v !== null) sum.add(v[i], 1); // a count of bigints adds nothing up
      }
      if (put === null || ok === null) continue;
      ok[i] = count >= need && (c.nullWhereNull !== true || valid === null || valid[i] === 1) ? 1 : 0;
      if (extreme) {
        if (ok[i] === 1) put[i] = wide ? BigInt(st.front!) : st.front!;
      } else put[i] = c.fn === 'count' ? count : c.fn === 'mean' ? sum.value() / count : sum.value();
    }
    st.sum = sum.save();
    st.count = count;
    if (values === null || ok === null) return null;
    if (extreme) return { dtype: col.dtype, length: n, values, valid: ok };
    if (c.fn === 'count') return { dtype: 'int64', length: n, values, valid: c.nullWhereNull === true ? ok : null };
    return { dtype: type, length: n, values, valid: ok };
  }
}
