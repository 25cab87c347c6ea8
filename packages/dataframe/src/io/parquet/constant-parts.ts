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
  const out: number[] = [];
  for (const part of c.parts) {
    const unit = unitOf(ms(lo), part);
    if (unit !== unitOf(ms(hi), part)) return null;
    out.push(fieldOf(part, unit, c.dtype, lo));
  }
  return out;
}

/**
 * The field's value in a unit (the year 2021's `year`, a day's `weekday`, …), by dtField as the
 * scan would compute it, remembered: the driver judges every row group while planning, and
 * dtField on a column of two values cost ~40 µs a group before the code warmed (DuckDB's 1 GB
 * seed file: 233 row groups, 9 ms before the first task), where consecutive groups mostly share
 * their year or day.
 */
function fieldOf(part: DtField, unit: number, dtype: DType, v: number): number {
  const key = `${dtype} ${part} ${unit}`;
  let value = fields.get(key);
  if (value === undefined) {
    const one: Column = { dtype, length: 1, values: dtype === 'date' ? Int32Array.of(v) : Float64Array.of(v), valid: null };
    value = dtField(one, part, 1).values[0] as number;
    if (fields.size >= 4096) fields.clear();
    fields.set(key, value);
  }
  return value;
}

const fields = new Map<string, number>();

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
