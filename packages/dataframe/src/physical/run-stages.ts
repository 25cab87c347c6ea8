/** Applies row stages to a batch (in a worker, per batch): filters, projections, broadcast-join probes, running windows. */
import type { Batch } from '../kernels/batch.js';
import { concatColumns, filterColumn, filterColumnInPlace, type Column } from '../kernels/column.js';
import { evalExpr } from '../kernels/eval-expr.js';
import { HashJoinBuild } from '../kernels/hash-join.js';
import { IdleRelease } from '../kernels/idle-release.js';
import { RunningWindow } from '../kernels/running-window.js';
import { outputName } from '../plan/expr-node.js';
import type { Stage } from './pipeline-spec.js';
import { readRowChunk } from './row-chunk.js';

export function runStages(stages: readonly Stage[], batch: Batch): Batch {
  return new StageRunner(stages).run(batch);
}

/**
 * Runs a task's stages over each of its batches, in order; a join stage's hash table is built
 * once per task, and a running window goes on from batch to batch (one that reads rows ahead
 * holds its last rows back until the task ends: finish).
 */
export class StageRunner {
  private readonly joins = new Map<number, HashJoinBuild>();
  private readonly windows = new Map<number, RunningWindow>();
  /** Rows a rowId stage has numbered. */
  private readonly counted = new Map<number, number>();
  /** Whether the task's output wanted no more. */
  private stopped = false;

  constructor(private readonly stages: readonly Stage[]) {}

  /** The batch after every stage (a join's probe as one batch, however many rows it matched). */
  run(batch: Batch): Batch {
    let out = batch;
    this.runEach(batch, (b) => { out = b; return true; }, Number.MAX_SAFE_INTEGER);
    return out;
  }

  /**
   * The batch through the stages from `from`, to `emit`: a join's probe goes on with its output in
   * batches of at most `joinRows` (a skewed key's matches: hash-join.ts probeEach); false once
   * `emit` wants no more.
   */
  runEach(batch: Batch, emit: (b: Batch) => boolean, joinRows?: number, from = 0): boolean {
    let b = batch;
    for (let k = from; k < this.stages.length; k++) {
      if (b.length === 0) break;
      const st = this.stages[k];
      if (st.kind === 'filter') b = applyFilter(st.predicate, b);
      else if (st.kind === 'project') b = applyProject(st, b);
      else if (st.kind === 'rowId') b = this.rowIds(k, st, b);
      else if (st.kind === 'runningWindow') {
        const out = this.windowOf(k, st).step(b);
        if (out.length !== 1) return this.runAll(out, emit, joinRows, k + 1);
        b = out[0];
      } else return this.joinOf(k, st).probeEach(b, (out) => this.runEach(out, emit, joinRows, k + 1), joinRows);
    }
    const more = emit(b);
    if (!more) this.stopped = true;
    return more;
  }

  /**
   * At the task's end (after its last batch): the rows its running windows held back for the rows
   * after them, through the stages after each, to `emit`; false once `emit` wants no more.
   */
  finish(emit: (b: Batch) => boolean, joinRows?: number): boolean {
    for (let k = 0; k < this.stages.length && !this.stopped; k++) {
      const w = this.windows.get(k);
      if (w !== undefined && !this.runAll(w.finish(), emit, joinRows, k + 1)) return false;
    }
    return !this.stopped;
  }

  private runAll(batches: readonly Batch[], emit: (b: Batch) => boolean, joinRows: number | undefined, from: number): boolean {
    for (const b of batches) if (!this.runEach(b, emit, joinRows, from)) return false;
    return true;
  }

  private rowIds(k: number, st: Extract<Stage, { kind: 'rowId' }>, b: Batch): Batch {
    const from = st.base + (this.counted.get(k) ?? 0);
    const values = new Float64Array(b.length);
    for (let i = 0; i < b.length; i++) values[i] = from + i;
    this.counted.set(k, (this.counted.get(k) ?? 0) + b.length);
    const columns = new Map(b.columns);
    columns.set(st.name, { dtype: 'int64', length: b.length, values, valid: null });
    return { ...b, columns };
  }

  private windowOf(k: number, st: Extract<Stage, { kind: 'runningWindow' }>): RunningWindow {
    let w = this.windows.get(k);
    if (w === undefined) {
      w = new RunningWindow(st.calls, st.types, st.carry, st.sorted === true);
      this.windows.set(k, w);
    }
    return w;
  }

  private joinOf(k: number, st: Extract<Stage, { kind: 'join' }>): HashJoinBuild {
    let j = this.joins.get(k);
    if (!j) {
      j = st.buildKey === undefined ? newBuild(st) : sharedBuild(st, st.buildKey);
      this.joins.set(k, j);
    }
    return j;
  }
}

function newBuild(st: Extract<Stage, { kind: 'join' }>): HashJoinBuild {
  const build = buildTable(st.buildFields, st.build.map((c) => readRowChunk(c, st.buildFields)), rowsIn(st.build));
  return new HashJoinBuild(st.join, build.columns, build.length);
}

/**
 * A broadcast join's hash table, built once a thread for every task of the query that probes it
 * (a task built its own: a 1 M-row build side probed by 40 tasks was built 40 times, 14 s of a
 * self-join over 40 files). Kept while tasks use it, let go after KEEP_IDLE_MS without one; the
 * last four builds a thread made are kept (a query with several broadcast joins). A probe's keys that
 * match nothing join its index too, so one that has grown by more than its build is built anew.
 */
const shared = new Map<string, { build: HashJoinBuild; release: IdleRelease }>();

export function sharedBuild(st: Extract<Stage, { kind: 'join' }>, buildKey: string): HashJoinBuild {
  // the same collected table under another join (other keys or how) is another hash table
  const id = `${buildKey}\n${JSON.stringify(st.join)}`;
  let entry = shared.get(id);
  // the probes' unmatched keys stay in its index: past as many again as the build's (or 1 M), a new one
  if (entry && entry.build.probedKeys() > Math.max(entry.build.buildKeys(), 1 << 20)) {
    entry.release.busy();
    shared.delete(id);
    entry = undefined;
  }
  if (!entry) {
    if (shared.size >= 4) {
      const [oldest] = shared.keys();
      shared.get(oldest)!.release.busy();
      shared.delete(oldest);
    }
    const made: { build: HashJoinBuild; release: IdleRelease } = { build: newBuild(st), release: new IdleRelease(() => { if (shared.get(id) === made) shared.delete(id); }) };
    entry = made;
    shared.set(id, entry);
  }
  entry.release.idle(); // restarts its clock: released KEEP_IDLE_MS after the last task that asked for it
  return entry.build;
}

/**
 * Row chunks' columns concatenated into one table of `rows` rows (their lengths' sum: a table of
 * no columns still has its rows — `row_number() over ()` reads none, and got none).
 */
export function buildTable(fields: readonly { name: string; dtype: Column['dtype'] }[], chunks: readonly Column[][], rows: number): { length: number; columns: Map<string, Column> } {
  const columns = new Map<string, Column>();
  fields.forEach((f, k) => {
    columns.set(f.name, chunks.length === 1 ? chunks[0][k] : concatColumns(chunks.map((ch) => ch[k]), f.dtype));
  });
  return { length: rows, columns };
}

/** Rows in row chunks. */
export function rowsIn(chunks: readonly { length: number }[]): number {
  return chunks.reduce((n, c) => n + c.length, 0);
}

function applyFilter(predicate: Parameters<typeof evalExpr>[0], b: Batch): Batch {
  const cond = evalExpr(predicate, b);
  const mask = cond.values as Uint8Array;
  const n = b.length;
  if (cond.valid) {
    const m = new Uint8Array(n);
    return compact(b, m, keptAndValid(mask, cond.valid, m, n));
  }
  const count = kept(mask, n);
  return count === n ? b : compact(b, mask, count);
}

// The loops in functions of their own, with nothing after them: a compare after a loop in
// applyFilter had no type feedback when the loop was first compiled on stack replacement, and
// that cached code was entered by every later call and thrown away at its end (~30 times a
// worker on db-benchmark q8, `--trace-deopt`).

/** Rows the mask keeps. */
function kept(mask: Uint8Array, n: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) count += mask[i];
  return count;
}

/** m = mask & valid; returns the rows it keeps. */
function keptAndValid(mask: Uint8Array, valid: Uint8Array, m: Uint8Array, n: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) { m[i] = mask[i] & valid[i]; count += m[i]; }
  return count;
}

/** The rows the mask keeps: moved down where they are in a scan's batch whose arrays share no memory (Batch.scratch), copied otherwise. */
function compact(b: Batch, mask: Uint8Array, count: number): Batch {
  const cols = new Map<string, Column>();
  const inPlace = b.scratch === true && apart(b, mask);
  for (const [name, c] of b.columns) cols.set(name, inPlace ? filterColumnInPlace(c, mask, count) : filterColumn(c, mask, count));
  return inPlace ? { length: count, columns: cols, scratch: true } : { length: count, columns: cols };
}

/** Whether every array of the batch's columns, and the mask, has memory of its own (a bool column filtered by itself: its values are the mask). */
function apart(b: Batch, mask: Uint8Array): boolean {
  const seen = new Set<ArrayBufferLike>([mask.buffer]);
  for (const c of b.columns.values()) {
    for (const a of c.valid ? [c.values, c.valid] : [c.values]) {
      if (seen.has(a.buffer)) return false;
      seen.add(a.buffer);
    }
  }
  return true;
}

function applyProject(st: Extract<Stage, { kind: 'project' }>, b: Batch): Batch {
  const cols = st.mode === 'with' ? new Map(b.columns) : new Map<string, Column>();
  for (const e of st.exprs) cols.set(outputName(e), evalExpr(e, b));
  return { length: b.length, columns: cols };
}
