/**
 * JS values → typed columns, for fromRows/fromColumns. A column's type is the one type all its
 * non-null values share: integers (whole numbers within ±(2^53 − 1), or bigints and any whole
 * numbers within int64) → int64,
 * other numbers → float64, booleans → bool, strings → string, Dates → timestamp. A value of another type is an
 * error naming the column, the row and the value; null and undefined are nulls.
 */
import type { Column } from '../../kernels/column.js';
import { I64_MAX, I64_MIN, type DType, type Field } from '../../types/dtype.js';

/** `locate(i)`: where value i came from, for errors (default: its row). */
export function columnFromValues(name: string, values: ArrayLike<unknown>, where: string, locate: (i: number) => string = (i) => `row ${i}`): { field: Field; column: Column } {
  const n = values.length;
  let dtype: DType | null = null;
  let fraction = false;
  let past = false;
  let big = false;
  let hasNull = false;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) { hasNull = true; continue; }
    const t = kindOf(v);
    if (t === null) throw new TypeError(`${where}: column ${JSON.stringify(name)} ${locate(i)} is ${describe(v)}; values must be numbers, bigints, strings, booleans, Dates or null`);
    const d: DType = t === 'number' || t === 'bigint' ? 'int64' : t;
    if (t === 'number' && !Number.isInteger(v)) fraction = true;
    else if (t === 'number' && !Number.isSafeInteger(v)) past = true;
    if (t === 'bigint') big = true;
    if (dtype === null) dtype = d;
    else if (dtype !== d) throw new TypeError(`${where}: column ${JSON.stringify(name)} mixes ${dtype === 'int64' ? 'numbers' : `${dtype}s`} and ${describe(v)} (${locate(i)}); give each column one type`);
  }
  // a column of numbers with a whole one past 2^53 is float64, as JS holds it (1e20 as int64 was
  // written wrapped, −1e19 as positive; 1e18 stays a number in toRows()); beside bigints such a
  // number is an exact integer, and one past int64 an error where it is read
  if (dtype === 'int64' && fraction) dtype = big ? dtypeError(name, where) : 'float64';
  else if (dtype === 'int64' && past && !big) dtype = 'float64';
  const type: DType = dtype ?? 'string';
  const valid = hasNull ? new Uint8Array(n) : null;
  const isNull = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
  let column: Column;
  switch (type) {
    case 'string': {
      const codes = new Int32Array(n);
      const dict: string[] = [];
      const seen = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (isNull(v)) continue;
        if (valid) valid[i] = 1;
        let c = seen.get(v as string);
        if (c === undefined) { c = dict.length; dict.push(v as string); seen.set(v as string, c); }
        codes[i] = c;
      }
      column = { dtype: 'string', length: n, values: codes, valid, dict };
      break;
    }
    case 'int64': {
      const wide = !everySafe(values); // bigints, or whole numbers, past 2^53: exact as bigints
      const out = wide ? new BigInt64Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (isNull(v)) continue;
        if (valid) valid[i] = 1;
        if (wide) {
          const b = BigInt(v as number | bigint);
          // a BigInt64Array wraps what it cannot hold (2^64 + 1 became 1)
          if (b > I64_MAX || b < I64_MIN) throw new RangeError(`${where}: column ${JSON.stringify(name)} ${locate(i)} is ${b}, past int64's range; floe's int64 cannot hold it — pass it as a number (a float64 column) or a string`);
          (out as BigInt64Array)[i] = b;
        } else (out as Float64Array)[i] = Number(v);
      }
      column = { dtype: 'int64', length: n, values: out, valid };
      break;
    }
    default: {
      const out = type === 'bool' ? new Uint8Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (isNull(v)) continue;
        if (valid) valid[i] = 1;
        out[i] = type === 'bool' ? (v ? 1 : 0) : type === 'timestamp' ? (v as Date).getTime() : (v as number);
      }
      column = { dtype: type, length: n, values: out, valid };
    }
  }
  return { field: { name, dtype: type }, column };
}

function kindOf(v: unknown): 'number' | 'bigint' | 'string' | 'bool' | 'timestamp' | null {
  switch (typeof v) {
    case 'number': return 'number';
    case 'bigint': return 'bigint';
    case 'string': return 'string';
    case 'boolean': return 'bool';
    default: return v instanceof Date && !Number.isNaN(v.getTime()) ? 'timestamp' : null;
  }
}

function everySafe(values: ArrayLike<unknown>): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'bigint' && (v > 9007199254740991n || v < -9007199254740991n)) return false;
    if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) return false;
  }
  return true;
}

function dtypeError(name: string, where: string): never {
  throw new TypeError(`${where}: column ${JSON.stringify(name)} mixes bigints and fractional numbers; use one or the other`);
}

function describe(v: unknown): string {
  if (v instanceof Date) return 'an invalid Date';
  if (typeof v === 'object') return Array.isArray(v) ? 'an array' : 'an object';
  return `${typeof v} ${String(v).slice(0, 40)}`;
}
