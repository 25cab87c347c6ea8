/**
 * Keeps the first k rows of a task in sort order (a top-k: `sort(...).head(k)` never sorts
 * everything). Rows are buffered until 2k (at least 64k) are held, then cut back to the best k;
 * ties keep input order, so the driver's final cut over every task's k rows is stable.
 */
import { takeRows } from '../../kernels/batch.js';
import { evalExpr } from '../../kernels/eval-expr.js';
import { sortPermutation } from '../../kernels/sort.js';
import type { Sink } from '../pipeline-spec.js';
import { CutBuffer } from './row-buffer.js';
import type { SinkRunner } from './sink-runner.js';

export function topKSink(sink: Extract<Sink, { kind: 'topk' }>): SinkRunner {
  // a cut keeps k rows, so the limit stays at 2k (at least 64 k)
  const rows = new CutBuffer(sink.fields, Math.max(2 * sink.k, 65_536), (b) => {
    const perm = sortPermutation(sink.by.map((s) => evalExpr(s.expr, b)), sink.by.map((s) => s.descending), sink.nullsLast).subarray(0, Math.min(b.length, sink.k));
    return takeRows(b, perm);
  });
  return {
    push(b) {
      rows.add(b);
      return true;
    },
    finish() {
      const kept = rows.finish();
      return { kind: 'collect', length: kept.length, columns: sink.fields.map((f) => kept.columns.get(f.name)!) };
    },
    abort() {},
  };
}
