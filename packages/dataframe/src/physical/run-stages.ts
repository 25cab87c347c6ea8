/** Applies filter and projection stages to a batch (in a worker, per batch). */
import type { Batch } from '../kernels/batch.js';
import { filterColumn, type Column } from '../kernels/column.js';
import { evalExpr } from '../kernels/eval-expr.js';
import { outputName } from '../plan/expr-node.js';
import type { Stage } from './pipeline-spec.js';

export function runStages(stages: readonly Stage[], batch: Batch): Batch {
  let b = batch;
  for (const st of stages) {
    if (b.length === 0) return b;
    b = st.kind === 'filter' ? applyFilter(st.predicate, b) : applyProject(st, b);
  }
  return b;
}

function applyFilter(predicate: Parameters<typeof evalExpr>[0], b: Batch): Batch {
  const cond = evalExpr(predicate, b);
  const mask = cond.values as Uint8Array;
  const n = b.length;
  let count = 0;
  if (cond.valid) {
    const m = new Uint8Array(n);
    for (let i = 0; i < n; i++) { m[i] = mask[i] & cond.valid[i]; count += m[i]; }
    return compact(b, m, count);
  }
  for (let i = 0; i < n; i++) count += mask[i];
  return count === n ? b : compact(b, mask, count);
}

function compact(b: Batch, mask: Uint8Array, count: number): Batch {
  const cols = new Map<string, Column>();
  for (const [name, c] of b.columns) cols.set(name, filterColumn(c, mask, count));
  return { length: count, columns: cols };
}

function applyProject(st: Extract<Stage, { kind: 'project' }>, b: Batch): Batch {
  const cols = st.mode === 'with' ? new Map(b.columns) : new Map<string, Column>();
  for (const e of st.exprs) cols.set(outputName(e), evalExpr(e, b));
  return { length: b.length, columns: cols };
}
