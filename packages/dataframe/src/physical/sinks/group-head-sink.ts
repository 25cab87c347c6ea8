/**
 * The reduce side of `groupBy(keys).head(n)` and `unique`: of the rows it reads (in input
 * order: bucket i of every map task, in map order), keeps the first n of each key and returns
 * them sorted by key (stable, so a group's rows keep input order). With `order`, the first n
 * in a sort order instead (sort(by).groupBy(keys).head(n)).
 */
import { evalExpr } from '../../kernels/eval-expr.js';
import { GroupIndex } from '../../kernels/group-index.js';
import { sortPermutation, takeColumn } from '../../kernels/sort.js';
import type { Batch } from '../../kernels/batch.js';
import { groupTop } from '../../kernels/group-top.js';
import type { CollectedRows, Sink, SortKey } from '../pipeline-spec.js';
import { RowBuffer } from './row-buffer.js';
import type { SinkRunner } from './sink-runner.js';

export function groupHeadSink(sink: Extract<Sink, { kind: 'groupHead' }>): SinkRunner {
  if (sink.order) return sortedGroupHeadSink(sink, sink.order);
  const index = new GroupIndex(sink.keyTypes, sink.keepNullKeys);
  let seen = new Int32Array(1024);
  const rows = new RowBuffer(sink.fields);
  return {
    push(b) {
      const n = b.length;
      if (n === 0) return true;
      const gids = index.map(sink.keys.map((k) => evalExpr(k, b)), n);
      if (index.size > seen.length) { const s = new Int32Array(Math.max(index.size, seen.length * 2)); s.set(seen); seen = s; }
      const keep: number[] = [];
      for (let i = 0; i < n; i++) {
        const g = gids[i];
        if (g >= 0 && seen[g] < sink.n) { seen[g]++; keep.push(i); }
      }
      rows.add(b, Int32Array.from(keep));
      return true;
    },
    finish() {
      return byKey(sink, rows.batch());
    },
    abort() {},
  };
}

/** The rows of `b` (or its rows `pick`, in that order) stably sorted by key: each column gathered once. */
function byKey(sink: Extract<Sink, { kind: 'groupHead' }>, b: Batch, pick?: Int32Array): CollectedRows {
  const keys = sink.keys.map((k) => evalExpr(k, b));
  const perm = sortPermutation(pick ? keys.map((c) => takeColumn(c, pick)) : keys, sink.keys.map(() => false));
  const rows = pick ? perm.map((i) => pick[i]) : perm;
  return { kind: 'collect', length: rows.length, columns: sink.fields.map((f) => takeColumn(b.columns.get(f.name)!, rows)) };
}

/**
 * The reduce side of `sort(by).groupBy(keys).head(n)`: its rows arrive unsorted (each map task
 * kept its first n per key, in input order: partition-sink.ts), so the first n of each key are
 * picked in the sort order here (kernels/group-top.ts), then sorted by key as above.
 */
function sortedGroupHeadSink(sink: Extract<Sink, { kind: 'groupHead' }>, order: { by: SortKey[]; nullsLast: boolean }): SinkRunner {
  const rows = new RowBuffer(sink.fields);
  const spec = { keyTypes: sink.keyTypes, keepNullKeys: sink.keepNullKeys, descending: order.by.map((s) => s.descending), nullsLast: order.nullsLast, n: sink.n };
  return {
    push(b) {
      rows.add(b);
      return true;
    },
    finish() {
      const b = rows.batch();
      return byKey(sink, b, groupTop(sink.keys.map((k) => evalExpr(k, b)), order.by.map((s) => evalExpr(s.expr, b)), b.length, spec));
    },
    abort() {},
  };
}
