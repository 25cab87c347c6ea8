/**
 * Element types of array chunks and NumPy's rules for combining them. A chunk's elements live in
 * one typed array: float64 → Float64Array, float32 → Float32Array, int32 → Int32Array,
 * int64 → BigInt64Array, bool → Uint8Array (0/1).
 */
export type DType = 'float64' | 'float32' | 'int32' | 'int64' | 'bool';

export type TypedArray = Float64Array | Float32Array | Int32Array | BigInt64Array | Uint8Array;

export const DTYPES: readonly DType[] = ['float64', 'float32', 'int32', 'int64', 'bool'];

/** A zeroed typed array; `shared` puts it in a SharedArrayBuffer (read by several threads without copies). */
export function allocate(dtype: DType, length: number, shared = false): TypedArray {
  const bytes = length * itemSize(dtype);
  const buf = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  switch (dtype) {
    case 'float64': return new Float64Array(buf);
    case 'float32': return new Float32Array(buf);
    case 'int32': return new Int32Array(buf);
    case 'int64': return new BigInt64Array(buf);
    case 'bool': return new Uint8Array(buf);
  }
}

export function dtypeOf(data: TypedArray): DType {
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof Uint8Array) return 'bool';
  throw new TypeError('array data must be a Float64Array, Float32Array, Int32Array, BigInt64Array or Uint8Array (bool)');
}

export function checkDType(dtype: string): DType {
  if (!(DTYPES as readonly string[]).includes(dtype)) {
    throw new TypeError(`unknown dtype '${dtype}': use one of ${DTYPES.join(', ')}`);
  }
  return dtype as DType;
}

export const isFloat = (d: DType): boolean => d === 'float64' || d === 'float32';
export const itemSize = (d: DType): number => (d === 'float64' || d === 'int64' ? 8 : d === 'bool' ? 1 : 4);

/**
 * NumPy's promotion of two array dtypes (`np.result_type`): bool < int32 < int64 < float;
 * float32 with int32/int64 gives float64 (float32 cannot hold every int32 exactly).
 */
export function promote(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === 'bool') return b;
  if (b === 'bool') return a;
  if (a === 'float64' || b === 'float64') return 'float64';
  if (a === 'float32' || b === 'float32') return 'float64'; // float32 with an int
  return 'int64'; // int32 with int64
}

/**
 * The dtype a Python-style scalar takes next to an array: "weak", so it keeps the array's
 * dtype (NumPy 2), unless its value does not fit — then, as NumPy 1's value-based casting did,
 * an integer widens an integer array to int64, and one beyond int64 (or any non-integer) goes to
 * float64, so the operation stays exact instead of wrapping the scalar.
 */
export function promoteScalar(a: DType, value: number | boolean | bigint): DType {
  if (typeof value === 'boolean') return a;
  if (isFloat(a)) return a;
  if (typeof value === 'number' && !Number.isInteger(value)) return 'float64';
  const v = BigInt(value);
  if (v < INT64_MIN || v > INT64_MAX) return 'float64';
  if (a === 'int32' && v >= INT32_MIN && v <= INT32_MAX) return 'int32';
  return 'int64';
}

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Type of an element value read from a chunk (`bigint` for int64). */
export type Scalar = number | bigint;

export function toNumberLike(value: number | boolean | bigint, dtype: DType): Scalar {
  if (dtype === 'int64') return typeof value === 'bigint' ? value : BigInt(Math.trunc(Number(value)));
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (dtype === 'int32') return value | 0;
  if (dtype === 'bool') return value !== 0 ? 1 : 0;
  return value;
}
