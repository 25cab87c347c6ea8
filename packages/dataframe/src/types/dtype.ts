/**
 * Logical column types. Inside the engine each maps to one typed-array layout:
 *   int64     → Float64Array of exact integers (|v| < 2^53), or BigInt64Array once a value is wider
 *   float64   → Float64Array
 *   bool      → Uint8Array (0/1)
 *   string    → Int32Array codes into a string dictionary
 *   timestamp → Float64Array of milliseconds since the Unix epoch (naive times are read as UTC)
 *   date      → Int32Array of days since the Unix epoch
 * Nulls are a separate validity byte array (1 = valid).
 */
export type DType = 'int64' | 'float64' | 'bool' | 'string' | 'timestamp' | 'date';

export const DTYPES: readonly DType[] = ['int64', 'float64', 'bool', 'string', 'timestamp', 'date'];

export function isDType(s: string): s is DType {
  return (DTYPES as readonly string[]).includes(s);
}

export function isNumeric(t: DType): boolean {
  return t === 'int64' || t === 'float64' || t === 'bool';
}

/** The type two numeric types meet in, bool < int64 < float64 (Polars' supertype): a bool filled with 2 is an int64. */
export function numericSupertype(a: DType, b: DType): DType {
  if (a === b) return a;
  return a === 'float64' || b === 'float64' ? 'float64' : 'int64';
}

/** int64's bounds, as bigints. */
export const I64_MAX = (1n << 63n) - 1n;
export const I64_MIN = -(1n << 63n);

/** A whole number that int64 holds (below 2^63 in magnitude; −2^63 itself too). */
export function isInt64Number(x: number): boolean {
  return Number.isInteger(x) && x < 2 ** 63 && x >= -(2 ** 63);
}

export function isTemporal(t: DType): boolean {
  return t === 'timestamp' || t === 'date';
}

export interface Field {
  readonly name: string;
  readonly dtype: DType;
}

export type Schema = readonly Field[];
