/**
 * A naive in-memory oracle for differential tests, written independently of the engine:
 * csv-parse reads the bytes, fields are converted by a known schema with plain JS, and
 * filters, projections and grouped aggregates are computed row by row.
 *
 * Semantics (pandas/Dask): nulls are skipped by aggregates; sum of nothing is 0, mean/min/max
 * of nothing is null; count = non-null values, size = rows; var/std use ddof=1 (null when
 * count <= 1); integer sums are exact (bigint); nUnique counts distinct non-null values;
 * median/quantile sort the values and interpolate linearly at rank q·(n-1); first/last are the
 * first/last non-null value in row order; corr is Pearson's r over rows where both inputs are
 * present (null below 2 rows or for a constant side); group keys sort ascending, a null key
 * group (when kept) sorts last. Unquoted null spellings are null; quoted fields are always values.
 */
import { parse } from 'csv-parse/sync';
import type { DType } from '../types/dtype.js';

export type Cell = number | bigint | string | boolean | null;
export type Row = Record<string, Cell>;

export interface RawField {
  value: string;
  quoted: boolean;
}

/** pandas' default NA spellings (the empty field included). */
export const ORACLE_NULLS: ReadonlySet<string> = new Set([
  '', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null',
]);

/** Parses CSV text into records of raw fields (value + whether it was quoted); blank lines are skipped. */
export function parseRecords(input: string | Uint8Array, delimiter = ','): RawField[][] {
  return parse(typeof input === 'string' ? input : Buffer.from(input), {
    bom: true,
    delimiter,
    record_delimiter: ['\r\n', '\n'],
    skip_empty_lines: true,
    relax_column_count: true,
    cast: (value: string, ctx: { quoting: boolean }) => ({ value, quoted: ctx.quoting }),
  }) as unknown as RawField[][];
}

/** Parses CSV text into the header and records (every record must have the header's width). */
export function parseRaw(input: string | Uint8Array, delimiter = ','): { header: string[]; records: RawField[][] } {
  const records = parseRecords(input, delimiter);
  if (records.length === 0) return { header: [], records: [] };
  const header = records[0].map((f) => f.value);
  const bad = records.findIndex((r) => r.length !== header.length);
  if (bad >= 0) throw new Error(`oracle: record ${bad} has ${records[bad].length} fields, the header ${header.length}`);
  return { header, records: records.slice(1) };
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function normBig(v: bigint): number | bigint {
  return v <= SAFE && v >= -SAFE ? Number(v) : v;
}

const TS_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;

/** Converts one raw field to a typed cell; throws on a value that does not fit the type. */
export function convertField(f: RawField, dtype: DType, nulls: ReadonlySet<string> = ORACLE_NULLS): Cell {
  if (dtype === 'string') return !f.quoted && nulls.has(f.value) ? null : f.value;
  if (f.quoted ? f.value === '' : nulls.has(f.value)) return null;
  const v = f.value;
  switch (dtype) {
    case 'int64':
      if (!/^[+-]?\d+$/.test(v)) throw new Error(`oracle: not an int: ${JSON.stringify(v)}`);
      return normBig(BigInt(v));
    case 'float64': {
      if (/^[+-]?inf(inity)?$/i.test(v)) return v.startsWith('-') ? -Infinity : Infinity;
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) throw new Error(`oracle: not a float: ${JSON.stringify(v)}`);
      return Number(v);
    }
    case 'bool':
      if (/^true$/i.test(v)) return true;
      if (/^false$/i.test(v)) return false;
      throw new Error(`oracle: not a bool: ${JSON.stringify(v)}`);
    case 'timestamp': case 'date': {
      const m = TS_RE.exec(v);
      if (!m) throw new Error(`oracle: not a timestamp: ${JSON.stringify(v)}`);
      const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((k) => Number(m[k] ?? '0'));
      const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
      const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
      if (new Date(t).getUTCDate() !== d) throw new Error(`oracle: impossible date ${v}`);
      return dtype === 'date' ? Math.floor(t / 86_400_000) * 86_400_000 : t;
    }
  }
}

export interface OracleField {
  name: string;
  dtype: DType;
}

/** Reads several CSV texts (same header) into typed rows, file order then row order. */
export function readTexts(texts: readonly (string | Uint8Array)[], schema: readonly OracleField[], delimiter = ','): Row[] {
  const out: Row[] = [];
  for (const text of texts) {
    const { header, records } = parseRaw(text, delimiter);
    const idx = schema.map((f) => {
      const i = header.indexOf(f.name);
      if (i < 0) throw new Error(`oracle: no column ${f.name} in [${header.join(', ')}]`);
      return i;
    });
    for (const rec of records) {
      const row: Row = {};
      schema.forEach((f, k) => { row[f.name] = convertField(rec[idx[k]], f.dtype); });
      out.push(row);
    }
  }
  return out;
}

// ---- comparisons and three-valued logic -------------------------------------------------

/** Compares two non-null cells of one type: -1, 0, 1 (numbers, bigints, strings, bools). */
export function cmp(a: Cell, b: Cell): number {
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    const x = BigInt(a as number | bigint);
    const y = BigInt(b as number | bigint);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean') return Number(a) - Number(b as boolean);
  return (a as number | string) < (b as number | string) ? -1 : (a as number | string) > (b as number | string) ? 1 : 0;
}

export type Tri = boolean | null;

/** SQL/Kleene comparison: null when either side is null. */
export function compare(a: Cell, op: 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte', b: Cell): Tri {
  if (a === null || b === null) return null;
  const c = cmp(a, b);
  switch (op) {
    case 'eq': return c === 0;
    case 'neq': return c !== 0;
    case 'lt': return c < 0;
    case 'lte': return c <= 0;
    case 'gt': return c > 0;
    case 'gte': return c >= 0;
  }
}

export function and3(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  if (a === null || b === null) return null;
  return true;
}

export function or3(a: Tri, b: Tri): Tri {
  if (a === true || b === true) return true;
  if (a === null || b === null) return null;
  return false;
}

// ---- aggregates ---------------------------------------------------------------------------

export type AggFn = 'sum' | 'mean' | 'count' | 'size' | 'min' | 'max' | 'var' | 'std' | 'nUnique' | 'median' | 'quantile' | 'first' | 'last' | 'corr' | 'stringAgg';

/** Neumaier-compensated float sum. */
function fsum(xs: readonly number[]): number {
  let s = 0;
  let c = 0;
  for (const x of xs) {
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s;
    s = t;
  }
  return s + c;
}

/**
 * One aggregate over the values of a column of type `dtype` (nulls included; size counts them).
 * `q` is quantile's q; `values2` the second input of corr, row by row with `values`.
 */
export function aggregate(fn: AggFn, values: readonly Cell[], dtype: DType, opts: { q?: number; values2?: readonly Cell[]; sep?: string } = {}): Cell {
  if (fn === 'size') return values.length;
  if (fn === 'corr') return pearson(values, opts.values2!);
  const xs = values.filter((v) => v !== null);
  switch (fn) {
    case 'count': return xs.length;
    case 'sum': {
      if (dtype === 'float64') return fsum(xs as number[]);
      return normBig(xs.reduce<bigint>((s, v) => s + BigInt(typeof v === 'boolean' ? Number(v) : (v as number | bigint)), 0n));
    }
    case 'mean': {
      if (xs.length === 0) return null;
      if (dtype === 'float64') return fsum(xs as number[]) / xs.length;
      const total = xs.reduce<bigint>((s, v) => s + BigInt(typeof v === 'boolean' ? Number(v) : (v as number | bigint)), 0n);
      return Number(total) / xs.length;
    }
    case 'min': case 'max': {
      if (xs.length === 0) return null;
      let best = xs[0];
      for (const v of xs) {
        const c = cmp(v, best);
        if (fn === 'min' ? c < 0 : c > 0) best = v;
      }
      return best;
    }
    case 'var': case 'std': {
      if (xs.length <= 1) return null;
      const nums = xs.map((v) => Number(v));
      const mean = fsum(nums) / nums.length;
      const variance = fsum(nums.map((x) => (x - mean) * (x - mean))) / (nums.length - 1);
      return fn === 'std' ? Math.sqrt(variance) : variance;
    }
    case 'nUnique': return new Set(xs.map((v) => `${typeof v}:${String(v)}`)).size;
    case 'first': return xs.length === 0 ? null : xs[0];
    case 'last': return xs.length === 0 ? null : xs[xs.length - 1];
    case 'stringAgg': return xs.length === 0 ? null : xs.join(opts.sep ?? ',');
    case 'median': case 'quantile': {
      if (xs.length === 0) return null;
      const nums = xs.map((v) => Number(v)).sort((a, b) => a - b);
      const n = nums.length;
      if (fn === 'median') return n % 2 === 1 ? nums[(n - 1) / 2] : (nums[n / 2 - 1] + nums[n / 2]) / 2;
      const pos = opts.q! * (n - 1);
      const lo = nums[Math.floor(pos)];
      const hi = nums[Math.ceil(pos)];
      return lo === hi ? lo : lo + (hi - lo) * (pos - Math.floor(pos));
    }
  }
}

/** Pearson's r over the rows where both cells are present; null below 2 rows or for a constant side. */
function pearson(a: readonly Cell[], b: readonly Cell[]): Cell {
  const xs: number[] = [];
  const ys: number[] = [];
  a.forEach((v, i) => { if (v !== null && b[i] !== null) { xs.push(Number(v)); ys.push(Number(b[i])); } });
  if (xs.length < 2 || xs.every((x) => x === xs[0]) || ys.every((y) => y === ys[0])) return null;
  const mx = fsum(xs) / xs.length;
  const my = fsum(ys) / ys.length;
  const sxy = fsum(xs.map((x, i) => (x - mx) * (ys[i] - my)));
  const sxx = fsum(xs.map((x) => (x - mx) * (x - mx)));
  const syy = fsum(ys.map((y) => (y - my) * (y - my)));
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

export interface AggSpec {
  /** Output column name. */
  name: string;
  fn: AggFn;
  /** Input value of a row (ignored for size). */
  value: (r: Row) => Cell;
  /** Input type (for sum: int-like sums are exact). */
  dtype: DType;
  /** quantile's q. */
  q?: number;
  /** The second input of corr. */
  value2?: (r: Row) => Cell;
}

export interface KeySpec {
  name: string;
  value: (r: Row) => Cell;
}

/** Group rows by keys, aggregate, sort keys ascending (nulls last). Whole-frame when keys = []. */
export function groupAggregate(rows: readonly Row[], keys: readonly KeySpec[], aggs: readonly AggSpec[], opts: { keepNullKeys?: boolean } = {}): Row[] {
  const groups = new Map<string, { key: Cell[]; rows: Row[] }>();
  if (keys.length === 0) groups.set('', { key: [], rows: [...rows] });
  else {
    for (const r of rows) {
      const key = keys.map((k) => k.value(r));
      if (!opts.keepNullKeys && key.some((v) => v === null)) continue;
      const id = JSON.stringify(key.map((v) => (v === null ? ['null'] : [typeof v, String(v)])));
      let g = groups.get(id);
      if (!g) { g = { key, rows: [] }; groups.set(id, g); }
      g.rows.push(r);
    }
  }
  const list = [...groups.values()];
  list.sort((a, b) => {
    for (let k = 0; k < keys.length; k++) {
      const x = a.key[k];
      const y = b.key[k];
      if (x === null || y === null) {
        if (x === y) continue;
        return x === null ? 1 : -1;
      }
      const c = cmp(x, y);
      if (c !== 0) return c;
    }
    return 0;
  });
  return list.map((g) => {
    const out: Row = {};
    keys.forEach((k, i) => { out[k.name] = g.key[i]; });
    for (const a of aggs) out[a.name] = aggregate(a.fn, g.rows.map(a.value), a.dtype, { q: a.q, values2: a.value2 ? g.rows.map(a.value2) : undefined });
    return out;
  });
}

// ---- result comparison ----------------------------------------------------------------------

export interface CompareOptions {
  /** Columns holding floats, with the magnitude of their inputs (an absolute floor for the tolerance). */
  floats?: Record<string, number>;
  /** Columns holding timestamps (expected as epoch ms, actual as Date). */
  timestamps?: readonly string[];
  /** Relative tolerance for floats (default 1e-9). */
  rtol?: number;
}

export function floatsClose(a: number, b: number, scale = 0, rtol = 1e-9): boolean {
  if (Object.is(a, b) || a === b) return true;
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b), scale);
}

function show(v: unknown): string {
  if (v instanceof Date) return `Date(${Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString()})`;
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

/**
 * Compares result rows with expected rows: same length, same order, exact values except
 * floats (relative tolerance) and timestamps (Date vs epoch ms). Returns readable mismatches.
 */
export function diffRows(actual: readonly Record<string, unknown>[], expected: readonly Row[], opts: CompareOptions = {}, limit = 8): string[] {
  const out: string[] = [];
  if (actual.length !== expected.length) out.push(`row count: actual ${actual.length}, expected ${expected.length}`);
  const n = Math.min(actual.length, expected.length);
  const ts = new Set(opts.timestamps ?? []);
  for (let i = 0; i < n && out.length < limit; i++) {
    const a = actual[i];
    const e = expected[i];
    const names = new Set([...Object.keys(a), ...Object.keys(e)]);
    for (const name of names) {
      if (!(name in a) || !(name in e)) { out.push(`row ${i}: column ${name} missing on one side`); continue; }
      const x = a[name];
      const y = e[name];
      let ok: boolean;
      if (y === null || x === null) ok = x === y;
      else if (ts.has(name)) ok = x instanceof Date && x.getTime() === y;
      else if (opts.floats && name in opts.floats) ok = typeof x === 'number' && typeof y === 'number' && floatsClose(x, y, opts.floats[name], opts.rtol);
      else if (typeof y === 'number' && typeof x === 'number') ok = x === y || (Number.isNaN(x) && Number.isNaN(y));
      else ok = x === y;
      if (!ok) out.push(`row ${i} column ${name}: actual ${show(x)}, expected ${show(y)}`);
    }
  }
  return out;
}
