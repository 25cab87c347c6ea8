/**
 * sum: nulls skipped; an empty or all-null group sums to 0. Float inputs sum in float64; integer
 * and bool sums are exact: a double accumulator is flushed into a bigint before it can reach
 * 2^53, also when partials are merged, and the result is int64 (BigInt64Array past 2^53; an
 * overflow of int64 is an error that names the column and the fix). The state and its update
 * are shared with mean (mean.ts), which also counts.
 */
import { I64_MAX, I64_MIN, type DType } from '../../types/dtype.js';
import type { Column } from '../column.js';
import { growArray, growF64, nextCapacity } from './grow.js';
import { partCap, splitArray, splitF64 } from './split-groups.js';
import type { AggSpec, Reduction } from './reduction.js';
import { warmUp } from '../warm-up.js';

export interface SumState {
  cap: number;
  /** Non-null values per group (kept by mean; sum's fast path leaves it unused). */
  count: Float64Array;
  sum: Float64Array;
  /** Exact part of integer sums, flushed from `sum` (null until needed). */
  big: bigint[] | null;
  /**
   * The sum of the magnitudes of every value folded into `sum` (merges add the other state's):
   * no |sum[g]| exceeds it, so while it stays below 2^52 integer sums need no flush checks.
   */
  bound: number;
}

const FLUSH = 2 ** 52;

export function isIntLike(t: DType | null | undefined): boolean {
  return t === 'int64' || t === 'bool';
}

export function createSum(): SumState {
  return { cap: 16, count: new Float64Array(16), sum: new Float64Array(16), big: null, bound: 0 };
}

export function growSum(s: SumState, n: number): void {
  if (n <= s.cap) return;
  s.cap = nextCapacity(s.cap, n);
  s.count = growF64(s.count, s.cap);
  s.sum = growF64(s.sum, s.cap);
  if (s.big) growArray(s.big, s.cap, 0n);
}

function flush(s: SumState, g: number, t: number): void {
  if (!s.big) s.big = new Array<bigint>(s.cap).fill(0n);
  s.big[g] += BigInt(t);
}

/** Folds a batch into the state; `counts` also counts the values (mean needs it); `one` ≥ 0: every row is in that group. */
export function updateSum(s: SumState, call: AggSpec, gids: Int32Array, col: Column, n: number, ngroups: number, counts: boolean, one = -1): void {
  growSum(s, ngroups);
  const { count, sum } = s;
  const valid = col.valid;
  const values = col.values;
  if (values instanceof BigInt64Array) {
    if (!s.big) s.big = new Array<bigint>(s.cap).fill(0n);
    const big = s.big;
    for (let i = 0; i < n; i++) {
      const g = gids[i];
      if (g < 0 || (valid !== null && valid[i] === 0)) continue;
      big[g] += values[i];
      count[g]++;
    }
    return;
  }
  const v = values as Float64Array | Int32Array | Uint8Array;
  if (isIntLike(call.input)) {
    // every group's sum stays below 2^52 while all the values so far, added up by magnitude, do:
    // then no add can be inexact and no flush check is needed (db-benchmark's v1: 10 M values ≤ 5)
    // a batch whose first, middle and last rows share a group is mostly long runs (a file sorted by its key, one group)
    const longRuns = n > 64 && gids[0] === gids[n >> 1] && gids[0] === gids[n - 1];
    const done = s.bound >= FLUSH ? 0 : one >= 0 ? addOneGroup(s, one, v, valid, n, counts) : longRuns ? addLongRuns(s, gids, v, valid, n, counts) : addRuns(s, gids, v, valid, n, counts);
    if (done < n) {
      // past the bound: the rest on the exact path, and every later batch too
      s.bound = Math.max(s.bound, FLUSH);
      addExactRuns(s, gids.subarray(done), v.subarray(done), valid === null ? null : valid.subarray(done), n - done);
      if (counts) {
        if (valid === null) for (let i = done; i < n; i++) { const g = gids[i]; if (g >= 0) count[g]++; }
        else for (let i = done; i < n; i++) { const g = gids[i]; if (g >= 0 && valid[i] === 1) count[g]++; }
      }
    }
  } else if (!counts) {
    // a float sum: no count (mean keeps one)
    if (valid === null) for (let i = 0; i < n; i++) { const g = gids[i]; if (g >= 0) sum[g] += v[i]; }
    else for (let i = 0; i < n; i++) { const g = gids[i]; if (g >= 0 && valid[i] === 1) sum[g] += v[i]; }
  } else if (valid === null) {
    for (let i = 0; i < n; i++) { const g = gids[i]; if (g >= 0) { sum[g] += v[i]; count[g]++; } }
  } else {
    for (let i = 0; i < n; i++) { const g = gids[i]; if (g >= 0 && valid[i] === 1) { sum[g] += v[i]; count[g]++; } }
  }
}

/**
 * Integer values into their groups' sums (and counts) while no sum can reach 2^52: each run of
 * rows in one group is added into a local first, so that consecutive rows of a group do not wait
 * on each other's store (addExactRuns's reason), and nothing is checked per value but the
 * magnitudes added up on the way: before a value that would take the state's bound to 2^52, it
 * stops and returns the rows it took (all of them: `n`), the bound raised by their magnitudes.
 * (The magnitudes in a pass of their own, before, were a tenth of the seed query's time.)
 */
function addRuns(s: SumState, gids: Int32Array, v: Float64Array | Int32Array | Uint8Array, valid: Uint8Array | null, n: number, counts: boolean): number {
  const { sum, count } = s;
  const room = FLUSH - s.bound;
  let m = 0;
  let g0 = gids[0];
  let acc = 0;
  let c = 0;
  let i = 0;
  for (; i < n; i++) {
    const g = gids[i];
    if (g !== g0) {
      if (g0 >= 0) { sum[g0] += acc; if (counts) count[g0] += c; }
      g0 = g;
      acc = 0;
      c = 0;
    }
    if (valid !== null && valid[i] === 0) continue;
    const x = v[i];
    m += x < 0 ? -x : x;
    if (m >= room) break;
    acc += x;
    c++;
  }
  if (n > 0 && g0 >= 0) { sum[g0] += acc; if (counts) count[g0] += c; }
  if (i === n) s.bound += m;
  return i;
}

// Run when the module loads (warm-up.ts), as sumAndSquares is (below): a batch's first call was
// compiled on stack replacement inside its loop, and the compares after the loop, never run yet,
// had no type feedback — that code was thrown away at the end of the call and compiled again,
// ~75 times a worker on db-benchmark q3 (`--trace-deopt`), most of each batch's rows in between
// run by the interpreter. A state of its own, dropped.
{
  const s = createSum();
  const gids = Int32Array.of(0, 0, 1, 1, 2);
  const v = Float64Array.of(1, 2, 3, 4, 5);
  const valid = Uint8Array.of(1, 0, 1, 1, 1);
  warmUp((k) => {
    addRuns(s, gids, v, (k & 1) === 0 ? null : valid, 5, (k & 2) !== 0);
    // and addLongRuns (~7 bail-outs at its bound's update in the strings benchmark's id1 query)
    addLongRuns(s, gids, v, (k & 1) === 0 ? null : valid, 5, (k & 2) !== 0);
  });
}

/**
 * addRuns for batches of long runs: each run's end is found first, then its values are added
 * with no test but the loop's, two at a time into two sums (two chains of dependent adds, not
 * one), their magnitudes beside them; the bound is checked once a run. Before a run that would
 * take it to 2^52, it stops and returns the rows it took (the caller adds that run exactly).
 * Rows of one group at a time cost ~2.2 ns a value this way, ~4–6 row by row; runs of one row
 * cost more (addRuns's case).
 */
function addLongRuns(s: SumState, gids: Int32Array, v: Float64Array | Int32Array | Uint8Array, valid: Uint8Array | null, n: number, counts: boolean): number {
  const { sum, count } = s;
  const room = FLUSH - s.bound;
  let m = 0;
  let i = 0;
  while (i < n) {
    const g = gids[i];
    let end = i + 1;
    while (end < n && gids[end] === g) end++;
    let a0 = 0;
    let a1 = 0;
    let m0 = 0;
    let m1 = 0;
    let c = 0;
    if (valid === null) {
      let j = i;
      for (; j + 1 < end; j += 2) {
        const x = v[j];
        const y = v[j + 1];
        a0 += x;
        a1 += y;
        m0 += Math.abs(x);
        m1 += Math.abs(y);
      }
      if (j < end) { a0 += v[j]; m0 += Math.abs(v[j]); }
      c = end - i;
    } else {
      for (let j = i; j < end; j++) {
        if (valid[j] === 0) continue;
        const x = v[j];
        a0 += x;
        m0 += Math.abs(x);
        c++;
      }
    }
    // every partial sum is at most its magnitudes, below 2^52 with the rest: exact in any order
    if (m + m0 + m1 >= room) return i;
    m += m0 + m1;
    if (g >= 0) { sum[g] += a0 + a1; if (counts) count[g] += c; }
    i = end;
  }
  s.bound += m;
  return n;
}

/**
 * addRuns for a batch whose rows are all in group g, no ids read: Σx and Σx² (sumAndSquares).
 * The values' magnitudes add up to at most √(n·Σx²) (Cauchy–Schwarz; within 1 % of Σ|x| for
 * values of one size, 16 % over for values spread evenly from 0), which is what the bound
 * takes, with room for the rounding of Σx². All or nothing: a batch that would take the bound
 * to 2^52 returns 0 rows taken (the caller adds it exactly).
 */
function addOneGroup(s: SumState, g: number, v: Float64Array | Int32Array | Uint8Array, valid: Uint8Array | null, n: number, counts: boolean): number {
  const c = valid === null ? sumAndSquares(v, n) : sumAndSquaresPresent(v, valid, n);
  // every partial sum is at most the magnitudes, below 2^52 with the rest: exact in any order
  const m = Math.sqrt(c * sums[1]) * (1 + 2 ** -20);
  if (!(s.bound + m < FLUSH)) return 0;
  s.bound += m;
  s.sum[g] += sums[0];
  if (counts) s.count[g] += c;
  return n;
}

/** Σx and Σx² of the last sumAndSquares(Present). */
const sums = new Float64Array(2);

/**
 * Σx and Σx² of v[0, n) into `sums`; returns n. Two sums of pairs and two of their squares
 * (Math.abs per value cost twice as much: ~0.85 vs ~0.45 ns a value); the n mod 4 rows first.
 * Run when the module loads (below; warm-up.ts): a batch's first call is compiled on stack
 * replacement inside its loop, and the operations after the loop, never run yet, had no type
 * feedback — that code was thrown away and compiled again ~500 times a worker on DuckDB's seed
 * file (`--trace-deopt`), whatever the operation after the loop was.
 */
function sumAndSquares(v: Float64Array | Int32Array | Uint8Array, n: number): number {
  let a0 = 0;
  let a1 = 0;
  let q0 = 0;
  let q1 = 0;
  let j = 0;
  for (; j < (n & 3); j++) { const x = v[j]; a0 += x; q0 += x * x; }
  for (; j < n; j += 4) {
    const w = v[j];
    const x = v[j + 1];
    const y = v[j + 2];
    const z = v[j + 3];
    a0 += w + x;
    a1 += y + z;
    q0 += w * w + x * x;
    q1 += y * y + z * z;
  }
  sums[0] = a0 + a1;
  sums[1] = q0 + q1;
  return n;
}

warmUp(() => sumAndSquares(Float64Array.of(0.5, 1, 2, 3, 4), 5));

/** sumAndSquares over the present rows; returns how many there are. */
function sumAndSquaresPresent(v: Float64Array | Int32Array | Uint8Array, valid: Uint8Array, n: number): number {
  let a = 0;
  let q = 0;
  let c = 0;
  for (let j = 0; j < n; j++) {
    if (valid[j] === 0) continue;
    const x = v[j];
    a += x;
    q += x * x;
    c++;
  }
  sums[0] = a;
  sums[1] = q;
  return c;
}

/**
 * Adds each run of rows in one group into a local first, then into sum[g], so that consecutive
 * rows of a group do not wait on each other's store (a sum into one group was a chain of
 * dependent adds: ~3.4 ns a value, ~0.9 this way). Exact: the local and every sum[g] stay below
 * 2^52 in magnitude (each is flushed into the group's bigint when it reaches that), and a value
 * of 2^52 or more goes to the bigint directly, so every add is of two numbers below 2^52 — exact
 * in a double. (Before, a batch holding a value near 2^53 took a row-by-row path that added it
 * to a sum near 2^52: past 2^53 a double holds only even numbers, and the sum was off by a few.)
 * Its own small function, so that no cold code after the loop (which V8 compiles on stack
 * replacement) lacks type feedback.
 */
function addExactRuns(s: SumState, gids: Int32Array, v: Float64Array | Int32Array | Uint8Array, valid: Uint8Array | null, n: number): void {
  const sum = s.sum;
  let g0 = gids[0];
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const g = gids[i];
    if (g !== g0) {
      if (g0 >= 0) addToGroup(s, sum, g0, acc);
      g0 = g;
      acc = 0;
    }
    if (valid !== null && valid[i] === 0) continue;
    const x = v[i];
    if (x < FLUSH && x > -FLUSH) {
      acc += x;
      if (acc >= FLUSH || acc <= -FLUSH) {
        if (g0 >= 0) flush(s, g0, acc);
        acc = 0;
      }
    } else if (g0 >= 0) flush(s, g0, x);
  }
  if (n > 0 && g0 >= 0) addToGroup(s, sum, g0, acc);
}

function addToGroup(s: SumState, sum: Float64Array, g: number, acc: number): void {
  const t = sum[g] + acc;
  if (t >= FLUSH || t <= -FLUSH) {
    flush(s, g, t);
    sum[g] = 0;
  } else sum[g] = t;
}

export function mergeSum(s: SumState, call: AggSpec, other: SumState, map: Int32Array, otherGroups: number, ngroups: number): void {
  growSum(s, ngroups);
  s.bound += other.bound;
  const exact = isIntLike(call.input);
  for (let j = 0; j < otherGroups; j++) {
    const g = map[j];
    if (g < 0) continue;
    let t = s.sum[g] + other.sum[j];
    if (exact) {
      if (other.big && other.big[j] !== 0n) { if (!s.big) s.big = new Array<bigint>(s.cap).fill(0n); s.big[g] += other.big[j]; }
      if (t >= FLUSH || t <= -FLUSH) { flush(s, g, t); t = 0; }
    }
    s.sum[g] = t;
    s.count[g] += other.count[j];
  }
}

/** The state cut by group in one pass (Reduction.split); each part keeps the whole's bound (an upper bound of its own). */
export function splitSum(s: SumState, part: Int32Array, local: Int32Array, sizes: Int32Array): SumState[] {
  const counts = splitF64(s.count, part, local, sizes);
  const totals = splitF64(s.sum, part, local, sizes);
  const bigs = s.big ? splitArray(s.big, part, local, sizes, 0n) : null;
  return Array.from(sizes, (n, b) => ({ cap: partCap(n), count: counts[b], sum: totals[b], big: bigs ? bigs[b] : null, bound: s.bound }));
}

export function sumBytes(s: SumState): number {
  return s.count.byteLength + s.sum.byteLength + (s.big ? s.big.length * 16 : 0);
}

function exactInts(s: SumState, n: number, name: string): Column {
  const sum = s.sum;
  if (!s.big) return { dtype: 'int64', length: n, values: sum.slice(0, n), valid: null };
  const totals = new Array<bigint>(n);
  let wide = false;
  for (let g = 0; g < n; g++) {
    const t = s.big[g] + BigInt(sum[g]);
    if (t > I64_MAX || t < I64_MIN) throw new Error(`sum of ${JSON.stringify(name)} overflows int64 in a group; cast the column to float64 first: col(${JSON.stringify(name)}).cast('float64').sum()`);
    if (t > BigInt(Number.MAX_SAFE_INTEGER) || t < BigInt(Number.MIN_SAFE_INTEGER)) wide = true;
    totals[g] = t;
  }
  if (wide) return { dtype: 'int64', length: n, values: BigInt64Array.from(totals), valid: null };
  return { dtype: 'int64', length: n, values: Float64Array.from(totals, Number), valid: null };
}

export const sum: Reduction<SumState> = {
  fn: 'sum',
  arity: 1,
  inputs: 'numeric',
  outputType: (call) => (call.input === 'float64' ? 'float64' : 'int64'),
  create: createSum,
  reserve: growSum,
  update: (s, call, gids, args, n, ngroups, one) => updateSum(s, call, gids, args[0]!, n, ngroups, false, one),
  merge: mergeSum,
  split: (s, _call, part, local, sizes) => splitSum(s, part, local, sizes),
  finalize(s, call, n, name) {
    growSum(s, n);
    if (!isIntLike(call.input)) return { dtype: 'float64', length: n, values: s.sum.slice(0, n), valid: null };
    return exactInts(s, n, name);
  },
  estimatedBytes: sumBytes,
};
