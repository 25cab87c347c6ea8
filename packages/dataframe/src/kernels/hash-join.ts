/**
 * The hash join kernel: a build side (all its rows in memory: one bucket of a partitioned join,
 * or a whole small table broadcast to every task) indexed by key, probed batch by batch.
 * Keys are compared by value through a GroupIndex (strings by text), nulls never match (unless
 * `nullsEqual`: then a null matches a null, as rows of a group do).
 * Left/inner/semi/anti joins stream: each probe batch gives its output, in batches of at most
 * PROBE_OUT_ROWS rows (a key many rows hold on both sides multiplies them). Right and outer
 * joins also remember which build rows matched and emit the others at the end, with the left
 * key columns filled from the right keys (coalesced) and every other left column null.
 */
import type { JoinHow } from '../plan/logical-plan.js';
import type { Field } from '../types/dtype.js';
import type { Batch } from './batch.js';
import { emptyColumn, type Column } from './column.js';
import { GroupIndex } from './group-index.js';
import { takeOrNull } from './take.js';
import { anchorShape } from './shape-anchor.js';
import { warmUp } from './warm-up.js';

export interface JoinSpec {
  how: JoinHow;
  leftOn: string[];
  rightOn: string[];
  /** Output fields: the left's, then the kept right columns under their output names. */
  fields: Field[];
  leftFields: Field[];
  rightOut: { name: string; out: string }[];
  nullsEqual?: boolean;
}

export class HashJoinBuild {
  private readonly index: GroupIndex;
  private readonly groups: number;
  /** CSR: rows of group g are rows[start[g] .. start[g + 1]). */
  private readonly start: Int32Array;
  private readonly rows: Int32Array;
  private readonly matched: Uint8Array | null;

  constructor(private readonly spec: JoinSpec, private readonly build: ReadonlyMap<string, Column>, private readonly buildLength: number) {
    const keyCols = spec.rightOn.map((k) => build.get(k)!);
    this.index = new GroupIndex(keyCols.map((c) => c.dtype), spec.nullsEqual === true);
    if (keyCols.length === 1 && keyCols[0].dtype !== 'string') this.index.reserve(distinctEstimate(keyCols[0], buildLength));
    const gids = this.index.map(keyCols, buildLength);
    this.groups = this.index.size;
    const start = new Int32Array(this.groups + 1);
    for (let i = 0; i < buildLength; i++) if (gids[i] >= 0) start[gids[i] + 1]++;
    for (let g = 0; g < this.groups; g++) start[g + 1] += start[g];
    const fill = start.slice(0, this.groups);
    const rows = new Int32Array(start[this.groups]);
    for (let i = 0; i < buildLength; i++) { const g = gids[i]; if (g >= 0) rows[fill[g]++] = i; }
    this.start = start;
    this.rows = rows;
    this.matched = spec.how === 'right' || spec.how === 'outer' ? new Uint8Array(buildLength) : null;
  }

  /**
   * The joined rows of a probe batch, to `emit` in batches of at most `maxRows` (a key with many
   * rows on both sides multiplies them: one batch of a skewed key's matches held 5 GB at an 8 MB
   * budget); false once `emit` wants no more.
   */
  probeEach(batch: Batch, emit: (b: Batch) => boolean, maxRows = PROBE_OUT_ROWS): boolean {
    const { spec } = this;
    const n = batch.length;
    const gids = this.index.map(spec.leftOn.map((k) => batch.columns.get(k)!), n);
    const start = this.start;
    if (spec.how === 'semi' || spec.how === 'anti') {
      const keep = new Int32Array(n);
      return emit(this.output(batch, keep.subarray(0, semiRows(gids, n, start, this.groups, spec.how === 'semi', keep)), null));
    }
    const size = Math.min(maxRows, Math.max(16, n));
    const pairs: Pairs = { left: new Int32Array(size), right: new Int32Array(size) };
    const cursor: Cursor = { i: 0, k: -1 };
    const keepUnmatched = spec.how === 'left' || spec.how === 'outer';
    do {
      const m = matchRows(gids, n, start, this.groups, this.rows, this.matched, keepUnmatched, pairs, cursor, maxRows);
      if (!emit(this.output(batch, pairs.left.subarray(0, m), pairs.right.subarray(0, m)))) return false;
    } while (cursor.i < n);
    return true;
  }

  /**
   * Keys the probes added to the index beyond the build's (a probe maps its keys through the
   * same index, and an unmatched key takes an id past the build's groups): what a hash table
   * shared by many probes has grown by.
   */
  probedKeys(): number {
    return this.index.size - this.groups;
  }

  /** The build side's distinct keys. */
  buildKeys(): number {
    return this.groups;
  }

  /** The joined rows of a probe batch as one batch (tests; the engine probes with probeEach). */
  probe(batch: Batch): Batch {
    const parts: Batch[] = [];
    this.probeEach(batch, (b) => parts.push(b) > 0, Number.MAX_SAFE_INTEGER);
    return parts[0];
  }

  /** Right/outer joins: the build rows no probe row matched (call once, after every probe). */
  unmatched(): Batch | null {
    if (!this.matched) return null;
    const idx: number[] = [];
    for (let i = 0; i < this.buildLength; i++) if (this.matched[i] === 0) idx.push(i);
    if (idx.length === 0) return null;
    const rightIdx = Int32Array.from(idx);
    const none = new Int32Array(idx.length).fill(-1);
    const cols = new Map<string, Column>();
    const { spec } = this;
    for (const f of spec.leftFields) {
      const k = spec.leftOn.indexOf(f.name);
      const src = k >= 0 ? this.build.get(spec.rightOn[k])! : null;
      cols.set(f.name, src ? takeOrNull(src, rightIdx) : takeOrNull(emptyColumn(f.dtype), none));
    }
    for (const r of spec.rightOut) cols.set(r.out, takeOrNull(this.build.get(r.name)!, rightIdx));
    return { length: idx.length, columns: cols };
  }

  private output(batch: Batch, left: Int32Array, right: Int32Array | null): Batch {
    const cols = new Map<string, Column>();
    const { spec } = this;
    for (const f of spec.leftFields) cols.set(f.name, takeOrNull(batch.columns.get(f.name)!, left));
    if (right) for (const r of spec.rightOut) cols.set(r.out, takeOrNull(this.build.get(r.name)!, right));
    return { length: left.length, columns: cols };
  }
}

/** Rows sampled to size a build's hash table. */
const SAMPLE_ROWS = 4096;
/** Keys up to which a build's hash table is sized ahead (~32 MB: past them it grows as it fills). */
const MAX_RESERVED_KEYS = 1 << 20;

/**
 * About how many distinct keys a number column's n rows hold, from evenly spaced rows: as many as
 * they held when most repeat (the table grows past it if need be), else scaled up to n (at most
 * MAX_RESERVED_KEYS).
 */
export function distinctEstimate(c: Column, n: number): number {
  if (n <= SAMPLE_ROWS) return n;
  const step = n / SAMPLE_ROWS;
  const seen = new Set<number | bigint>();
  for (let k = 0; k < SAMPLE_ROWS; k++) seen.add(c.values[Math.floor(k * step)]);
  if (seen.size * 2 <= SAMPLE_ROWS) return seen.size;
  return Math.min(MAX_RESERVED_KEYS, Math.ceil((n * seen.size) / SAMPLE_ROWS));
}

// keeps the build side's hidden class across a worker's tasks (shape-anchor.ts)
anchorShape(new HashJoinBuild({ how: 'inner', leftOn: ['k'], rightOn: ['k'], fields: [], leftFields: [], rightOut: [] }, new Map([['k', { dtype: 'int64', length: 0, values: new Float64Array(0), valid: null }]]), 0));

// The probe's loops, functions of their own with nothing after the loop but a return: inside
// probe, V8 compiled a long first batch's loop on the stack and kept entering that code, which
// stopped at the output call after the loop on every later batch (db-benchmark join q1 and q4:
// ~22 times a worker; benchmarks/PROFILE.md, "code after a long loop").

/** The probe's output pairs (left row, right row or -1), grown as needed. */
interface Pairs { left: Int32Array; right: Int32Array }
/** Where matchRows goes on: probe row i, from its build row rows[k] (-1: from its first). */
interface Cursor { i: number; k: number }

/** Joined rows a probe's output batch holds at most (its batches are 32 k probe rows: BATCH_ROWS). */
export const PROBE_OUT_ROWS = 65_536;

/** Semi (`want`) or anti join: the rows of the batch with (without) a match, into `keep`; returns how many. */
function semiRows(gids: Int32Array, n: number, start: Int32Array, groups: number, want: boolean, keep: Int32Array): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const g = gids[i];
    const hit = g >= 0 && g < groups && start[g + 1] > start[g];
    if (hit === want) keep[m++] = i;
  }
  return m;
}

/**
 * Each row's matches (or, `keepUnmatched`, -1 for none) into `pairs`, from `cursor`, until `cap`
 * pairs (a row's matches may be cut between two calls); returns how many, `cursor` past them.
 */
function matchRows(gids: Int32Array, n: number, start: Int32Array, groups: number, rows: Int32Array, matched: Uint8Array | null, keepUnmatched: boolean, pairs: Pairs, cursor: Cursor, cap: number): number {
  let left = pairs.left;
  let right = pairs.right;
  let m = 0;
  let i = cursor.i;
  for (; i < n && m < cap; i++) {
    const g = gids[i];
    const lo = g >= 0 && g < groups ? start[g] : 0;
    const hi = g >= 0 && g < groups ? start[g + 1] : 0;
    const from = cursor.k >= 0 ? cursor.k : lo;
    cursor.k = -1;
    const need = Math.min(cap - m, hi > lo ? hi - from : keepUnmatched ? 1 : 0);
    if (m + need > left.length) {
      const size = Math.min(cap, Math.max(left.length * 2, m + need));
      const l2 = new Int32Array(size); l2.set(left.subarray(0, m)); left = l2; pairs.left = l2;
      const r2 = new Int32Array(size); r2.set(right.subarray(0, m)); right = r2; pairs.right = r2;
    }
    if (hi > lo) {
      const to = from + need;
      for (let k = from; k < to; k++) {
        left[m] = i;
        right[m] = rows[k];
        if (matched) matched[rows[k]] = 1;
        m++;
      }
      // the output is full inside this row's matches: the next call goes on from there
      if (to < hi) { cursor.i = i; cursor.k = to; return m; }
    } else if (keepUnmatched) {
      left[m] = i;
      right[m] = -1;
      m++;
    }
  }
  cursor.i = i;
  return m;
}

// the growth inside matchRows's loop runs when the module loads, so a long first batch that never
// grew does not leave it without feedback in the code compiled on the stack
warmUp((k) => {
  const pairs: Pairs = { left: new Int32Array(1), right: new Int32Array(1) };
  matchRows(Int32Array.of(0, -1), 2, Int32Array.of(0, 3), 1, Int32Array.of(0, 1, 2), (k & 1) === 0 ? null : new Uint8Array(3), (k & 2) === 0, pairs, { i: 0, k: -1 }, (k & 4) === 0 ? 2 : 16);
});
