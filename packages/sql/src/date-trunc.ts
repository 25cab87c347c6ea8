/**
 * date_trunc(unit, x) as floe expressions over milliseconds: the start of x's second, minute,
 * hour, day, week (Monday), month, quarter or year, as a timestamp (like DuckDB and
 * PostgreSQL). floe's mod is floored, so `ms - ms mod unit` is right before 1970 too; month and
 * year starts step back by the day of the month and the days before the month (leap years
 * counted).
 */
import type { ExprNode } from '@floe/dataframe';
import { MS_PER_DAY } from './literal.js';
import { SqlError, type SqlPosition } from './sql-error.js';

const UNITS: Record<string, number> = { second: 1000, minute: 60_000, hour: 3_600_000, day: MS_PER_DAY };
/** Days before each month in a common year, and before each quarter. */
const BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const BEFORE_QUARTER = [0, 90, 181, 273];

const int = (value: number): ExprNode => ({ kind: 'lit', value, dtype: 'int64' });
const bin = (op: 'add' | 'sub' | 'mul' | 'mod' | 'eq' | 'neq' | 'lte' | 'gt' | 'and' | 'or', left: ExprNode, right: ExprNode): ExprNode => ({ kind: 'binary', op, left, right });
const when = (cond: ExprNode, value: ExprNode, otherwise: ExprNode): ExprNode => ({ kind: 'when', cond, value, otherwise });

export function dateTrunc(unit: string, x: ExprNode, at: SqlPosition | null): ExprNode {
  const ts: ExprNode = { kind: 'cast', arg: x, to: 'timestamp' };
  const ms: ExprNode = { kind: 'cast', arg: ts, to: 'int64' };
  const field = (f: 'year' | 'month' | 'day' | 'weekday'): ExprNode => ({ kind: 'dt', arg: ts, field: f });
  const toTimestamp = (e: ExprNode): ExprNode => ({ kind: 'cast', arg: e, to: 'timestamp' });
  const u = unit.toLowerCase();
  const dayStart = bin('sub', ms, bin('mod', ms, int(MS_PER_DAY)));
  if (u in UNITS) return toTimestamp(bin('sub', ms, bin('mod', ms, int(UNITS[u]))));
  if (u === 'week') return toTimestamp(bin('sub', dayStart, bin('mul', field('weekday'), int(MS_PER_DAY))));
  const monthStart = bin('sub', dayStart, bin('mul', bin('sub', field('day'), int(1)), int(MS_PER_DAY)));
  if (u === 'month') return toTimestamp(monthStart);
  const y = field('year');
  const m = field('month');
  const leap = bin('or', bin('and', bin('eq', bin('mod', y, int(4)), int(0)), bin('neq', bin('mod', y, int(100)), int(0))), bin('eq', bin('mod', y, int(400)), int(0)));
  const table = (starts: number[], first: (k: number) => number): ExprNode =>
    starts.reduceRight<ExprNode>((acc, days, k) => (k === starts.length - 1 ? int(days) : when(bin('lte', m, int(first(k))), int(days), acc)), int(0));
  // days from January 1st to the first day of this month (or of this quarter's first month)
  const beforeMonth = bin('add', table(BEFORE_MONTH, (k) => k + 1), when(bin('and', bin('gt', m, int(2)), leap), int(1), int(0)));
  const yearStart = bin('sub', monthStart, bin('mul', beforeMonth, int(MS_PER_DAY)));
  if (u === 'year') return toTimestamp(yearStart);
  if (u === 'quarter') {
    const beforeQuarter = bin('add', table(BEFORE_QUARTER, (k) => 3 * (k + 1)), when(bin('and', bin('gt', m, int(3)), leap), int(1), int(0)));
    return toTimestamp(bin('add', yearStart, bin('mul', beforeQuarter, int(MS_PER_DAY))));
  }
  throw unitError(unit, at);
}

/** Refuses a unit date_trunc has not, before its argument is looked at. */
export function checkDateTruncUnit(unit: string, at: SqlPosition | null): void {
  if (!['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'].includes(unit.toLowerCase())) throw unitError(unit, at);
}

function unitError(unit: string, at: SqlPosition | null): SqlError {
  return new SqlError(`date_trunc('${unit}', …) is not supported; units: second, minute, hour, day, week, month, quarter, year`, at);
}
