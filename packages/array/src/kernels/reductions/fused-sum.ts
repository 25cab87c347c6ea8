/**
 * sum/mean of `a op b` (float add/sub/mul/div) over every axis, without materializing `a op b`:
 * each element is combined and added in one pass, halving the memory traffic of `(x + x.T).mean()`.
 * Returns null when the expression is not of that shape (the caller then evaluates normally).
 */
import { broadcastShapes } from '../broadcast.js';
import { broadcastStrides, forEachRow, sizeOf, type Block } from '../block.js';
import type { BlockExpr } from '../block-expr.js';
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
  let total = 0;
  forEachRow(shape, [sa, sb], [a.offset, b.offset], (offs, n) => {
    let i = offs[0];
    let j = offs[1];
    let s = 0;
    if (op === 'add') for (let k = 0; k < n; k++, i += stepA, j += stepB) s += x[i] + y[j];
    else if (op === 'sub') for (let k = 0; k < n; k++, i += stepA, j += stepB) s += x[i] - y[j];
    else if (op === 'mul') for (let k = 0; k < n; k++, i += stepA, j += stepB) s += x[i] * y[j];
    else for (let k = 0; k < n; k++, i += stepA, j += stepB) s += x[i] / y[j];
    total += s;
  });
  const acc = Float64Array.of(total);
  return name === 'sum' ? { acc } : { sum: acc, count: sizeOf(shape) };
}
