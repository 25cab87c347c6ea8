/**
 * The calendar fields (`year`, `month`, …) a row group's min/max statistics settle: when its
 * timestamps all fall in one year, the scan fills `t::year` with it and never reads the column
 * (dt-field pushdown, parquet-source.ts). Judged on the driver while planning; the partition
 * carries the answer to the worker.
 */
import type { Column } from '../../kernels/column.js';
import { civilFromDays, MS_PER_DAY } from '../../kernels/civil-time.js';
import { dtField } from '../../kernels/eval-expr.js';
import type { DtField } from '../../plan/expr-node.js';
import type { DType } from '../../types/dtype.js';
import type { StatValue } from './prune.js';

/** A timestamp or date column whose calendar fields a scan emits instead of it. */
export interface CalendarParts {
  name: string;
  dtype: DType;
  parts: DtField[];
}

/**
 * The calendar fields of a row group's column when its min/max statistics prove each is one
 * value for all its rows (min and max in the same year for `year`, the same month of it for
 * `month`, the same day for `day`, …, and no nulls), else null. Only INT64 timestamps and INT32
 * dates: INT96 statistics have no defined order.
 */
export function constantParts(c: CalendarParts, physical: string | undefined, stats: { min: StatValue | null; max: StatValue | null; nullCount: number | null } | undefined): number[] | null {
  if ((physical !== 'INT64' && physical !== 'INT32') || !stats || stats.nullCount !== 0) return null;
  const lo = stats.min;
  const hi = stats.max;
  if (typeof lo !== 'number' || typeof hi !== 'number' || !Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  const ms = (v: number): number => (c.dtype === 'date' ? v * MS_PER_DAY : v);
  const ends: Column = { dtype: c.dtype, length: 2, values: c.dtype === 'date' ? Int32Array.of(lo, hi) : Float64Array.of(lo, hi), valid: null };
  const out: number[] = [];
  for (const part of c.parts) {
    if (unitOf(ms(lo), part) !== unitOf(ms(hi), part)) return null;
    out.push(dtField(ends, part, 2).values[0] as number);
  }
  return out;
}

const ymd = new Int32Array(3);

/** The calendar unit a field is constant within, numbered: the year, the month (of its year), the day, the hour, … */
function unitOf(ms: number, part: DtField): number {
  const days = Math.floor(ms / MS_PER_DAY);
  switch (part) {
    case 'year': civilFromDays(days, ymd); return ymd[0];
    case 'month': civilFromDays(days, ymd); return ymd[0] * 12 + ymd[1];
    case 'day': case 'date': case 'weekday': return days;
    case 'hour': return Math.floor(ms / 3_600_000);
    case 'minute': return Math.floor(ms / 60_000);
    case 'second': return Math.floor(ms / 1000);
  }
}
