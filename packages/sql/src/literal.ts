/**
 * SQL literals and bound values as floe literal nodes: numbers, strings ('it''s'), booleans,
 * null, `date '2024-01-01'`, `timestamp '2024-01-01 10:00:00'`, and `$n` values bound by sql``.
 */
import type { ExprNode } from '@floe/dataframe';
import { SqlError, UnconvertibleLiteral, type SqlPosition } from './sql-error.js';
import { isoMs } from './iso-time.js';

export const MS_PER_DAY = 86_400_000;

/**
 * A number as the parser gives it (a number, or the digits of one too large for it). An integer
 * beyond 2^53 is refused, as lit() and the CLI's --where refuse it: a double would round it
 * (`where big = 9007199254740993` matched 9007199254740992), and int64 columns themselves are exact.
 */
export function numberLiteral(v: unknown, at: SqlPosition | null = null): ExprNode {
  const x = typeof v === 'number' ? v : Number(v);
  const integer = Number.isInteger(x) && !/[.eE]/.test(String(v));
  if (integer && !Number.isSafeInteger(x)) throw new SqlError(`the integer ${String(v)} is beyond 2^53, where a literal would be rounded; floe's literals are exact up to ${Number.MAX_SAFE_INTEGER} (int64 columns, sums and comparisons between columns are exact to 2^63)`, at);
  return { kind: 'lit', value: x, dtype: integer ? 'int64' : 'float64' };
}

export function stringLiteral(raw: string): ExprNode {
  return { kind: 'lit', value: raw.replace(/''/g, "'"), dtype: null };
}

/** `date '…'` / `timestamp '…'`: milliseconds since the epoch (UTC, microseconds as the fraction), or an error naming the text. */
export function temporalMs(text: string, kind: 'date' | 'timestamp', at: SqlPosition | null): number {
  const ms = isoMs(text.trim());
  if (ms === null || Number.isNaN(ms)) throw new UnconvertibleLiteral(`${kind} literal '${text}' is not ${ms === null ? `an ISO ${kind === 'date' ? 'date (YYYY-MM-DD)' : 'timestamp (YYYY-MM-DD HH:MM:SS[.ffffff])'}` : `a valid ${kind} (no such day or time)`}`, at);
  return ms;
}

export function temporalLiteral(text: string, kind: 'date' | 'timestamp', at: SqlPosition | null): ExprNode {
  const ms = temporalMs(text, kind, at);
  return kind === 'date' ? { kind: 'lit', value: Math.floor(ms / MS_PER_DAY), dtype: 'date' } : { kind: 'lit', value: ms, dtype: 'timestamp' };
}

/** A value bound by position (`$1`): numbers, strings, booleans, bigints within 2^53, Dates and null. */
export function boundLiteral(params: readonly unknown[], index: number, at: SqlPosition | null): ExprNode {
  if (!(index >= 1 && index <= params.length)) throw new SqlError(`$${index} has no bound value (${params.length} value(s) given)`, at);
  const v = params[index - 1];
  if (v === null || v === undefined) return { kind: 'lit', value: null, dtype: null };
  if (typeof v === 'number') return { kind: 'lit', value: v, dtype: Number.isInteger(v) ? 'int64' : 'float64' };
  if (typeof v === 'string' || typeof v === 'boolean') return { kind: 'lit', value: v, dtype: null };
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw new SqlError(`bound value $${index} (${v}) is beyond 2^53`, at);
    return { kind: 'lit', value: Number(v), dtype: 'int64' };
  }
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new SqlError(`bound value $${index} is an invalid Date`, at);
    return { kind: 'lit', value: v.getTime(), dtype: 'timestamp' };
  }
  throw new SqlError(`bound value $${index} is ${Array.isArray(v) ? 'an array' : `a ${typeof v}`}; bind numbers, strings, booleans, bigints, Dates or null (a DataFrame becomes a table)`, at);
}
