/**
 * The calendar parts floe has no field for, from the ones it has and the timestamp's
 * milliseconds (microseconds their fraction): quarter, dayofyear, and DuckDB's millisecond and
 * microsecond (those of the minute, seconds included: 44.123456 s gives 44123 and 44123456).
 * floe's mod is floored, so the parts are right before 1970 too.
 */
import type { ExprNode } from '@floe/dataframe';
import { dateTrunc } from './date-trunc.js';
import { MS_PER_DAY } from './literal.js';

const int = (value: number): ExprNode => ({ kind: 'lit', value, dtype: 'int64' });
const bin = (op: 'add' | 'sub' | 'mul' | 'div' | 'mod', left: ExprNode, right: ExprNode): ExprNode => ({ kind: 'binary', op, left, right });
const cast = (arg: ExprNode, to: 'int64' | 'float64' | 'timestamp'): ExprNode => ({ kind: 'cast', arg, to });

/** 1 to 4: (month + 2) less its remainder by 3, divided by 3 (exact). */
export function quarter(x: ExprNode): ExprNode {
  const m2 = bin('add', { kind: 'dt', arg: x, field: 'month' }, int(2));
  return cast(bin('div', bin('sub', m2, bin('mod', m2, int(3))), int(3)), 'int64');
}

/** 1 to 366: whole days from January 1st, plus one. */
export function dayOfYear(x: ExprNode): ExprNode {
  const days = bin('div', bin('sub', cast(dateTrunc('day', x, null), 'int64'), cast(dateTrunc('year', x, null), 'int64')), int(MS_PER_DAY));
  return bin('add', cast(days, 'int64'), int(1));
}

/** Milliseconds since the start of the minute. */
export function millisecond(x: ExprNode): ExprNode {
  return bin('mod', cast(cast(x, 'timestamp'), 'int64'), int(60_000));
}

/** Microseconds since the start of the minute: the milliseconds' and their fraction's (rounded to the microsecond it holds). */
export function microsecond(x: ExprNode): ExprNode {
  const ts = cast(x, 'timestamp');
  const fraction = bin('sub', cast(ts, 'float64'), cast(ts, 'int64'));
  const us = cast(bin('add', bin('mul', fraction, { kind: 'lit', value: 1000, dtype: 'float64' }), { kind: 'lit', value: 0.5, dtype: 'float64' }), 'int64');
  return bin('add', bin('mul', millisecond(x), int(1000)), us);
}
