/**
 * The map side of a hash exchange: rows go to P buckets by the hash of their key columns,
 * keeping their order within a bucket; at the end each bucket is kept in memory or, past the
 * spill threshold, written as an Arrow IPC file. Bucket i of every map task feeds reduce task i.
 * With `top` (sort(by).groupBy(keys).head(n)), the task's rows are first cut to the first n of
 * each key in the sort order, so only those cross the exchange; with `first` (unique,
 * groupBy(keys).head(n)), to the first n of each key in input order.
 */
import { takeRows, type Batch } from '../../kernels/batch.js';
import { evalExpr } from '../../kernels/eval-expr.js';
import { FirstPerKey } from '../../kernels/first-per-key.js';
import { groupTop } from '../../kernels/group-top.js';
import { GroupTopBound } from '../../kernels/group-top-bound.js';
import type { Column } from '../../kernels/column.js';
import { bucketsOf, splitByBucket } from '../../kernels/hash-partition.js';
import type { Field } from '../../types/dtype.js';
import type { GroupTopSpec, Sink } from '../pipeline-spec.js';
import { appendingTo } from '../../io/spill/spill-file.js';
import { keepOrSpill, spillPath } from '../row-chunk.js';
import { CutBuffer, RowBuffer } from './row-buffer.js';
import type { SinkRunner } from './sink-runner.js';

export function partitionSink(sink: Extract<Sink, { kind: 'partition' }>, index: number): SinkRunner {
  const buffers = Array.from({ length: sink.p }, () => new RowBuffer(sink.fields));
  const split = (b: Batch): void => {
    const n = b.length;
    if (n === 0) return;
    if (sink.p === 1) { buffers[0].add(b); return; }
    const rows = splitByBucket(bucketsOf(sink.keys.map((k) => b.columns.get(k)!), n, sink.p), n, sink.p);
    rows.forEach((r, i) => buffers[i].add(b, r));
  };
  const top = sink.top ? groupTopBuffer(sink.fields, sink.top) : null;
  const spec = sink.first;
  const first = spec ? new FirstPerKey(spec.keyTypes, spec.keepNullKeys, spec.n, spec.maxGroups) : null;
  return {
    push(b) {
      if (top) top.add(b);
      else if (first !== null && b.length > 0) {
        const keep = first.select(spec!.keys.map((k) => b.columns.get(k)!), b.length);
        split(keep === null ? b : takeRows(b, keep));
      } else split(b);
      return true;
    },
    finish() {
      if (top) split(top.finish());
      // the buckets spilled go into one file
      const buckets = appendingTo(spillPath(sink.spill, `m${index}`), (into) => buffers.map((buf, i) => keepOrSpill(sink.fields, buf.columns(), buf.length, sink.spill, `m${index}-b${i}`, undefined, into)));
      return { kind: 'partitioned', buckets };
    },
    abort() {},
  };
}

/**
 * The rows of a task cut to the first n of each key in a sort order (GroupTopSpec), in input
 * order, so ties are still broken by it. With one column to sort by, each batch's rows are first
 * checked against the values of the rows before them (GroupTopBound): only those that may still
 * count are buffered.
 */
function groupTopBuffer(fields: readonly Field[], top: GroupTopSpec): { add(b: Batch): void; finish(): Batch } {
  const spec = { keyTypes: top.keyTypes, keepNullKeys: top.keepNullKeys, descending: top.by.map((s) => s.descending), nullsLast: top.nullsLast, n: top.n };
  const keysOf = (b: Batch): Column[] => top.keys.map((k) => b.columns.get(k)!);
  const bound = top.by.length === 1 ? new GroupTopBound(spec, top.cutRows) : null;
  const buffer = new CutBuffer(fields, top.cutRows, (b) => takeRows(b, groupTop(keysOf(b), top.by.map((s) => evalExpr(s.expr, b)), b.length, spec, true)));
  return {
    add(b) {
      const rows = bound === null ? null : bound.select(keysOf(b), evalExpr(top.by[0].expr, b), b.length);
      if (rows === null) buffer.add(b);
      else if (rows.length > 0) buffer.add(b, rows);
    },
    finish: () => buffer.finish(),
  };
}
