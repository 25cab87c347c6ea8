/**
 * Window functions over the rows of one exchange bucket (every row of a partition is in one
 * bucket: physical/operator-graph.ts window). The columns a call reads are sorted by the
 * partition columns, then the call's order columns (stably: rows of equal keys keep their input
 * order), its column is computed over them and put back in the rows' order:
 *   ranks       rowNumber; rank (the row number of the row's first peer — peers are rows of equal
 *               order keys), rankMax (of its last), rankAverage, denseRank, percentRank,
 *               cumeDist, ntile(n)
 *   offsets     lag/lead(n, fill) within the partition; firstValue/lastValue/nthValue of the frame
 *   aggregates  over the whole partition (frame null): any reduction (kernels/reductions), the
 *               partition its group; over a frame: sum, mean, count, size, min and max with a
 *               running or sliding accumulator — a frame's edges only move forward along a
 *               partition, so each row enters and leaves once (min/max: a monotonic queue)
 * Frames are ROWS (offsets in rows) or RANGE (the partition's edges, or the row's peers).
 */
import type { AggCall } from '../physical/pipeline-spec.js';
import type { WindowFrame } from '../plan/expr-node.js';
import type { WindowCall } from '../plan/logical-plan.js';
import { hasRangeOffsets } from '../plan/window-type.js';
import type { DType, Field } from '../types/dtype.js';
import { createState, finalize, update } from './aggregates.js';
import type { Column, ColumnValues } from './column.js';
import { dictionaryRanks } from './dictionary-ranks.js';
import { toF64 } from './eval-expr.js';
import { sortPermutation, takeColumn } from './sort.js';
import { takeOrNull } from './take.js';

export interface WindowSpec {
  partitionBy: string[];
  calls: WindowCall[];
  /** Each call's column type (plan/window-type.ts). */
  types: DType[];
}

/** Where each row's partition and peers begin and end (ends exclusive), in the sorted rows. */
interface Layout {
  n: number;
  partStart: Int32Array;
  partEnd: Int32Array;
  peerStart: Int32Array;
  peerEnd: Int32Array;
  /** The row's partition, 0, 1, … in sorted order. */
  partition: Int32Array;
  partitions: number;
}

/**
 * The bucket's rows in the order they came, as columns: `fields`' columns, then one a call.
 * `columns` holds every field, `n` rows. The calls of each order are computed over the columns
 * they read, sorted by partition and that order; their columns are put back in the rows' order
 * (the other columns are never moved).
 */
export function computeWindow(spec: WindowSpec, fields: readonly Field[], columns: ReadonlyMap<string, Column>, n: number): Column[] {
  const get = (name: string): Column => {
    const c = columns.get(name);
    if (c === undefined) throw new Error(`internal: window column ${name} missing`);
    return c;
  };
  const out: Column[] = fields.map((f) => get(f.name));
  const orders = new Map<string, number[]>();
  spec.calls.forEach((c, k) => {
    const key = JSON.stringify([c.orderBy, c.nullsLast]);
    orders.set(key, [...(orders.get(key) ?? []), k]);
  });
  for (const ks of orders.values()) {
    const { orderBy, nullsLast } = spec.calls[ks[0]];
    const keys = [...spec.partitionBy, ...orderBy.map((o) => o.name)];
    const descending = [...spec.partitionBy.map(() => false), ...orderBy.map((o) => o.descending)];
    const perm = keys.length === 0 || n < 2 ? null : sortPermutation(keys.map(get), descending, nullsLast);
    const names = new Set([...keys, ...ks.flatMap((k) => (spec.calls[k].arg === null ? [] : [spec.calls[k].arg!]))]);
    const sorted = new Map([...names].map((name) => [name, perm ? takeColumn(get(name), perm) : get(name)]));
    const layout = layoutOf(spec.partitionBy.map((c) => sorted.get(c)!), orderBy.map((o) => sorted.get(o.name)!), n);
    const back = perm === null ? null : inverse(perm);
    for (const k of ks) {
      const c = callColumn(spec.calls[k], spec.types[k], sorted, layout);
      out[fields.length + k] = back === null ? c : takeColumn(c, back);
    }
  }
  return out;
}

function inverse(perm: Int32Array): Int32Array {
  const out = new Int32Array(perm.length);
  for (let i = 0; i < perm.length; i++) out[perm[i]] = i;
  return out;
}

function layoutOf(part: readonly Column[], order: readonly Column[], n: number): Layout {
  // a row starts a partition (2) or a peer group (1) where a key differs from the row before's
  const starts = new Uint8Array(n);
  if (n > 0) starts[0] = 2;
  for (const c of part) markChanges(c, n, starts, 2);
  for (const c of order) markChanges(c, n, starts, 1);
  const partStart = new Int32Array(n);
  const peerStart = new Int32Array(n);
  const partition = new Int32Array(n);
  let ps = 0;
  let qs = 0;
  let p = -1;
  for (let i = 0; i < n; i++) {
    const s = starts[i];
    if (s === 2) {
      ps = i;
      qs = i;
      p++;
    } else if (s === 1) qs = i;
    partStart[i] = ps;
    peerStart[i] = qs;
    partition[i] = p;
  }
  const partEnd = new Int32Array(n);
  const peerEnd = new Int32Array(n);
  let pe = n;
  let qe = n;
  for (let i = n - 1; i >= 0; i--) {
    const s = i + 1 < n ? starts[i + 1] : 0;
    if (s === 2) {
      pe = i + 1;
      qe = i + 1;
    } else if (s === 1) qe = i + 1;
    partEnd[i] = pe;
    peerEnd[i] = qe;
  }
  return { n, partStart, partEnd, peerStart, peerEnd, partition, partitions: p + 1 };
}

/**
 * Raises `starts[i]` to `mark` where row i's value of `c` is not row i − 1's: nulls equal each
 * other, NaN equals NaN, strings compare by text (a dictionary may hold a string twice).
 */
export function markChanges(c: Column, n: number, starts: Uint8Array, mark: number): void {
  const valid = c.valid;
  const v = c.values;
  const dict = c.dict;
  for (let i = 1; i < n; i++) {
    if (starts[i] >= mark) continue;
    let differs: boolean;
    if (valid !== null && (valid[i] === 0 || valid[i - 1] === 0)) differs = valid[i] !== valid[i - 1];
    else {
      const a = v[i - 1];
      const b = v[i];
      differs = a !== b && (dict !== undefined ? dict[a as number] !== dict[b as number] : a === a || b === b);
    }
    if (differs) starts[i] = mark;
  }
}

function callColumn(call: WindowCall, type: DType, sorted: ReadonlyMap<string, Column>, L: Layout): Column {
  const arg = call.arg === null ? null : sorted.get(call.arg)!;
  switch (call.fn) {
    case 'rowNumber': case 'rank': case 'rankMax': case 'rankAverage': case 'denseRank': case 'percentRank': case 'cumeDist': case 'ntile':
      return rankColumn(call, L, call.nullRank === true && arg !== null ? arg.valid : null);
    case 'lag': case 'lead': {
      const idx = new Int32Array(L.n);
      const step = call.fn === 'lag' ? -call.n! : call.n!;
      for (let i = 0; i < L.n; i++) {
        const j = i + step;
        idx[i] = j >= L.partStart[i] && j < L.partEnd[i] ? j : -1;
      }
      return withFill(takeOrNull(arg!, idx), idx, call.fill ?? null);
    }
    case 'firstValue': case 'lastValue': case 'nthValue': {
      const { lo, hi } = frameBounds(call, L, sorted);
      const idx = new Int32Array(L.n);
      for (let i = 0; i < L.n; i++) {
        const j = call.fn === 'firstValue' ? lo[i] : call.fn === 'lastValue' ? hi[i] : lo[i] + call.n! - 1;
        idx[i] = lo[i] <= hi[i] && j <= hi[i] ? j : -1;
      }
      return takeOrNull(arg!, idx);
    }
    default:
      if (call.frame === null) return wholePartition(call, arg, sorted, L);
      return frameAggregate(call, type, arg, L, sorted);
  }
}

/** Ranks: int64 (rankAverage, percentRank, cumeDist: float64); null where `nulls` marks the ranked value null. */
function rankColumn(call: WindowCall, L: Layout, nulls: Uint8Array | null): Column {
  const n = L.n;
  const out = new Float64Array(n);
  const { partStart, partEnd, peerStart, peerEnd } = L;
  switch (call.fn) {
    case 'rowNumber': for (let i = 0; i < n; i++) out[i] = i - partStart[i] + 1; break;
    case 'rank': for (let i = 0; i < n; i++) out[i] = peerStart[i] - partStart[i] + 1; break;
    case 'rankMax': for (let i = 0; i < n; i++) out[i] = peerEnd[i] - partStart[i]; break;
    case 'rankAverage': for (let i = 0; i < n; i++) out[i] = (peerStart[i] + peerEnd[i] + 1) / 2 - partStart[i]; break;
    case 'denseRank': {
      let dense = 0;
      for (let i = 0; i < n; i++) {
        if (i === partStart[i]) dense = 1;
        else if (peerStart[i] === i) dense++;
        out[i] = dense;
      }
      break;
    }
    case 'percentRank':
      for (let i = 0; i < n; i++) {
        const size = partEnd[i] - partStart[i];
        out[i] = size > 1 ? (peerStart[i] - partStart[i]) / (size - 1) : 0;
      }
      break;
    case 'cumeDist': for (let i = 0; i < n; i++) out[i] = (peerEnd[i] - partStart[i]) / (partEnd[i] - partStart[i]); break;
    default: for (let i = 0; i < n; i++) out[i] = ntile(i - partStart[i], partEnd[i] - partStart[i], call.n!); break;
  }
  return { dtype: call.fn === 'rankAverage' || call.fn === 'percentRank' || call.fn === 'cumeDist' ? 'float64' : 'int64', length: n, values: out, valid: nulls === null ? null : nulls.slice(0, n) };
}

/** The bucket (1 … k) of the r-th row (from 0) of `size`: the first size % k buckets hold one row more (SQL's ntile). */
function ntile(r: number, size: number, k: number): number {
  const q = Math.floor(size / k);
  const big = size % k;
  if (q === 0) return r + 1;
  return r < big * (q + 1) ? Math.floor(r / (q + 1)) + 1 : big + Math.floor((r - big * (q + 1)) / q) + 1;
}

/** `fill` where idx is -1 (no row that far), as the column's type. */
function withFill(c: Column, idx: Int32Array, fill: WindowCall['fill']): Column {
  if (fill === null || fill === undefined) return c;
  const n = c.length;
  const valid = c.valid ? c.valid.slice() : new Uint8Array(n).fill(1);
  const values = c.values.slice() as ColumnValues;
  let dict = c.dict;
  let v: number | bigint;
  if (c.dtype === 'string') {
    dict = [...(c.dict ?? []), String(fill.value)];
    v = dict.length - 1;
  } else if (typeof fill.value === 'boolean') v = fill.value ? 1 : 0;
  else v = Number(fill.value);
  if (values instanceof BigInt64Array) v = BigInt(v);
  for (let i = 0; i < n; i++) {
    if (idx[i] >= 0) continue;
    values[i] = v;
    valid[i] = 1;
  }
  return { dtype: c.dtype, length: n, values, valid, dict };
}

/** Each row's frame as inclusive row bounds in the sorted rows (lo > hi: no rows). */
function frameBounds(call: WindowCall, L: Layout, sorted: ReadonlyMap<string, Column>): { lo: Int32Array; hi: Int32Array } {
  const n = L.n;
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  const f = call.frame;
  if (hasRangeOffsets(f)) {
    const [o] = call.orderBy;
    rangeBounds(f!, sorted.get(o.name)!, o.descending, L, lo, hi);
    return { lo, hi };
  }
  for (let i = 0; i < n; i++) {
    const ps = L.partStart[i];
    const pe = L.partEnd[i] - 1;
    if (f === null) {
      lo[i] = ps;
      hi[i] = pe;
      continue;
    }
    lo[i] = f.start === null ? ps : f.unit === 'range' ? L.peerStart[i] : Math.max(ps, i + f.start);
    hi[i] = f.end === null ? pe : f.unit === 'range' ? L.peerEnd[i] - 1 : Math.min(pe, i + f.end);
  }
  return { lo, hi };
}

/**
 * RANGE frames with offsets: the rows of the partition whose order key lies within `start` …
 * `end` of the row's (in the key's units; a descending key counts the other way), found by two
 * pointers moving forward along the partition's finite keys; with `openStart`, a key exactly
 * `start` away is left out (Polars' rolling windows, closed on the right). A row whose key is
 * null, NaN or infinite has its peers for its frame (no finite distance reaches another key;
 * DuckDB's answer too); an unbounded edge is the partition's.
 */
function rangeBounds(f: WindowFrame, key: Column, descending: boolean, L: Layout, lo: Int32Array, hi: Int32Array): void {
  const v = toF64(key).values;
  const valid = key.valid;
  const dir = descending ? -1 : 1;
  const apart = (i: number): boolean => (valid !== null && valid[i] === 0) || !Number.isFinite(v[i]);
  for (let ps = 0; ps < L.n; ps = L.partEnd[ps]) {
    const pe = L.partEnd[ps];
    // the partition's finite keys, [ns, ne): nulls, NaN and the infinities sort to its ends
    let ns = ps;
    while (ns < pe && apart(ns)) ns++;
    let ne = ns;
    while (ne < pe && !apart(ne)) ne++;
    let a = ns;
    let b = ns;
    for (let i = ps; i < pe; i++) {
      if (apart(i)) {
        lo[i] = f.start === null ? ps : L.peerStart[i];
        hi[i] = f.end === null ? pe - 1 : L.peerEnd[i] - 1;
        continue;
      }
      const x = dir * v[i];
      if (f.start === null) lo[i] = ps;
      else {
        const s = f.start;
        // against the bound (x + s), not the distance (key − x): SQL's frame, and 4060.1 + 250 is 4310.1
        // exactly where 4310.1 − 4060.1 is 250.00000000000045 (the row at the frame's edge was left out)
        const bound = x + s;
        while (a < ne && (f.openStart === true ? dir * v[a] <= bound : dir * v[a] < bound)) a++;
        lo[i] = a;
      }
      if (f.end === null) hi[i] = pe - 1;
      else {
        const e = f.end;
        const bound = x + e;
        while (b < ne && dir * v[b] <= bound) b++;
        hi[i] = b - 1;
      }
    }
  }
}

/** An aggregate over each row's whole partition: the reduction with the partition as its group, then spread to the rows. */
function wholePartition(call: WindowCall, arg: Column | null, sorted: ReadonlyMap<string, Column>, L: Layout): Column {
  const fn = call.fn as AggCall['fn'];
  const spec: AggCall = { fn, input: arg?.dtype ?? null, ddof: call.ddof ?? 1, q: call.q, sep: call.sep, arg: call.arg === null ? null : { kind: 'col', name: call.arg } };
  const state = createState(spec);
  update(state, spec, L.partition, { length: L.n, columns: sorted }, L.n, L.partitions);
  const per = finalize(state, spec, L.partitions, call.arg ?? 'count');
  const out = takeColumn(per, L.partition);
  const min = call.minPeriods ?? 0;
  if (min <= 0 || fn === 'count' || fn === 'size' || arg === null) return out;
  // fewer non-null values than minPeriods: null (SQL's sum over nothing)
  const counts = new Float64Array(L.partitions);
  for (let i = 0; i < L.n; i++) if (arg.valid === null || arg.valid[i] === 1) counts[L.partition[i]]++;
  const valid = out.valid ? out.valid.slice() : new Uint8Array(L.n).fill(1);
  for (let i = 0; i < L.n; i++) if (counts[L.partition[i]] < min) valid[i] = 0;
  return { ...out, valid };
}

/** A FrameSum's state: the compensated sum of its finite values, and its NaN and infinities counted. */
export interface SumState { s: number; c: number; nan: number; pos: number; neg: number }

/** Integers a double sums exactly; past it a window's int64 sum is refused rather than rounded. */
const EXACT = 2 ** 53;

/**
 * The running sum of a frame aggregate over `col`: one that refuses an int64 sum past 2^53.
 * A sum or mean of an int64 column that holds bigints (values past 2^53) is refused outright.
 */
export function frameSumOf(call: WindowCall, type: DType, col: Column): FrameSum {
  if (col.values instanceof BigInt64Array && (call.fn === 'sum' || call.fn === 'mean')) {
    throw new Error(`${call.fn}() over a window frame of ${JSON.stringify(call.arg)}: its int64 values pass 2^53; cast it to float64 first`);
  }
  return new FrameSum(type === 'int64' && call.fn === 'sum' ? JSON.stringify(call.arg) : null);
}

/** Non-null values a frame aggregate needs for a value: minPeriods (1 unless given; none for count), and one but for sum (0 over nothing). */
export function frameNeeds(call: WindowCall): number {
  const minPeriods = call.fn === 'count' ? 0 : Math.max(call.minPeriods ?? 1, 0);
  return Math.max(minPeriods, call.fn === 'sum' ? 0 : 1);
}

/** sum, mean, count, size, min, max over each row's frame (ROWS or RANGE): one forward pass a partition. */
function frameAggregate(call: WindowCall, type: DType, arg: Column | null, L: Layout, sorted: ReadonlyMap<string, Column>): Column {
  const n = L.n;
  const { lo, hi } = frameBounds(call, L, sorted);
  if (call.fn === 'size') {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.max(0, hi[i] - lo[i] + 1);
    return { dtype: 'int64', length: n, values: out, valid: null };
  }
  const col = arg!;
  const sum = frameSumOf(call, type, col);
  // min/max compare strings by their rank in string order, wide integers as bigints, and give
  // the extreme row's own value
  const v = col.dtype === 'string' ? stringRanks(col) : toF64(col).values;
  const big = col.values instanceof BigInt64Array ? col.values : null;
  const valid = col.valid;
  const out = new Float64Array(n);
  const at = new Int32Array(n);
  const ok = new Uint8Array(n);
  const isMin = call.fn === 'min';
  const extreme = call.fn === 'min' || call.fn === 'max';
  const queue = extreme ? new Int32Array(n) : null;
  const need = frameNeeds(call);
  const beats = (x: number, y: number): boolean => (big !== null ? (isMin ? big[x] <= big[y] : big[x] >= big[y]) : isMin ? v[x] <= v[y] : v[x] >= v[y]);
  let count = 0;
  let a = 0; // first row still in the frame
  let b = -1; // last row added
  let qh = 0;
  let qt = 0;
  let part = -1;
  for (let i = 0; i < n; i++) {
    if (L.partStart[i] !== part) {
      part = L.partStart[i];
      sum.clear();
      count = 0;
      a = part;
      b = part - 1;
      qh = 0;
      qt = 0;
    }
    // rows leave before rows enter: every running sum is a sum of the frame's rows (an int64's
    // stays exact while the frame's does)
    const l = lo[i];
    while (a < l) {
      if (a <= b && (valid === null || valid[a] === 1)) {
        count--;
        if (queue === null) sum.add(v[a], -1);
      }
      a++;
    }
    const h = hi[i];
    while (b < h) {
      b++;
      if (b < a || (valid !== null && valid[b] === 0)) continue;
      count++;
      if (queue === null) sum.add(v[b], 1);
      else {
        while (qt > qh && beats(b, queue[qt - 1])) qt--;
        queue[qt++] = b;
      }
    }
    if (queue !== null) while (qt > qh && queue[qh] < a) qh++;
    if (count === 0) sum.clear(); // no drift left over from values that left
    ok[i] = count >= need && (call.nullWhereNull !== true || valid === null || valid[i] === 1) ? 1 : 0;
    if (queue !== null) at[i] = ok[i] === 1 ? queue[qh] : -1;
    else out[i] = call.fn === 'count' ? count : call.fn === 'mean' ? sum.value() / count : sum.value();
  }
  if (queue !== null) return takeOrNull(col, at);
  if (call.fn === 'count') return { dtype: 'int64', length: n, values: out, valid: call.nullWhereNull === true ? ok : null };
  return { dtype: type, length: n, values: out, valid: ok };
}

/**
 * A running sum that values enter and leave: finite values in a compensated (Neumaier) sum, so
 * a large value leaving does not take the small ones' digits with it, and NaN and the infinities
 * counted apart, so one leaving the frame leaves no NaN behind. `exact`: the int64 column an
 * exact sum is checked for (a double is exact to 2^53), or null.
 */
export class FrameSum {
  private s = 0;
  private c = 0;
  private nan = 0;
  private pos = 0;
  private neg = 0;

  constructor(private readonly exact: string | null) {}

  /** Its state as plain numbers (a running window's carry: kernels/running-window.ts). */
  save(): SumState {
    return { s: this.s, c: this.c, nan: this.nan, pos: this.pos, neg: this.neg };
  }

  /** Continues from a saved state. */
  load(x: SumState): this {
    ({ s: this.s, c: this.c, nan: this.nan, pos: this.pos, neg: this.neg } = x);
    return this;
  }

  /** Adds the values a saved state summed (the rows after this sum's). */
  addSum(x: SumState): void {
    this.add(x.s, 1);
    this.c += x.c;
    this.nan += x.nan;
    this.pos += x.pos;
    this.neg += x.neg;
  }

  clear(): void {
    this.s = 0;
    this.c = 0;
    this.nan = 0;
    this.pos = 0;
    this.neg = 0;
  }

  /** x enters the frame (`sign` 1) or leaves it (−1). */
  add(value: number, sign: 1 | -1): void {
    if (!Number.isFinite(value)) {
      if (Number.isNaN(value)) this.nan += sign;
      else if (value > 0) this.pos += sign;
      else this.neg += sign;
      return;
    }
    const x = sign * value;
    const t = this.s + x;
    this.c += Math.abs(this.s) >= Math.abs(x) ? this.s - t + x : x - t + this.s;
    this.s = t;
    if (this.exact !== null && Math.abs(t) >= EXACT) {
      throw new Error(`sum() over a window frame of ${this.exact} passes 2^53, where doubles stop being exact; cast it to float64 first`);
    }
  }

  value(): number {
    if (this.nan > 0 || (this.pos > 0 && this.neg > 0)) return NaN;
    if (this.pos > 0) return Infinity;
    if (this.neg > 0) return -Infinity;
    return this.s + this.c;
  }
}

/** Each row's string as its rank in string order (null rows: 0, unread). */
function stringRanks(c: Column): Float64Array {
  const { rank } = dictionaryRanks(c.dict!);
  const codes = c.values as Int32Array;
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = c.valid === null || c.valid[i] === 1 ? rank[codes[i]] : 0;
  return out;
}
