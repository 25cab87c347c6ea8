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
export function arange(start: number, stop?: number, step = 1, options: CreateOptions = {}): ChunkedArray {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0 || !Number.isFinite(step)) throw new RangeError('arange step must be a non-zero finite number');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const ints = Number.isInteger(start) && Number.isInteger(step);
  const dtype = checkDType(options.dtype ?? (ints ? 'int64' : 'float64'));
  return new ChunkedArray(new ArangeNode(start, step, n, normalizeChunks([n], options.chunks, dtype), dtype));
}

export interface FromArrayOptions {
  /** Default: one axis, the data's length. */
  shape?: readonly number[];
  chunks?: ChunksArg;
}

/** Wraps data already in memory (C order). Blocks are copied out of it when a graph is computed. */
export function fromArray(data: TypedArray | NDArray | readonly number[], options: FromArrayOptions = {}): ChunkedArray {
  let values: TypedArray;
  let shape: readonly number[];
  if (data instanceof NDArray) {
    values = data.data;
    shape = options.shape ?? data.shape;
  } else {
    values = Array.isArray(data) ? Float64Array.from(data as number[]) : (data as TypedArray);
    shape = options.shape ?? [values.length];
  }
  const dtype = dtypeOf(values);
  const s = checkShape(shape);
  const size = s.reduce((a, b) => a * b, 1);
  if (size !== values.length) throw new RangeError(`shape [${s.join(', ')}] holds ${size} elements but the data has ${values.length}`);
  return new ChunkedArray(new DataNode(values, s, normalizeChunks(s, options.chunks, dtype), dtype));
}
