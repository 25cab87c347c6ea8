/**
 * mean, median and quantile of timestamps and dates, as pandas, Polars and DuckDB give them: a
 * timestamp (the mean of 2024-01-02 and 2024-01-03 is 2024-01-02 12:00). The aggregate runs over
 * the values' milliseconds and its result is cast back; every other aggregate is left as it is.
 */
import { mapExpr, type ExprNode } from './expr-node.js';
import { typeOf } from './resolve.js';
import { isTemporal, type Schema } from '../types/dtype.js';

const AVERAGES: ReadonlySet<string> = new Set(['mean', 'median', 'quantile']);

export function temporalAverages(e: ExprNode, schema: Schema): ExprNode {
  return mapExpr(e, (n) => {
    if (n.kind !== 'agg' || !AVERAGES.has(n.fn) || n.arg.kind === 'wildcard' || n.arg2) return n;
    let t;
    try {
      t = typeOf(n.arg, schema);
    } catch {
      return n; // planning names what is wrong with the input
    }
    if (!isTemporal(t)) return n;
    const ms: ExprNode = { kind: 'cast', arg: t === 'date' ? { kind: 'cast', arg: n.arg, to: 'timestamp' } : n.arg, to: 'float64' };
    return { kind: 'cast', arg: { ...n, arg: ms }, to: 'timestamp' };
  });
}
