/**
 * Seeded random arrays (`da.random.normal(shape, { chunks, seed })`). Every block is generated
 * inside its worker from (seed, block index): the same seed and chunks give the same values on
 * any pool. Without a seed, one is drawn at call time.
 */
import { checkDType, type DType } from '../dtype.js';
import { normalizeChunks, type ChunksArg } from '../graph/chunks.js';
import { RandomNode } from '../graph/nodes/creation.js';
import type { Distribution } from '../kernels/random.js';
import { ChunkedArray } from './chunked-array.js';
import { checkShape } from './normalize.js';

export interface RandomOptions {
  chunks?: ChunksArg;
  /** A non-negative integer; fixes the values. */
  seed?: number;
  dtype?: DType;
}

function make(shape: readonly number[], dist: Distribution, options: RandomOptions, fallback: DType, label: string): ChunkedArray {
  const s = checkShape(shape);
  const dtype = checkDType(options.dtype ?? fallback);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  return new ChunkedArray(new RandomNode(s, normalizeChunks(s, options.chunks, dtype), dtype, dist, seed, label));
}

/** uniform and normal make fractional values: an integer or bool dtype would truncate them (to all zeros for bool). */
function checkFloatDType(name: string, options: RandomOptions): void {
  if (options.dtype !== undefined && options.dtype !== 'float64' && options.dtype !== 'float32') {
    throw new TypeError(`random.${name} makes float values: dtype must be float64 or float32, got '${options.dtype}' (use random.integers for integers, or astype() on the result)`);
  }
}

/** Normal (Gaussian) values with mean `loc` and standard deviation `scale`. */
export function normal(shape: readonly number[], options: RandomOptions & { loc?: number; scale?: number } = {}): ChunkedArray {
  checkFloatDType('normal', options);
  return make(shape, { kind: 'normal', loc: options.loc ?? 0, scale: options.scale ?? 1 }, options, 'float64', 'normal');
}

/** Uniform values on [low, high) (default [0, 1)). */
export function uniform(shape: readonly number[], options: RandomOptions & { low?: number; high?: number } = {}): ChunkedArray {
  checkFloatDType('uniform', options);
  return make(shape, { kind: 'uniform', low: options.low ?? 0, high: options.high ?? 1 }, options, 'float64', 'uniform');
}

/** Uniform values on [0, 1), like NumPy's `random.random`. */
export function random(shape: readonly number[], options: RandomOptions = {}): ChunkedArray {
  return uniform(shape, options);
}

/** Integers uniform on [low, high). */
export function integers(low: number, high: number, shape: readonly number[], options: RandomOptions = {}): ChunkedArray {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) throw new RangeError(`integers needs integer low < high, got ${low}, ${high}`);
  return make(shape, { kind: 'integers', low, high }, options, 'int64', 'integers');
}
