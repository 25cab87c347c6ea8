/**
 * The reduce side of `groupBy(keys).head(n)` and `unique`: of the rows it reads (in input
 * order: bucket i of every map task, in map order), keeps the first n of each key and returns
 * them sorted by key (stable, so a group's rows keep input order). With `order`, the first n
 * in a sort order instead (sort(by).groupBy(keys).head(n)). With `run` (a result written to
 * files), the sorted rows are a run of segments, kept or spilled, for the range tasks to merge.
 */
import { evalExpr } from '../../kernels/eval-expr.js';
import { FirstPerKey } from '../../kernels/first-per-key.js';
import { sortPermutation, takeColumn } from '../../kernels/sort.js';
import type { Batch } from '../../kernels/batch.js';
import { groupTop } from '../../kernels/group-top.js';
import type { CollectedRows, Sink, SortKey, SortRun } from '../pipeline-spec.js';
import { RowBuffer } from './row-buffer.js';
import type { SinkRunner } from './sink-runner.js';
import { singleRun } from './sort-run-sink.js';

export function groupHeadSink(sink: Extract<Sink, { kind: 'groupHead' }>, index: number): SinkRunner {
  if (sink.order) return sortedGroupHeadSink(sink, sink.order, index);
  const first = new FirstPerKey(sink.keyTypes, sink.keepNullKeys, sink.n);
  const rows = new RowBuffer(sink.fields);
  return {
    push(b) {
      const n = b.length;
      if (n === 0) return true;
      const keep = first.select(sink.keys.map((k) => evalExpr(k, b)), n);
      if (keep === null) rows.add(b);
      else if (keep.length > 0) rows.add(b, keep);
      return true;
    },
    finish() {
      return byKey(sink, index, rows.batch());
    },
    abort() {},
  };
}

/** The rows of `b` (or its rows `pick`, in that order) stably sorted by key: each column gathered once, or cut into a run. */
function byKey(sink: Extract<Sink, { kind: 'groupHead' }>, index: number, b: Batch, pick?: Int32Array): CollectedRows | SortRun {
  const keys = sink.keys.map((k) => evalExpr(k, b));
  const perm = sortPermutation(pick ? keys.map((c) => takeColumn(c, pick)) : keys, sink.keys.map(() => false));
  const rows = pick ? perm.map((i) => pick[i]) : perm;
  const columns = sink.fields.map((f) => b.columns.get(f.name)!);
  if (sink.run) return singleRun(sink.fields, columns, keys, rows, sink.run, sink.run.ranges, `h${index}`);
  return { kind: 'collect', length: rows.length, columns: columns.map((c) => takeColumn(c, rows)) };
}

/**
 * The reduce side of `sort(by).groupBy(keys).head(n)`: its rows arrive unsorted (each map task
 * kept its first n per key, in input order: partition-sink.ts), so the first n of each key are
 * picked in the sort order here (kernels/group-top.ts), then sorted by key as above.
 */
function sortedGroupHeadSink(sink: Extract<Sink, { kind: 'groupHead' }>, order: { by: SortKey[]; nullsLast: boolean }, index: number): SinkRunner {
  const rows = new RowBuffer(sink.fields);
  const spec = { keyTypes: sink.keyTypes, keepNullKeys: sink.keepNullKeys, descending: order.by.map((s) => s.descending), nullsLast: order.nullsLast, n: sink.n };
  return {
    push(b) {
      rows.add(b);
      return true;
    },
    finish() {
      const b = rows.batch();
      return byKey(sink, index, b, groupTop(sink.keys.map((k) => evalExpr(k, b)), order.by.map((s) => evalExpr(s.expr, b)), b.length, spec));
    },
    abort() {},
  };
}
