/**
 * Row-group pruning: whether a row group may hold a row the predicate keeps, judged from its
 * columns' min/max statistics. Answers "maybe" whenever it cannot prove "no" (a missing
 * statistic, an expression it does not understand, values it cannot order the way Parquet
 * does), so pruning never changes a result; the filter still runs on every row read.
 */
import type { ExprNode } from '../../plan/expr-node.js';
import type { DType } from '../../types/dtype.js';

export type StatValue = number | bigint | string | boolean;

export interface ColumnStats {
  dtype: DType;
  min: StatValue | null;
  max: StatValue | null;
  nullCount: number | null;
  rows: number;
}

const FLIP: Record<string, string> = { lt: 'gt', lte: 'gte', gt: 'lt', gte: 'lte', eq: 'eq' };

export function mayMatch(e: ExprNode, stats: (column: string) => ColumnStats | null): boolean {
  if (e.kind === 'binary') {
    if (e.op === 'and') return mayMatch(e.left, stats) && mayMatch(e.right, stats);
    if (e.op === 'or') return mayMatch(e.left, stats) || mayMatch(e.right, stats);
    if (!(e.op in FLIP)) return true;
    const [c, l, op] = e.left.kind === 'col' && e.right.kind === 'lit' ? [e.left, e.right, e.op]
      : e.right.kind === 'col' && e.left.kind === 'lit' ? [e.right, e.left, FLIP[e.op]] : [null, null, ''];
    if (!c || !l || l.value === null) return true;
    const s = stats(c.name);
    if (!s) return true;
    // every value null: a comparison keeps none
    if (s.nullCount !== null && s.nullCount === s.rows) return false;
    const lo = s.min === null ? null : order(s.min, l.value, s.dtype, l.dtype);
    const hi = s.max === null ? null : order(s.max, l.value, s.dtype, l.dtype);
    if (lo === null || hi === null) return true;
    switch (op) {
      case 'eq': return lo <= 0 && hi >= 0;
      case 'lt': return lo < 0;
      case 'lte': return lo <= 0;
      case 'gt': return hi > 0;
      case 'gte': return hi >= 0;
    }
  }
  return true;
}

/** Sign of stat − literal, or null when they cannot be ordered safely. */
function order(stat: StatValue, lit: number | string | boolean, dtype: DType, litType: DType | null): number | null {
  if (dtype === 'int64' || dtype === 'float64' || ((dtype === 'timestamp' || dtype === 'date') && litType === dtype)) {
    if (typeof lit !== 'number' || Number.isNaN(lit)) return null;
    if (typeof stat === 'bigint') {
      if (Number.isInteger(lit)) { const d = stat - BigInt(lit); return d < 0n ? -1 : d > 0n ? 1 : 0; }
      return Math.sign(Number(stat) - lit);
    }
    if (typeof stat !== 'number' || Number.isNaN(stat)) return null;
    return Math.sign(stat - lit);
  }
  // Parquet orders strings by UTF-8 bytes; JS by UTF-16 units: the same for ASCII
  if (dtype === 'string' && typeof lit === 'string' && typeof stat === 'string' && isAscii(lit) && isAscii(stat)) {
    return stat < lit ? -1 : stat > lit ? 1 : 0;
  }
  return null;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}
