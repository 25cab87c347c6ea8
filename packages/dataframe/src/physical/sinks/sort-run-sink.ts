/**
 * The map side of an external sort: a task's rows are sorted stably into runs, each cut into
 * segments of `segmentRows`, and each segment kept in memory or spilled. The task holds at most
 * `runBytes` of buffered rows (its share of the memory budget): past that, the buffer is sorted
 * and cut into a run at once, so a task's memory does not grow with its partition. The result
 * lists the segments of all its runs in order (a run's segments, then the next run's), each
 * with its first and last key, so a reduce task reads only the segments that overlap its key
 * range and merges them; and an evenly spaced sample of keys from every run, from which the
 * driver picks the range boundaries.
 */
import { evalExpr } from '../../kernels/eval-expr.js';
import { keyTuple, sortPermutation, type KeyTuple } from '../../kernels/sort.js';
import { rowTaker } from '../../kernels/take-rows.js';
import type { Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import type { Sink, SortRun } from '../pipeline-spec.js';
import { worthSharing } from '../../io/spill/shared-dictionary.js';
import { appendingTo } from '../../io/spill/spill-file.js';
import { keepOrSpill, spillPath } from '../row-chunk.js';
import { RunBuffer } from './run-buffer.js';
import type { SinkRunner } from './sink-runner.js';

type RunOptions = Pick<Extract<Sink, { kind: 'sortRun' }>, 'segmentRows' | 'sample' | 'spill'>;

/** Rows below which a run's segments are not cut smaller for its ranges (each segment is a chunk with its own overhead). */
const MIN_SEGMENT_ROWS = 1024;

export function sortRunSink(sink: Extract<Sink, { kind: 'sortRun' }>, index: number): SinkRunner {
  let rows: RunBuffer | null = null;
  let bytes = 0;
  let runs = 0;
  // the dictionaries the buffered rows' strings come from, and the entries of each counted so far
  let dicts = new Map<readonly string[], number>();
  const out: SortRun = { kind: 'sortRun', length: 0, segments: [], sample: [] };
  const flush = (): void => {
    if (rows === null) return;
    const buffered = rows;
    rows = null;
    bytes = 0;
    dicts = new Map();
    try {
      const n = buffered.length;
      if (n === 0) return;
      // views of the buffer's arrays, read until the run is taken from them
      const cols = buffered.take();
      const batch = { length: n, columns: new Map(sink.fields.map((f, k) => [f.name, cols[k]])) };
      const keys = sink.by.map((s) => evalExpr(s.expr, batch));
      const perm = sortPermutation(keys, sink.by.map((s) => s.descending), sink.nullsLast);
      appendRun(out, sink.fields, cols, keys, perm, sink, `m${index}-r${runs++}`);
    } finally {
      buffered.release();
    }
  };
  return {
    push(b) {
      (rows ??= new RunBuffer(sink.fields, sink.rowsHint)).add(b);
      bytes += batchBytes(b.columns.values(), b.length, dicts);
      if (sink.runBytes !== undefined && bytes >= sink.runBytes) flush();
      return true;
    },
    finish(): SortRun {
      flush();
      return out;
    },
    abort() {
      rows?.release();
      rows = null;
    },
  };
}

/**
 * Bytes a batch's rows take once copied: values and validity, and for strings their codes plus
 * the entries of their dictionary not counted yet (~48 bytes each). A dictionary shared by many
 * batches (a worker's scan dictionary) is counted once: 48 bytes a row for every string column
 * cut db-benchmark q10's runs (3 string keys of 100 to 100 k values) at a third of their share.
 */
function batchBytes(columns: Iterable<Column>, n: number, dicts: Map<readonly string[], number>): number {
  let b = 0;
  for (const c of columns) {
    b += n * (c.values.BYTES_PER_ELEMENT + (c.valid ? 1 : 0));
    if (c.dict !== undefined) {
      const counted = dicts.get(c.dict) ?? 0;
      // a dictionary larger than the batch (shared, or grown since) counts at most a string a row
      if (c.dict.length > counted) { b += Math.min(c.dict.length - counted, n) * 48; dicts.set(c.dict, c.dict.length); }
    }
  }
  return b;
}

/**
 * Appends one run to `out`: the rows of `cols` in the order `perm` (a stable sort by `keys`),
 * cut into segments taken straight through the permutation (no sorted copy of the whole run),
 * each kept or spilled, with its first and last key; and up to `sample` evenly spaced keys.
 */
export function appendRun(out: SortRun, fields: readonly Field[], cols: readonly Column[], keys: readonly Column[], perm: Int32Array, opts: RunOptions, prefix: string): void {
  const n = perm.length;
  // a string column whose dictionary the run's rows reuse many times over (the scan's, of a
  // key like 100 k ids in 5 M rows) spills as codes into it, not a copy of its entries per segment
  const share = cols.map((c) => worthSharing(c.dict, n, opts.spill.dir));
  const take = rowTaker(cols);
  // the segments spilled go into one file
  try {
    appendingTo(spillPath(opts.spill, prefix), (into) => {
      for (let lo = 0, s = 0; lo < n; lo += opts.segmentRows, s++) {
        const hi = Math.min(n, lo + opts.segmentRows);
        const rows = perm.subarray(lo, hi);
        out.segments.push({
          chunk: keepOrSpill(fields, take(rows), hi - lo, opts.spill, `${prefix}-s${s}`, share, into),
          first: keyTuple(keys, perm[lo]),
          last: keyTuple(keys, perm[hi - 1]),
        });
      }
    });
  } finally {
    take.release();
  }
  const want = Math.min(n, opts.sample);
  const sample: KeyTuple[] = out.sample;
  for (let j = 0; j < want; j++) sample.push(keyTuple(keys, perm[Math.floor(((j + 0.5) * n) / want)]));
  out.length += n;
}

/**
 * A task's sorted rows (`cols` in the order `perm`) as one run, read by `ranges` range tasks: cut
 * into at least that many segments, since each range task reads every segment that overlaps its
 * range whole (a run of one segment — 100 k groups over 15 reduces: 6.7 k each — was read by
 * every range task).
 */
export function singleRun(fields: readonly Field[], cols: readonly Column[], keys: readonly Column[], perm: Int32Array, opts: RunOptions, ranges: number, prefix: string): SortRun {
  const run: SortRun = { kind: 'sortRun', length: 0, segments: [], sample: [] };
  const segmentRows = Math.max(MIN_SEGMENT_ROWS, Math.min(opts.segmentRows, Math.ceil(perm.length / Math.max(1, ranges))));
  appendRun(run, fields, cols, keys, perm, { ...opts, segmentRows }, prefix);
  return run;
}
