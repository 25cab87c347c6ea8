/**
 * Making arrays: constants, ranges and user data. Creation is metadata only — `ones([1000,
 * 1000, 1000])` allocates nothing; each block is made inside the worker that needs it.
 */
import { checkDType, dtypeOf, toNumberLike, type DType, type TypedArray } from '../dtype.js';
import { normalizeChunks, type ChunksArg } from '../graph/chunks.js';
import { ArangeNode, DataNode, FillNode } from '../graph/nodes/creation.js';
import { ChunkedArray } from './chunked-array.js';
import { NDArray } from './ndarray.js';
import { checkShape } from './normalize.js';

export interface CreateOptions {
  /** Chunk size for every axis, per axis (`-1` = whole axis), explicit lists, or 'auto' (default, ~32 MiB blocks). */
  chunks?: ChunksArg;
  dtype?: DType;
}

export function full(shape: readonly number[], value: number | boolean | bigint, options: CreateOptions = {}): ChunkedArray {
  const s = checkShape(shape);
  const dtype = checkDType(options.dtype ?? (typeof value === 'boolean' ? 'bool' : typeof value === 'bigint' ? 'int64' : 'float64'));
  if ((dtype === 'int32' || dtype === 'int64') && typeof value === 'number' && !Number.isInteger(value)) {
    throw new TypeError(`full: the fill value ${value} is not an integer, so an ${dtype} array cannot hold it: pass an integer, or a float dtype`);
  }
  return new ChunkedArray(new FillNode(s, normalizeChunks(s, options.chunks, dtype), dtype, toNumberLike(value, dtype), 'full'));
}

export function ones(shape: readonly number[], options: CreateOptions = {}): ChunkedArray {
  const dtype = checkDType(options.dtype ?? 'float64');
  const s = checkShape(shape);
  return new ChunkedArray(new FillNode(s, normalizeChunks(s, options.chunks, dtype), dtype, toNumberLike(1, dtype), 'ones'));
}

export function zeros(shape: readonly number[], options: CreateOptions = {}): ChunkedArray {
  const dtype = checkDType(options.dtype ?? 'float64');
  const s = checkShape(shape);
  return new ChunkedArray(new FillNode(s, normalizeChunks(s, options.chunks, dtype), dtype, toNumberLike(0, dtype), 'zeros'));
}

/**
 * Evenly spaced values in [start, stop): `arange(10)`, `arange(2, 10, 2)`. Integer arguments
 * give int64 (as in NumPy), others float64.
 */
export function arange(start: number, stop?: number | CreateOptions, step: number | CreateOptions = 1, options: CreateOptions = {}): ChunkedArray {
  // the options may come right after the numbers given (arange(10, { chunks: 3 }), as Dask's keywords)
  if (typeof stop === 'object' && stop !== null) { options = stop; stop = undefined; step = 1; }
  else if (typeof step === 'object' && step !== null) { options = step; step = 1; }
  for (const [name, v] of [['start', start], ['stop', stop], ['step', step]] as const) {
    if (v !== undefined && typeof v !== 'number') throw new TypeError(`arange ${name} must be a number, got ${typeof v}`);
  }
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0 || !Number.isFinite(step)) throw new RangeError('arange step must be a non-zero finite number');
  for (const [name, v] of [['start', start], ['stop', stop]] as const) {
    if (!Number.isFinite(v)) throw new RangeError(`arange ${name} must be a finite number, got ${v}`);
  }
  const n = Math.max(0, Math.ceil((stop - start) / step));
  // NumPy's rule: a float among start, stop and step makes floats (arange(1, 2.5) is [1., 2.])
  const ints = Number.isInteger(start) && Number.isInteger(stop) && Number.isInteger(step);
  const dtype = checkDType(options.dtype ?? (ints ? 'int64' : 'float64'));
  return new ChunkedArray(new ArangeNode(start, step, n, normalizeChunks([n], options.chunks, dtype), dtype));
}

export interface FromArrayOptions {
  /** Default: one axis, the data's length. */
  shape?: readonly number[];
  chunks?: ChunksArg;
}

/** Wraps data already in memory (C order). Blocks are copied out of it when a graph is computed. */
export function fromArray(data: TypedArray | NDArray | readonly number[] | readonly unknown[], options: FromArrayOptions = {}): ChunkedArray {
  let values: TypedArray;
  let shape: readonly number[];
  if (data instanceof NDArray) {
    values = data.data;
    shape = options.shape ?? data.shape;
  } else if (Array.isArray(data)) {
    // nested arrays ([[1, 2], [3, 4]]) give their shape, as numpy's array(); each entry a number
    const nested = nestedShape(data);
    values = Float64Array.from(data.flat(nested.length - 1) as number[]);
    shape = options.shape ?? nested;
  } else {
    values = data as TypedArray;
    shape = options.shape ?? [values.length];
  }
  const dtype = dtypeOf(values);
  if (dtype === 'bool') checkBoolBytes(values as Uint8Array);
  const s = checkShape(shape);
  const size = s.reduce((a, b) => a * b, 1);
  if (size !== values.length) throw new RangeError(`shape [${s.join(', ')}] holds ${size} elements but the data has ${values.length}`);
  return new ChunkedArray(new DataNode(values, s, normalizeChunks(s, options.chunks, dtype), dtype));
}

/** floe reads a Uint8Array as bool: other byte values would be silently wrong (2 + 2 = 2, sum of [200] = 200 trues). */
function checkBoolBytes(values: Uint8Array): void {
  const at = values.findIndex((v) => v > 1);
  if (at >= 0) {
    throw new TypeError(`fromArray: a Uint8Array is read as bool (0 or 1), but element ${at} is ${values[at]}: for byte values pass Int32Array.from(bytes) (int32), or bytes.map((v) => (v ? 1 : 0)) for truth values`);
  }
}

/** The shape of nested arrays, which must be rectangular and hold numbers (a ragged or non-number entry is an error naming where). */
function nestedShape(data: readonly unknown[]): number[] {
  const shape: number[] = [];
  for (let level: unknown = data; Array.isArray(level); level = level[0]) shape.push(level.length);
  const visit = (v: unknown, depth: number, at: string): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') throw new TypeError(`fromArray: the entry at ${at} is ${Array.isArray(v) ? 'an array nested deeper than the first entry' : typeof v}, not a number`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new RangeError(`fromArray: the arrays are ragged — ${at} ${Array.isArray(v) ? `has ${v.length} entries` : 'is not an array'} where the first has ${shape[depth]}`);
    }
    v.forEach((x, i) => visit(x, depth + 1, `${at}[${i}]`));
  };
  visit(data, 0, 'data');
  return shape;
}
