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
import { concatColumns, sameValue, sliceColumn, type Column, type ColumnValues } from './column.js';
import { compactDictionary } from './compact-dictionary.js';
import { toF64 } from './eval-expr.js';
import { takeColumn } from './sort.js';
import { computeWindow, FrameSum, frameNeeds, frameSumOf, markChanges, type SumState } from './window.js';

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
  /** Peer groups (rows of equal order keys) before: a dense rank's. */
  groups: number;
  /** A carry's: the input's rows, all tasks' (a percent rank's and a cumulative distribution's). */
  total: number;
  calls: CallCarry[];
}

/**
 * How a call runs along the rows (a running size is a row number), or null when it cannot (it
 * needs later rows, its partition's size, or an order). `sorted`: the rows come in the calls'
 * order, each peer group (rows of equal order keys) in one task — ranks and running aggregates
 * to the current row's last peer (SQL's default RANGE frame) run along them ('peers').
 */
type Mode = 'rowNumber' | 'running' | 'halo' | 'peers' | null;

const PEER_RANKS = new Set<WindowCall['fn']>(['rank', 'rankMax', 'rankAverage', 'denseRank', 'percentRank', 'cumeDist']);
const RUNNING_AGGREGATES = new Set<WindowCall['fn']>(['sum', 'mean', 'count', 'size', 'min', 'max']);

function modeOf(c: WindowCall, sorted = false): Mode {
  if (c.orderBy.length > 0) {
    if (!sorted) return null;
    if (PEER_RANKS.has(c.fn)) return 'peers';
    const f = c.frame;
    const toPeers = f !== null && f.unit === 'range' && f.start === null && f.end === 0;
    return toPeers && RUNNING_AGGREGATES.has(c.fn) && c.nullWhereNull !== true ? 'peers' : null;
  }
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

/**
 * Whether every call of a window over no partition runs along rows that come in its order, each
 * peer group in one task (ranks, SQL's running aggregates over `order by` with their peers): one
 * order for all, and no text min/max (as runsAlongRows).
 */
export function runsAlongPeers(calls: readonly WindowCall[], argTypes: readonly (DType | null)[]): boolean {
  const order = JSON.stringify([calls[0]?.orderBy, calls[0]?.nullsLast]);
  return calls.every((c, k) => modeOf(c, true) === 'peers' && JSON.stringify([c.orderBy, c.nullsLast]) === order && !((c.fn === 'min' || c.fn === 'max') && argTypes[k] === 'string'));
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
  return { rows: 0, groups: 0, total: 0, calls: calls.map(() => ({ sum: new FrameSum(null).save(), count: 0, front: null, frozen: false, tail: null, head: null, next: null })) };
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

/** The batch's columns `names` alone. */
function keysOf(b: Batch, names: readonly string[]): Batch {
  return { length: b.length, columns: new Map(names.map((name) => [name, b.columns.get(name)!])) };
}

/** Whether each row's ranked value is present (a rank of null is null), over the batches' columns. */
function ranksValid(args: Column[], m: number): Uint8Array | null {
  if (args.every((a) => a.valid === null)) return null;
  const valid = new Uint8Array(m).fill(1);
  let at = 0;
  for (const a of args) {
    if (a.valid !== null) valid.set(a.valid.subarray(0, a.length), at);
    at += a.length;
  }
  return valid;
}

/** `col`'s rows from `from` cut into pieces of the parts' lengths, in order (the column itself when one part is all of it). */
function piecesOf(col: Column, from: number, parts: readonly { length: number }[]): Column[] {
  let at = from;
  return parts.map((p) => {
    const piece = at === 0 && p.length === col.length ? col : sliceColumn(col, at, at + p.length);
    at += p.length;
    return piece;
  });
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
      groups: at.groups + s.groups,
      total: 0,
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
    out[t] = { ...out[t], total: at.rows, calls: out[t].calls.map((s, k) => ({ ...s, next: next[k] })) };
    after = calls.map((c, k) => firstRows(summaries[t].calls[k].head, next[k], reachAhead(c)));
  }
  return out;
}

/** A task's window columns along its rows, batch by batch, from its carry. */
export class RunningWindow {
  /** Rows the window holds back for the rows after them (the calls' longest reach ahead). */
  readonly ahead: number;
  private rows: number;
  private groups: number;
  private readonly total: number;
  private readonly state: CallCarry[];
  /** The last rows seen, waiting for the rows after them (copied, at most `ahead`). */
  private held: Batch | null = null;
  /** Rows that come in the calls' order: the order's columns (peers mode, runsAlongPeers), else null. */
  private readonly peerKeys: string[] | null;
  /** Peers mode: the rows of the last peer group so far (copied), waiting for its end. */
  private pending: Batch[] = [];
  /** Peers mode, a summary: the last row's order keys (copied). */
  private lastKeys: Batch | null = null;

  /** `sorted`: the rows come in the calls' order, each peer group in one task (runsAlongPeers). */
  constructor(private readonly calls: readonly WindowCall[], private readonly types: readonly DType[], carry: RunningCarry | null, sorted = false) {
    const from = carry ?? emptyCarry(calls);
    this.rows = from.rows;
    this.groups = from.groups;
    this.total = from.total;
    this.state = from.calls.map((c) => ({ ...c }));
    this.ahead = sorted ? 0 : Math.max(0, ...calls.map(reachAhead));
    this.peerKeys = sorted ? calls[0].orderBy.map((o) => o.name) : null;
  }

  /** What the rows so far carry to the next (a task's summary, when it began from nothing). */
  carry(): RunningCarry {
    return { rows: this.rows, groups: this.groups, total: this.total, calls: this.state.map((c) => ({ ...c })) };
  }

  /** Moves past the batch, computing nothing (a task's summary). */
  fold(b: Batch): void {
    // an empty batch (a filter kept nothing) never reached the stages that compute the calls' inputs
    if (b.length === 0) return;
    if (this.peerKeys !== null) {
      const starts = this.groupStarts(b, this.lastKeys, 0);
      for (let i = 0; i < b.length; i++) this.groups += starts[i];
      this.calls.forEach((c, k) => { if (c.arg !== null && c.fn !== 'size' && !PEER_RANKS.has(c.fn)) this.running(c, k, b, false); });
      this.lastKeys = copyBatchRows(keysOf(b, this.peerKeys), b.length - 1, b.length);
      this.rows += b.length;
      return;
    }
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
    if (b.length === 0) return [];
    if (this.peerKeys !== null) return this.stepPeers(b);
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
    if (this.peerKeys !== null) {
      const group = this.pending;
      this.pending = [];
      return group.length === 0 ? [] : this.peerColumns(group, new Uint8Array(group.reduce((n, g) => n + g.length, 0)).fill(1, 0, 1));
    }
    const held = this.held;
    this.held = null;
    return held === null || held.length === 0 ? [] : this.withColumns([held], (k) => this.state[k].next);
  }

  /**
   * Where the batch's rows start a peer group (1, else 0): their order keys differ from the row
   * before's (`before`'s last row: none, the task's first row starts one), as the window kernel's
   * peers — nulls equal each other, NaN equals NaN, text compares by its strings.
   */
  private groupStarts(b: Batch, before: Batch | null, at: number): Uint8Array {
    const starts = new Uint8Array(b.length);
    for (const name of this.peerKeys!) markChanges(b.columns.get(name)!, b.length, starts, 1);
    starts[0] = before === null || this.peerKeys!.some((name) => !sameValue(before.columns.get(name)!, at, b.columns.get(name)!, 0)) ? 1 : 0;
    return starts;
  }

  /**
   * Peers mode: the batch's rows up to its last peer group (with those of the group held before
   * it), with the calls' columns; the last group waits for its end (a later batch, or the task's).
   */
  private stepPeers(b: Batch): Batch[] {
    const group = this.pending;
    const tail = group.length === 0 ? null : group[group.length - 1];
    const starts = this.groupStarts(b, tail, tail === null ? 0 : tail.length - 1);
    let last = b.length - 1;
    while (last >= 0 && starts[last] === 0) last--;
    // copied before anything downstream may compact the scan's arrays
    const rest = copyBatchRows(b, Math.max(0, last), b.length);
    if (last < 0) {
      group.push(rest);
      return [];
    }
    this.pending = [rest];
    const out = last === 0 ? group : [...group, sliceBatch(b, 0, last)];
    if (out.length === 0) return [];
    const rows = group.reduce((n, g) => n + g.length, 0);
    const all = new Uint8Array(rows + last);
    if (rows > 0) all[0] = 1;
    all.set(starts.subarray(0, last), rows);
    return this.peerColumns(out, all);
  }

  /**
   * Whole peer groups (consecutive batches; `starts`: where each of their rows starts a group) with
   * the calls' columns: ranks from the rows and groups before, running aggregates to each row's
   * last peer.
   */
  private peerColumns(batches: Batch[], starts: Uint8Array): Batch[] {
    const m = starts.length;
    const first = new Int32Array(m);
    const end = new Int32Array(m);
    const dense = new Float64Array(m);
    let g = this.groups;
    for (let i = 0, s = 0; i < m; i++) {
      if (starts[i] === 1) { s = i; g++; }
      first[i] = s;
      dense[i] = g;
    }
    for (let i = m - 1, e = m; i >= 0; i--) {
      end[i] = e;
      if (starts[i] === 1) e = i;
    }
    const R = this.rows;
    const N = this.total;
    const cols = batches.map((b) => new Map(b.columns));
    this.calls.forEach((c, k) => {
      let col: Column;
      if (c.arg !== null && c.fn !== 'size' && !PEER_RANKS.has(c.fn)) {
        // the running aggregate's value at each row's last peer
        const running = batches.map((b) => this.running(c, k, b, true)!);
        const whole = running.length === 1 ? running[0] : concatColumns(running, running[0].dtype);
        const lastPeer = new Int32Array(m);
        for (let i = 0; i < m; i++) lastPeer[i] = end[i] - 1;
        col = takeColumn(whole, lastPeer);
      } else {
        const values = new Float64Array(m);
        switch (c.fn) {
          case 'rank': for (let i = 0; i < m; i++) values[i] = R + first[i] + 1; break;
          case 'rankAverage': for (let i = 0; i < m; i++) values[i] = R + (first[i] + end[i] + 1) / 2; break;
          case 'denseRank': values.set(dense); break;
          case 'percentRank': for (let i = 0; i < m; i++) values[i] = N > 1 ? (R + first[i]) / (N - 1) : 0; break;
          case 'cumeDist': for (let i = 0; i < m; i++) values[i] = (R + end[i]) / N; break;
          default: for (let i = 0; i < m; i++) values[i] = R + end[i]; // rankMax; a size or count of rows to the last peer
        }
        const float = c.fn === 'rankAverage' || c.fn === 'percentRank' || c.fn === 'cumeDist';
        // a rank of a null value is null (rank({ nullRank }): the DataFrame API's)
        const valid = c.nullRank === true && c.arg !== null ? ranksValid(batches.map((b) => b.columns.get(c.arg!)!), m) : null;
        col = { dtype: float ? 'float64' : 'int64', length: m, values, valid };
      }
      piecesOf(col, 0, batches).forEach((piece, j) => cols[j].set(c.name, piece));
    });
    this.rows += m;
    this.groups = g;
    return batches.map((b, j) => ({ ...b, columns: cols[j] }));
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
    const out = piecesOf(col, h, args);
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
