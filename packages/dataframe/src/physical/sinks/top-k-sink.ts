/**
 * Keeps the first k rows of a task in sort order (a top-k: `sort(...).head(k)` never sorts
 * everything). Rows are buffered until 2k (at least 64k) are held, then cut back to the best k;
 * ties keep input order, so the driver's final cut over every task's k rows is stable.
 */
import type { Batch } from '../../kernels/batch.js';
import { evalExpr } from '../../kernels/eval-expr.js';
import { sortPermutation, takeColumn } from '../../kernels/sort.js';
import type { Column } from '../../kernels/column.js';
import type { Sink } from '../pipeline-spec.js';
import { RowBuffer } from './row-buffer.js';
import type { SinkRunner } from './sink-runner.js';

export function topKSink(sink: Extract<Sink, { kind: 'topk' }>): SinkRunner {
  let buf = new RowBuffer(sink.fields);
  const limit = Math.max(2 * sink.k, 65_536);
  const cut = (): { length: number; columns: Column[] } => {
    const n = buf.length;
    const cols = buf.columns();
    const batch: Batch = { length: n, columns: new Map(sink.fields.map((f, k) => [f.name, cols[k]])) };
    const perm = sortPermutation(sink.by.map((s) => evalExpr(s.expr, batch)), sink.by.map((s) => s.descending), sink.nullsLast).subarray(0, Math.min(n, sink.k));
    return { length: perm.length, columns: cols.map((c) => takeColumn(c, perm)) };
  };
  return {
    push(b) {
      buf.add(b);
      if (buf.length >= limit) {
        const kept = cut();
        buf = new RowBuffer(sink.fields);
        buf.add({ length: kept.length, columns: new Map(sink.fields.map((f, k) => [f.name, kept.columns[k]])) });
      }
      return true;
    },
    finish() {
      const kept = cut();
      return { kind: 'collect', length: kept.length, columns: kept.columns };
    },
    abort() {},
  };
}
