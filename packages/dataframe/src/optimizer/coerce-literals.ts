/**
 * Lets users compare temporal columns with ISO strings — `col('Date').gte('2015-01-01')`,
 * `col('Date').isIn(['2015-01-01'])` — by turning such string literals into timestamp (or date)
 * literals once, at planning time.
 */
import { MS_PER_DAY } from '../kernels/civil-time.js';
import { parseTimestampText } from '../io/csv/parse-timestamp.js';
import { mapExpr, type ExprNode } from '../plan/expr-node.js';
import { mapInputs, mapNodeExprs, type LogicalPlan } from '../plan/logical-plan.js';
import { schemaOf, typeOf } from '../plan/resolve.js';
import type { Schema } from '../types/dtype.js';
import type { OptimizerRule } from './optimizer-rule.js';

const COMPARE = new Set(['eq', 'neq', 'lt', 'lte', 'gt', 'gte']);

/** The literal as milliseconds, if it is an ISO date/time string; else null. */
export function isoLiteralMs(e: ExprNode): number | null {
  if (e.kind !== 'lit' || typeof e.value !== 'string') return null;
  const ms = parseTimestampText(e.value.trim());
  return Number.isNaN(ms) ? null : ms;
}

export function coerceExpr(e: ExprNode, schema: Schema): ExprNode {
  // `side` compared with `other`: an ISO string becomes the other side's temporal type (the
  // type check has already refused a non-ISO string against a timestamp or date)
  const fix = (side: ExprNode, other: ExprNode): ExprNode => {
    const t = typeOf(other, schema);
    if (t !== 'timestamp' && t !== 'date') return side;
    const ms = isoLiteralMs(side);
    if (ms === null) return side;
    return t === 'timestamp' ? { kind: 'lit', value: ms, dtype: 'timestamp' } : { kind: 'lit', value: Math.floor(ms / MS_PER_DAY), dtype: 'date' };
  };
  // a date against a time of day ('1960-01-01T12:00') or a timestamp (a Date, a timestamp column):
  // compared as the date's midnight — the literal floored to its day made gte('…T12:00') take
  // that day's rows, and a Date against a date column was a type error
  const widen = (side: ExprNode, other: ExprNode): ExprNode => (typeOf(side, schema) === 'date' && (hasTimeOfDay(other) || typeOf(other, schema) === 'timestamp') ? { kind: 'cast', arg: side, to: 'timestamp' } : side);
  return mapExpr(e, (n) => {
    if (n.kind === 'isIn') {
      const timed = n.values.find((v) => hasTimeOfDay(v) || typeOf(v, schema) === 'timestamp');
      const arg = timed ? widen(n.arg, timed) : n.arg;
      return { ...n, arg, values: n.values.map((v) => widen(fix(v, arg), arg)) };
    }
    if (n.kind !== 'binary' || !COMPARE.has(n.op)) return n;
    const left = widen(n.left, n.right);
    const right = widen(n.right, n.left);
    return { ...n, left: fix(left, right), right: fix(right, left) };
  });
}

/** An ISO literal with a time of day or a zone that is not a whole day's midnight. */
function hasTimeOfDay(e: ExprNode): boolean {
  const ms = isoLiteralMs(e);
  return ms !== null && ms % MS_PER_DAY !== 0;
}

// every expression of every node: sort keys, group keys and aggregates too (a date against a
// Date there compared days with milliseconds); the input's schema resolved once a node
function rewrite(plan: LogicalPlan): LogicalPlan {
  let schema: Schema | null = null;
  return mapNodeExprs(mapInputs(plan, rewrite), (e, input) => coerceExpr(e, (schema ??= schemaOf(input))));
}

export const coerceLiterals: OptimizerRule = { name: 'coerce-literals', rewrite };
