/**
 * The map side of an external sort: a task's rows (one partition: bounded by the blocksize)
 * are sorted stably into a run, cut into segments of `segmentRows`, and each segment kept in
 * memory or spilled. The result carries each segment's first and last key, so a reduce task
 * reads only the segments that overlap its key range, and an evenly spaced sample of keys from
 * which the driver picks the range boundaries.
 */
import { evalExpr } from '../../kernels/eval-expr.js';
import { keyTuple, sortPermutation, takeColumn } from '../../kernels/sort.js';
import { sliceColumn, type Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import type { Sink, SortRun } from '../pipeline-spec.js';
import { keepOrSpill } from '../row-chunk.js';
import { RowBuffer } from './row-buffer.js';
import type { SinkRunner } from './sink-runner.js';

export function sortRunSink(sink: Extract<Sink, { kind: 'sortRun' }>, index: number): SinkRunner {
  const rows = new RowBuffer(sink.fields);
  return {
    push(b) { rows.add(b); return true; },
    finish(): SortRun {
      const n = rows.length;
      const cols = rows.columns();
      const batch = { length: n, columns: new Map(sink.fields.map((f, k) => [f.name, cols[k]])) };
      const keys = sink.by.map((s) => evalExpr(s.expr, batch));
      const desc = sink.by.map((s) => s.descending);
      const perm = sortPermutation(keys, desc, sink.nullsLast);
      return cutRun(sink.fields, cols.map((c) => takeColumn(c, perm)), keys.map((c) => takeColumn(c, perm)), n, sink, `m${index}`);
    },
    abort() {},
  };
}

/**
 * Cuts rows already sorted (with their evaluated sort keys) into a run: segments of
 * `segmentRows`, each kept or spilled, with its first and last key, and an evenly spaced sample.
 */
export function cutRun(fields: readonly Field[], sorted: readonly Column[], sortedKeys: readonly Column[], n: number, opts: Pick<Extract<Sink, { kind: 'sortRun' }>, 'segmentRows' | 'sample' | 'spill'>, prefix: string): SortRun {
  const segments: SortRun['segments'] = [];
  for (let lo = 0, s = 0; lo < n; lo += opts.segmentRows, s++) {
    const hi = Math.min(n, lo + opts.segmentRows);
    const part = sorted.map((c) => copy(sliceColumn(c, lo, hi)));
    segments.push({
      chunk: keepOrSpill(fields, part, hi - lo, opts.spill, `${prefix}-s${s}`),
      first: keyTuple(sortedKeys, lo),
      last: keyTuple(sortedKeys, hi - 1),
    });
  }
  const sample = [];
  const want = Math.min(n, opts.sample);
  for (let j = 0; j < want; j++) sample.push(keyTuple(sortedKeys, Math.floor(((j + 0.5) * n) / want)));
  return { kind: 'sortRun', length: n, segments, sample };
}

function copy<T extends { values: { slice(): unknown }; valid: { slice(): unknown } | null }>(c: T): T {
  return { ...c, values: c.values.slice(), valid: c.valid ? c.valid.slice() : null };
}
