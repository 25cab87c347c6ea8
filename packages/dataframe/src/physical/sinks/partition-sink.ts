/**
 * The map side of a hash exchange: rows go to P buckets by the hash of their key columns,
 * keeping their order within a bucket; at the end each bucket is kept in memory or, past the
 * spill threshold, written as an Arrow IPC file. Bucket i of every map task feeds reduce task i.
 * With `top` (sort(by).groupBy(keys).head(n)), the task's rows are first cut to the first n of
 * each key in the sort order, so only those cross the exchange.
 */
import type { Batch } from '../../kernels/batch.js';
import { evalExpr } from '../../kernels/eval-expr.js';
import { groupTop } from '../../kernels/group-top.js';
import { bucketsOf, splitByBucket } from '../../kernels/hash-partition.js';
import { takeColumn } from '../../kernels/sort.js';
import type { Field } from '../../types/dtype.js';
import type { GroupTopSpec, Sink } from '../pipeline-spec.js';
import { keepOrSpill } from '../row-chunk.js';
import { RowBuffer } from './row-buffer.js';
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
  return {
    push(b) {
      if (top) top.push(b);
      else split(b);
      return true;
    },
    finish() {
      if (top) split(top.finish());
      return {
        kind: 'partitioned',
        buckets: buffers.map((buf, i) => keepOrSpill(sink.fields, buf.columns(), buf.length, sink.spill, `m${index}-b${i}`)),
      };
    },
    abort() {},
  };
}

/**
 * The rows of a task cut to the first n of each key in a sort order (GroupTopSpec): rows are
 * buffered and cut back whenever twice as many as the last cut kept (at least 1 M) are held;
 * the survivors stay in input order, so ties are still broken by it. A task's rows (one
 * partition) mostly fit under the first limit: with many keys a cut keeps most rows, and cutting
 * every 64 k rows sorted a partition's rows several times over (db-benchmark q8: 100 k keys).
 */
const CUT_ROWS = 1 << 20;

function groupTopBuffer(fields: readonly Field[], top: GroupTopSpec): { push(b: Batch): void; finish(): Batch } {
  let buf = new RowBuffer(fields);
  const first = top.cutRows ?? CUT_ROWS;
  let limit = first;
  const spec = { keyTypes: top.keyTypes, keepNullKeys: top.keepNullKeys, descending: top.by.map((s) => s.descending), nullsLast: top.nullsLast, n: top.n };
  const cut = (): Batch => {
    const n = buf.length;
    const cols = buf.columns();
    const batch: Batch = { length: n, columns: new Map(fields.map((f, k) => [f.name, cols[k]])) };
    const kept = groupTop(top.keys.map((k) => batch.columns.get(k)!), top.by.map((s) => evalExpr(s.expr, batch)), n, spec).slice().sort();
    return { length: kept.length, columns: new Map(fields.map((f, k) => [f.name, takeColumn(cols[k], kept)])) };
  };
  return {
    push(b) {
      buf.add(b);
      if (buf.length < limit) return;
      const kept = cut();
      buf = new RowBuffer(fields);
      buf.add(kept);
      limit = Math.max(first, 2 * kept.length);
    },
    finish: cut,
  };
}
