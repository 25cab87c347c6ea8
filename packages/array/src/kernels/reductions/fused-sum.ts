/**
 * sum/mean of `a op b` (float add/sub/mul/div) over every axis, without materializing `a op b`:
 * each element is combined and added in one pass, halving the memory traffic of `(x + x.T).mean()`.
 * Sums pairwise, as foldFloatSum does (rows halved down to runs, row totals in a tree).
 * Returns null when the expression is not of that shape (the caller then evaluates normally).
 */
import { broadcastShapes } from '../broadcast.js';
import { broadcastStrides, forEachRow, sizeOf, type Block } from '../block.js';
import type { BlockExpr } from '../block-expr.js';
import { PairwiseSum, RUN, sumUnrolled } from './pairwise-sum.js';
import type { State } from './reduction.js';

type Eval = (e: BlockExpr) => Block;

const OPS = new Set(['add', 'sub', 'mul', 'div']);

export function fusedSum(name: string, expr: BlockExpr, cells: number, evaluate: Eval): State | null {
  if ((name !== 'sum' && name !== 'mean') || cells !== 1 || expr.k !== 'binary' || !OPS.has(expr.op)) return null;
  const a = evaluate(expr.a);
  const b = evaluate(expr.b);
  if (a.dtype !== 'float64' || b.dtype !== 'float64') return null;
  const shape = broadcastShapes(a.shape, b.shape);
  const sa = broadcastStrides(a, shape);
  const sb = broadcastStrides(b, shape);
  const last = shape.length - 1;
  const stepA = last >= 0 ? sa[last] : 0;
  const stepB = last >= 0 ? sb[last] : 0;
  const x = a.data as Float64Array;
  const y = b.data as Float64Array;
  const op = expr.op;
  const tree = new PairwiseSum();
  const run = new Float64Array(RUN);
  forEachRow(shape, [sa, sb], [a.offset, b.offset], (offs, n) => tree.add(fusedRow(op, x, offs[0], stepA, y, offs[1], stepB, n, run)));
  const total = tree.total();
  const acc = Float64Array.of(total);
  return name === 'sum' ? { acc } : { sum: acc, count: sizeOf(shape) };
}

/**
 * The sum of `x[i] op y[j]` over a row, pairwise as sumRow: halves down to runs of RUN, each run
 * combined into `run` (scratch of RUN values) and added as NumPy adds a run.
 */
function fusedRow(op: string, x: Float64Array, i: number, sa: number, y: Float64Array, j: number, sb: number, n: number, run: Float64Array): number {
  if (n > RUN) {
    let half = Math.floor(n / 2);
    half -= half % 8;
    return fusedRow(op, x, i, sa, y, j, sb, half, run) + fusedRow(op, x, i + half * sa, sa, y, j + half * sb, sb, n - half, run);
  }
  if (op === 'add') for (let k = 0; k < n; k++, i += sa, j += sb) run[k] = x[i] + y[j];
  else if (op === 'sub') for (let k = 0; k < n; k++, i += sa, j += sb) run[k] = x[i] - y[j];
  else if (op === 'mul') for (let k = 0; k < n; k++, i += sa, j += sb) run[k] = x[i] * y[j];
  else for (let k = 0; k < n; k++, i += sa, j += sb) run[k] = x[i] / y[j];
  return sumUnrolled(run, 0, 1, n);
}
