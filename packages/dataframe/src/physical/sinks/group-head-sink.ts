/**
 * The reduce side of `groupBy(keys).head(n)` and `unique`: of the rows it reads (in input
 * order: bucket i of every map task, in map order), keeps the first n of each key and returns
 * them sorted by key (stable, so a group's rows keep input order).
 */
import { evalExpr } from '../../kernels/eval-expr.js';
import { GroupIndex } from '../../kernels/group-index.js';
import { sortPermutation, takeColumn } from '../../kernels/sort.js';
import type { Sink } from '../pipeline-spec.js';
import { RowBuffer } from './row-buffer.js';
import type { SinkRunner } from './sink-runner.js';

export function groupHeadSink(sink: Extract<Sink, { kind: 'groupHead' }>): SinkRunner {
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
      const n = rows.length;
      const cols = rows.columns();
      const batch = { length: n, columns: new Map(sink.fields.map((f, k) => [f.name, cols[k]])) };
      const perm = sortPermutation(sink.keys.map((k) => evalExpr(k, batch)), sink.keys.map(() => false));
      return { kind: 'collect', length: n, columns: cols.map((c) => takeColumn(c, perm)) };
    },
    abort() {},
  };
}
