/**
 * `df.describe()`: summary statistics in the pandas/Polars layout — a `statistic` column (count,
 * nulls, mean, std, min, the percentiles, max) and one column per input column. Numeric input
 * columns (int64, float64, bool) give float64 columns; string, timestamp and date columns give
 * string columns (timestamps as `2010-01-01 00:00:00`, dates as `2010-01-01`), as Polars does.
 *
 * Two passes: one whole-frame aggregate for count/nulls/mean/std/min/max (constant memory), and,
 * for the percentiles, the numeric and temporal columns as float64 in memory, sorted per column.
 * The percentiles are exact (linear interpolation between the two nearest values, pandas'
 * default); the second pass is refused before it starts if those values would not fit `maxBytes`
 * (by default the query's memory budget).
 */
import { describeValue } from './check-options.js';
import { col, type Expr } from './expr.js';
import type { DataFrame } from './dataframe.js';
import type { ComputeOptions } from '../physical/execute.js';
import { memoryBudget } from '../physical/memory-budget.js';
import { Table } from '../table/table.js';
import { valueAt, type Column } from '../kernels/column.js';
import { formatDate, formatTimestamp, MS_PER_DAY } from '../kernels/civil-time.js';
import { isNumeric, isTemporal, type DType, type Field } from '../types/dtype.js';

export interface DescribeOptions {
  /** Percentiles to show, in [0, 1] (default [0.25, 0.5, 0.75]; [] skips the second pass). */
  percentiles?: number[];
  /** Most bytes the exact percentiles may hold in memory (default: the query's memory budget, `memoryLimit`). */
  maxBytes?: number;
}

const ROWS = '#rows';

type Stat = number | string | null;

export async function describeFrame(df: DataFrame, options: DescribeOptions & ComputeOptions): Promise<Table> {
  const { percentiles: given = [0.25, 0.5, 0.75], maxBytes = memoryBudget(options.memoryLimit), ...opts } = options;
  if (!Array.isArray(given)) throw new TypeError(`describe(): percentiles must be an array of numbers in [0, 1], got ${String(given)}`);
  for (const p of given) if (!(typeof p === 'number' && p >= 0 && p <= 1)) throw new (typeof p === 'number' ? RangeError : TypeError)(`describe(): percentiles must be numbers in [0, 1], got ${describeValue(p)}`);
  // in increasing order, each once (as pandas: it sorts them and refuses a repeat; one row showed twice)
  const percentiles = [...given].sort((a, b) => a - b);
  const twice = percentiles.find((p, i) => i > 0 && p === percentiles[i - 1]);
  if (twice !== undefined) throw new RangeError(`describe(): percentiles cannot hold a value twice, got ${twice} twice`);
  const schema = df.schema;
  if (schema.length === 0) throw new TypeError('describe(): the frame has no columns');
  const first = await df.agg(statistics(schema)).compute(opts);
  const get = (name: string): number | string | boolean | bigint | null => {
    const k = first.schema.findIndex((f) => f.name === name);
    return k < 0 ? null : valueAt(first.columns[k], 0);
  };
  const rows = Number(get(ROWS));
  const ranked = schema.map((f, i) => (isNumeric(f.dtype) || isTemporal(f.dtype) ? i : -1)).filter((i) => i >= 0);
  const quantiles = new Map<number, (number | null)[]>();
  if (percentiles.length > 0 && ranked.length > 0 && rows > 0) {
    // 8 bytes a value + 1 of validity, twice: the partitions' parts and their concatenation
    const bytes = rows * ranked.length * 18;
    if (bytes > maxBytes) {
      throw new RangeError(`describe(): exact percentiles of ${ranked.length} column(s) × ${rows} rows need ~${mib(bytes)} MiB in memory, more than maxBytes (${mib(maxBytes)} MiB); pass { percentiles: [] } to skip them, or a larger maxBytes (or memoryLimit)`);
    }
    const values = await df.select(ranked.map((i) => col(schema[i].name).cast('float64').alias(`${i}`))).compute(opts);
    ranked.forEach((i, k) => quantiles.set(i, exactQuantiles(values.columns[k], percentiles)));
  }
  const labels = ['count', 'nulls', 'mean', 'std', 'min', ...percentiles.map(percentLabel), 'max'];
  const columns: Column[] = [textColumn(labels)];
  schema.forEach((f, i) => {
    const count = Number(get(`${i}:count`));
    // a date column's mean and percentiles come as days (its cast to float64)
    const unit = f.dtype === 'date' ? MS_PER_DAY : 1;
    const num = (v: unknown): number | null => (v === null ? null : Number(v) * unit);
    const q = (quantiles.get(i) ?? percentiles.map(() => null)).map(num);
    const stats: Stat[] = [count, rows - count, num(get(`${i}:mean`)), num(get(`${i}:std`)), orderStat(get(`${i}:min`), f.dtype), ...q, orderStat(get(`${i}:max`), f.dtype)];
    columns.push(isNumeric(f.dtype) ? floatColumn(stats as (number | null)[]) : textColumn(stats.map((v, k) => (v === null ? null : k < 2 || typeof v === 'string' ? String(v) : temporalText(v, f.dtype)))));
  });
  const fields: Field[] = [{ name: 'statistic', dtype: 'string' }, ...schema.map((f): Field => ({ name: f.name, dtype: isNumeric(f.dtype) ? 'float64' : 'string' }))];
  if (schema.some((f) => f.name === 'statistic')) fields[0] = { name: 'describe', dtype: 'string' };
  return new Table(fields, columns);
}

/** One whole-frame aggregate; output names are `<index>:<stat>`, so no column name can collide. */
function statistics(schema: readonly Field[]): Expr[] {
  const out: Expr[] = [col('*').count().alias(ROWS)];
  schema.forEach((f, i) => {
    const c = col(f.name);
    out.push(c.count().alias(`${i}:count`));
    if (isNumeric(f.dtype)) out.push(c.mean().alias(`${i}:mean`), c.std().alias(`${i}:std`));
    if (isTemporal(f.dtype)) out.push(c.cast('float64').mean().alias(`${i}:mean`));
    out.push(c.min().alias(`${i}:min`), c.max().alias(`${i}:max`));
  });
  return out;
}

/** Exact percentiles of the non-null values: linear interpolation between closest ranks (pandas' default). */
export function exactQuantiles(c: Column, ps: readonly number[]): (number | null)[] {
  const v = c.values as Float64Array;
  let n = 0;
  const sorted = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) if ((c.valid === null || c.valid[i] === 1) && !Number.isNaN(v[i])) sorted[n++] = v[i];
  if (n === 0) return ps.map(() => null);
  const s = sorted.subarray(0, n).sort();
  return ps.map((p) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.ceil(h);
    return lo === hi ? s[lo] : s[lo] + (h - lo) * (s[hi] - s[lo]);
  });
}

/** min/max as a number (numeric), text (string) or milliseconds (temporal, made text later). */
function orderStat(v: number | string | boolean | bigint | null, dtype: DType): Stat {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  return dtype === 'date' ? Number(v) * MS_PER_DAY : Number(v);
}

/** A temporal statistic (milliseconds) as text: a date column's whole days as dates. */
function temporalText(v: number, dtype: DType): string {
  return dtype === 'date' && Number.isInteger(v / MS_PER_DAY) ? formatDate(v / MS_PER_DAY) : formatTimestamp(v);
}

function percentLabel(p: number): string {
  return `${Number((p * 100).toPrecision(12))}%`;
}

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

function floatColumn(values: (number | null)[]): Column {
  const valid = Uint8Array.from(values, (v) => (v === null ? 0 : 1));
  return { dtype: 'float64', length: values.length, values: Float64Array.from(values, (v) => v ?? 0), valid };
}

function textColumn(values: (string | null)[]): Column {
  const dict: string[] = [];
  const codes = new Map<string, number>();
  const out = new Int32Array(values.length);
  const valid = Uint8Array.from(values, (v) => (v === null ? 0 : 1));
  values.forEach((v, i) => {
    if (v === null) return;
    let code = codes.get(v);
    if (code === undefined) { code = dict.length; dict.push(v); codes.set(v, code); }
    out[i] = code;
  });
  return { dtype: 'string', length: values.length, values: out, valid, dict };
}
