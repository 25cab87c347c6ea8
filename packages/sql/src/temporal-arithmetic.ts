/**
 * Arithmetic on dates and timestamps as DuckDB does it, built from floe's casts (a timestamp is
 * milliseconds since 1970, a date days): `x ± INTERVAL n unit` (a timestamp), `date ± n` (a date),
 * `date − date` (days), and date_diff(part, a, b) — the part boundaries between a and b (for
 * 'week', whole weeks of days). Months, quarters and years have no fixed length: an interval of
 * them is refused by name (date_diff counts them from the calendar fields).
 */
import type { DType, ExprNode } from '@floe/dataframe';
import type { SqlNode } from './sql-ast.js';
import { SqlError, type SqlPosition } from './sql-error.js';

/** Milliseconds of each fixed-length unit. */
const UNIT_MS: Record<string, number> = { microsecond: 0.001, millisecond: 1, second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 };
const CALENDAR_UNITS = new Set(['month', 'quarter', 'year', 'decade', 'century', 'millennium']);
const ALIASES: Record<string, string> = { us: 'microsecond', usec: 'microsecond', ms: 'millisecond', msec: 'millisecond', s: 'second', sec: 'second', m: 'minute', min: 'minute', h: 'hour', hr: 'hour', d: 'day', w: 'week', mon: 'month', y: 'year', yr: 'year' };

const lit = (value: number, dtype: DType): ExprNode => ({ kind: 'lit', value, dtype });
const bin = (op: 'add' | 'sub' | 'mul' | 'div', left: ExprNode, right: ExprNode): ExprNode => ({ kind: 'binary', op, left, right });
const cast = (arg: ExprNode, to: DType): ExprNode => ({ kind: 'cast', arg, to });
const dt = (arg: ExprNode, field: 'year' | 'month'): ExprNode => ({ kind: 'dt', arg, field });

/** A unit as written (`days`, `HOUR`, `min`) by its name, or null. */
export function unitOf(text: string): string | null {
  const t = text.trim().toLowerCase();
  const one = ALIASES[t] ?? (t.endsWith('s') && !(t in ALIASES) ? t.slice(0, -1) : t);
  const name = ALIASES[one] ?? one;
  return name in UNIT_MS || CALENDAR_UNITS.has(name) ? name : null;
}

/** Milliseconds of a unit of an INTERVAL; months and longer are refused (they have no fixed length). */
function fixedMs(name: string, at: SqlPosition | null): number {
  if (CALENDAR_UNITS.has(name)) throw new SqlError(`an INTERVAL of ${name}s is not supported yet (they have no fixed length); add days, or compare with a date literal`, at);
  return UNIT_MS[name];
}

/** Whether an INTERVAL's count is written as a number or text (`interval 1 day`, `interval '3 hours'`), not an expression (`interval (n) day`). */
export function literalInterval(n: SqlNode): boolean {
  const expr = n.expr as SqlNode;
  return expr.type === 'number' || expr.type === 'single_quote_string';
}

/** Milliseconds of one `unit` of an INTERVAL whose count is an expression (`interval (n) day`). */
export function unitMs(n: SqlNode, at: SqlPosition | null): number {
  const unit = String(n.unit ?? '');
  const name = unitOf(unit);
  if (name === null) throw new SqlError(`INTERVAL (…)${unit ? ` ${unit.toUpperCase()}` : ''} needs a unit after its count: INTERVAL (n) DAY; units: microsecond … week`, at);
  return fixedMs(name, at);
}

/** An INTERVAL node's length in milliseconds (`interval 1 day`, `interval '3 hours'`, `interval '1 day 2 hours'`): its count a literal (literalInterval). */
export function intervalMs(n: SqlNode, at: SqlPosition | null): number {
  const expr = n.expr as SqlNode;
  const unit = String(n.unit ?? '');
  const text = String(expr.value ?? '').trim();
  if (text === '') throw new SqlError('INTERVAL needs a count, e.g. INTERVAL 3 HOUR', at);
  const parts: [number, string][] = [];
  if (unit !== '') parts.push([Number(text), unit]);
  else for (const m of text.matchAll(/([+-]?\d+(?:\.\d+)?)\s*([a-z]+)/gi)) parts.push([Number(m[1]), m[2]]);
  if (parts.length === 0 || (unit === '' && text.replace(/([+-]?\d+(?:\.\d+)?)\s*([a-z]+)/gi, '').trim() !== '')) {
    throw new SqlError(`INTERVAL ${JSON.stringify(text)} is not an interval floe reads; write INTERVAL 3 HOUR or INTERVAL '1 day 2 hours'`, at);
  }
  let ms = 0;
  for (const [count, written] of parts) {
    const name = unitOf(written);
    if (!Number.isFinite(count) || name === null) throw new SqlError(`INTERVAL ${JSON.stringify(text)}${unit ? ` ${unit.toUpperCase()}` : ''} is not an interval floe reads; units: microsecond … week`, at);
    ms += count * fixedMs(name, at);
  }
  return ms;
}

/** x + ms (x a date or timestamp; ms a number of milliseconds or an expression of them): a timestamp, as DuckDB's date + interval is. */
export function plusMs(x: ExprNode, ms: number | ExprNode): ExprNode {
  return cast(bin('add', cast(cast(x, 'timestamp'), 'float64'), typeof ms === 'number' ? lit(ms, 'float64') : ms), 'timestamp');
}

/** date + n days: a date. */
export function plusDays(date: ExprNode, days: ExprNode): ExprNode {
  return cast(bin('add', cast(date, 'int64'), days), 'date');
}

/** a − b of two dates: days (int64). */
export function daysBetween(a: ExprNode, b: ExprNode): ExprNode {
  return bin('sub', cast(cast(a, 'date'), 'int64'), cast(cast(b, 'date'), 'int64'));
}

/** date_diff(part, a, b): the `part` boundaries from a to b (negative when b is before a). */
export function dateDiff(part: string, a: ExprNode, b: ExprNode, at: SqlPosition | null): ExprNode {
  const name = unitOf(part);
  const months = (x: ExprNode): ExprNode => bin('add', bin('mul', dt(x, 'year'), lit(12, 'int64')), dt(x, 'month'));
  const floorOf = (x: ExprNode, unitMs: number): ExprNode => cast({ kind: 'math', arg: bin('div', cast(cast(x, 'timestamp'), 'float64'), lit(unitMs, 'float64')), fn: 'floor', n: 0 }, 'int64');
  switch (name) {
    case 'year': return bin('sub', dt(b, 'year'), dt(a, 'year'));
    case 'month': return bin('sub', months(b), months(a));
    case 'quarter': {
      const quarters = (x: ExprNode): ExprNode => cast({ kind: 'math', arg: bin('div', bin('sub', months(x), lit(1, 'int64')), lit(3, 'int64')), fn: 'floor', n: 0 }, 'int64');
      return bin('sub', quarters(b), quarters(a));
    }
    case 'week': return cast(bin('div', daysBetween(b, a), lit(7, 'int64')), 'int64');
    case 'day': return daysBetween(b, a);
    case 'hour': case 'minute': case 'second': case 'millisecond':
      return bin('sub', floorOf(b, UNIT_MS[name]), floorOf(a, UNIT_MS[name]));
    case 'microsecond': {
      // the microseconds are the milliseconds' fraction: times 1000, rounded (a division by 0.001 rounded 1.5 ms down to 1499 µs)
      const micros = (x: ExprNode): ExprNode => cast({ kind: 'math', arg: bin('mul', cast(cast(x, 'timestamp'), 'float64'), lit(1000, 'float64')), fn: 'round', n: 0 }, 'int64');
      return bin('sub', micros(b), micros(a));
    }
    default:
      throw new SqlError(`date_diff('${part}', …) is not supported; parts: year, quarter, month, week, day, hour, minute, second, millisecond, microsecond`, at);
  }
}
