/**
 * The last step of a stage on the driver: checks the task outputs (CSV parity re-runs, real
 * errors) and turns them into one table — concatenated in task order, k-way merged by key
 * (each task's rows already sorted), sorted (with a limit: the final cut of a top-k), merged
 * and finalized (an aggregate without a hash exchange), or committed (written part files
 * renamed into place, in task order; reduce tasks' CSV lines merged by key into one first).
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { partFileName, removeStaleParts, writeFormat } from '../io/part-writer.js';
import { csvHeader } from '../io/csv/write-csv.js';
import type { Batch } from '../kernels/batch.js';
import { columnsOf, type ExprNode } from '../plan/expr-node.js';
import { concatColumns, sliceColumn, type Column } from '../kernels/column.js';
import { evalExpr } from '../kernels/eval-expr.js';
import { mergeSortedRuns } from '../kernels/merge-sorted.js';
import { sortPermutation, takeColumn } from '../kernels/sort.js';
import { takeFromParts } from '../kernels/take.js';
import type { Field } from '../types/dtype.js';
import { checkOutputs } from './check-outputs.js';
import { mergePartials } from './exchange-ops.js';
import { finalizeAggregate } from './finalize.js';
import type { GatherMode } from './operator-graph.js';
import type { PartitionOutput } from './partition-task.js';
import type { CollectedRows, PartialAggregate, PartitionedRows, PartitionResult, Sink, Stage, TaskSpec, WrittenFile } from './pipeline-spec.js';
import type { RowChunk } from './row-chunk.js';
import { runStages } from './run-stages.js';

export interface Gathered {
  fields: Field[];
  chunks: RowChunk[];
  skipped: number;
  skippedLines: string[];
  files?: string[];
  rows?: number;
  /** The rows of each of `files`. */
  partRows?: number[];
}

export interface GatherArgs {
  specs: TaskSpec[];
  mode: GatherMode;
  /** Fields of the task outputs (when there are no specs to read them from). */
  fields?: Field[];
  /** The write sink (a query with no input tasks still writes a header-only part file). */
  write?: Extract<Sink, { kind: 'write' }>;
  /** A projection applied after a merge (drops helper key columns). */
  project?: Stage | null;
}

export function gather(args: GatherArgs, outputs: (PartitionOutput | CollectedRows)[]): Gathered {
  let results: PartitionResult[];
  let skipped = 0;
  let skippedLines: string[] = [];
  if (args.specs.length === 0) results = outputs as CollectedRows[];
  else ({ results, skipped, skippedLines } = checkOutputs(args.specs, outputs as PartitionOutput[]));
  const fields = args.fields ?? [];
  const mode = args.mode;
  const done = (f: Field[], columns: Column[], length: number): Gathered => ({ fields: f, chunks: [{ kind: 'mem', length, columns }], skipped, skippedLines });
  switch (mode.kind) {
    case 'write': return { ...commitWrites(args.write!, results as WrittenFile[]), fields: [], chunks: [], skipped, skippedLines };
    case 'csvMerge': return { ...commitWrites(args.write!, [writeMergedLines(args.write!, results as CollectedRows[])]), fields: [], chunks: [], skipped, skippedLines };
    // each task's rows as it kept or spilled them (persist): one chunk per task, in order
    case 'chunks': return { fields, chunks: (results as PartitionedRows[]).map((r) => r.buckets[0]), skipped, skippedLines };
    case 'aggregate': {
      const merged = mergePartials({ keyTypes: mode.keyTypes, calls: mode.final.calls, keepNullKeys: mode.keepNullKeys }, results as PartialAggregate[]);
      const t = finalizeAggregate(mode.final, merged);
      return done([...t.schema], [...t.columns], t.numRows);
    }
    default: break;
  }
  const parts = results as CollectedRows[];
  let length = parts.reduce((n, p) => n + p.length, 0);
  const order = mode.kind === 'merge' ? { keys: mode.keys, desc: mode.keys.map(() => false), nullsLast: true }
    : mode.kind === 'sort' ? { keys: mode.by.map((b) => b.expr), desc: mode.by.map((b) => b.descending), nullsLast: mode.nullsLast }
      : null;
  let perm: Int32Array | null = null;
  let merged: { part: Uint16Array; row: Int32Array } | null = null;
  if (mode.kind === 'merge' && mode.sorted) merged = mergeOrder(parts, fields, mode.keys);
  else if (order) perm = orderOf(parts, fields, length, order);
  const limit = mode.kind === 'concat' || mode.kind === 'sort' ? mode.limit : null;
  const offset = mode.kind === 'concat' || mode.kind === 'sort' ? mode.offset ?? 0 : 0;
  if (limit !== null && length > limit) {
    length = limit;
    if (perm) perm = perm.subarray(0, limit);
  }
  const skip = Math.min(offset, length);
  // one output column at a time, each part's column released once copied: peak ≈ parts + result
  // (a sorted merge's parts are an aggregate's reduce tasks, hash-partitioned by key: one key's
  // values are in one part only — of several keys, only the tuples are)
  const disjointKey = mode.kind === 'merge' && mode.sorted && mode.keys.length === 1 ? (mode.keys[0] as { name: string }).name : null;
  const columns = fields.map((f, k) => {
    if (merged) {
      // straight from the sorted parts: no concatenated copy
      const c = takeFromParts(parts.map((p) => p.columns[k]), merged.part, merged.row, f.dtype, f.name === disjointKey);
      for (const p of parts) (p.columns as (Column | null)[])[k] = null;
      return c;
    }
    const whole = concatPart(parts, k, f.dtype);
    for (const p of parts) (p.columns as (Column | null)[])[k] = null;
    if (perm) return takeColumn(whole, skip > 0 ? perm.subarray(skip) : perm);
    return whole.length > length || skip > 0 ? sliceColumn(whole, skip, length) : whole;
  });
  length -= skip;
  if (mode.kind === 'merge' && args.project) {
    const out = runStages([args.project], { length, columns: new Map(fields.map((f, k) => [f.name, columns[k]])) });
    const names = (args.project as Extract<Stage, { kind: 'project' }>).exprs.map((e) => (e as { name: string }).name);
    return done(names.map((n) => ({ name: n, dtype: out.columns.get(n)!.dtype })), names.map((n) => out.columns.get(n)!), length);
  }
  return done(fields, columns, length);
}

/**
 * The sorted order of the parts' rows: each part sorted by key, parts in order, so a stable
 * sort of the whole is their merge (and a top-k's final cut). Only the key columns are
 * concatenated to find it, and they are dropped before the result is built.
 */
function orderOf(parts: readonly CollectedRows[], fields: readonly Field[], length: number, order: { keys: ExprNode[]; desc: boolean[]; nullsLast: boolean }): Int32Array {
  const needed = new Set<string>();
  for (const k of order.keys) for (const c of columnsOf(k)) needed.add(c);
  const columns = new Map<string, Column>();
  fields.forEach((f, k) => { if (needed.has(f.name)) columns.set(f.name, concatPart(parts, k, f.dtype)); });
  const keyBatch: Batch = { length, columns };
  return sortPermutation(order.keys.map((k) => evalExpr(k, keyBatch)), order.desc, order.nullsLast);
}

/** The merged order of parts each sorted by `keys` (plain columns), ascending, nulls last: each row's part and its row there. */
function mergeOrder(parts: readonly CollectedRows[], fields: readonly Field[], keys: readonly ExprNode[]): { part: Uint16Array; row: Int32Array } {
  const at = keys.map((k) => fields.findIndex((f) => f.name === (k as { name: string }).name));
  return mergedRows(parts.map((p) => at.map((k) => p.columns[k])));
}

/** The merged order of runs each sorted by their key columns, ascending, nulls last: each row's run and its row there. */
function mergedRows(runs: readonly (readonly Column[])[]): { part: Uint16Array; row: Int32Array } {
  const lengths = runs.map((r) => (r.length > 0 ? r[0].length : 0));
  const n = lengths.reduce((s, l) => s + l, 0);
  const part = new Uint16Array(n);
  const row = mergeSortedRuns(runs, (runs[0] ?? []).map(() => false), true, part);
  const starts = new Int32Array(runs.length);
  for (let k = 1; k < runs.length; k++) starts[k] = starts[k - 1] + lengths[k - 1];
  for (let i = 0; i < n; i++) row[i] -= starts[part[i]];
  return { part, row };
}

/**
 * The one part file of reduce tasks' CSV lines (reduceAggregate's `csv`: each task's groups in
 * key order, with its key columns), merged by key: each line copied as it is, none encoded on
 * the driver (db-benchmark q3: 100 k groups, ~125 ms of encoding on this thread after the reduces).
 */
function writeMergedLines(sink: Extract<Sink, { kind: 'write' }>, parts: readonly CollectedRows[]): WrittenFile {
  const { part, row } = mergedRows(parts.map((p) => p.columns));
  const n = row.length;
  const header = Buffer.from(csvHeader(sink.fields, sink.delimiter), 'utf8');
  const out = Buffer.allocUnsafe(parts.reduce((s, p) => s + p.csv!.bytes.length, header.length));
  out.set(header);
  // byte by byte: a line is a few dozen bytes, and Buffer#copy's checks cost ~0.4 µs a call
  let at = header.length;
  for (let i = 0; i < n; i++) {
    const j = row[i];
    const { bytes, ends } = parts[part[i]].csv!;
    for (let b = j === 0 ? 0 : ends[j - 1], to = ends[j]; b < to; b++) out[at++] = bytes[b];
  }
  const name = partFileName(0, 'csv');
  const tmpPath = join(sink.tmpDir, name);
  writeFileSync(tmpPath, out);
  return { kind: 'write', tmpPath, path: join(sink.dir, name), rows: n };
}

function concatPart(parts: readonly CollectedRows[], k: number, dtype: Field['dtype']): Column {
  return parts.length === 1 ? parts[0].columns[k] : concatColumns(parts.map((p) => p.columns[k]), dtype);
}

/**
 * Renames written part files into place (one empty part when there were none, like pandas),
 * removes part files of an earlier write that this one did not replace (a folder holds one
 * result, never a mix), and removes the temp dir. Runs only after every partition succeeded:
 * a failed write leaves the folder as it was.
 */
export function commitWrites(sink: Extract<Sink, { kind: 'write' }>, results: readonly WrittenFile[]): { files: string[]; rows: number; partRows: number[] } {
  const written = [...results];
  if (written.length === 0) {
    const name = partFileName(0, sink.format);
    writeFormat(sink.format).open(join(sink.tmpDir, name), sink.fields, { delimiter: sink.delimiter }).finish();
    written.push({ kind: 'write', tmpPath: join(sink.tmpDir, name), path: join(sink.dir, name), rows: 0 });
  }
  const files: string[] = [];
  const partRows: number[] = [];
  let rows = 0;
  for (const r of written) {
    // an earlier result's part of the same name is removed first, not renamed over: on ext4 a
    // rename that replaces a file writes the new one out to disk at once (auto_da_alloc) —
    // db-benchmark q10 written again into its folder, 16 parts of ~25 MB: 166 ms of renames
    rmSync(r.path, { force: true });
    renameSync(r.tmpPath, r.path);
    files.push(r.path);
    partRows.push(r.rows);
    rows += r.rows;
  }
  removeStaleParts(sink.dir, files);
  rmSync(sink.tmpDir, { recursive: true, force: true });
  return { files, rows, partRows };
}
