/**
 * The registry of reductions: one line per aggregate function. Adding an aggregate is a file
 * in this folder, a line here and its name in plan/expr-node.ts's AggFn (the Record type makes
 * a missing line a compile error).
 */
import type { AggFn } from '../../plan/expr-node.js';
import { corr } from './corr.js';
import { count } from './count.js';
import { first, last } from './first-last.js';
import { mean } from './mean.js';
import { median, quantile } from './median-quantile.js';
import { max, min } from './min-max.js';
import { nUnique } from './n-unique.js';
import type { Reduction } from './reduction.js';
import { size } from './size.js';
import { sum } from './sum.js';
import { std, variance } from './var-std.js';
import { stringAgg } from './string-agg.js';

export type { AggSpec, Reduction } from './reduction.js';

/** State types differ per reduction; callers hold them opaquely and hand them back. */
export type AnyReduction = Reduction<object>;

export const REDUCTIONS: Readonly<Record<AggFn, AnyReduction>> = {
  sum,
  mean,
  count,
  size,
  min,
  max,
  var: variance,
  std,
  nUnique,
  median,
  quantile,
  first,
  last,
  corr,
  stringAgg,
};

export function reductionFor(fn: AggFn): AnyReduction {
  const r = REDUCTIONS[fn];
  if (!r) throw new Error(`internal: no reduction for aggregate ${JSON.stringify(fn)}`);
  return r;
}
