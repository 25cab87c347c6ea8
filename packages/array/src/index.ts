/**
 * floe arrays: lazy chunked n-d arrays on floe's task scheduler (what `dask.array` is to Python).
 *
 *   import { array as da } from 'floe';
 *   const x = da.ones([1000, 1000, 1000], { chunks: [250, 250, 250] });
 *   await x.sum().compute(); // 1e9, one block at a time on the worker pool
 */
import * as random from './api/random.js';

export { ChunkedArray, type ArrayLike, type ReductionOptions, type VarianceOptions, type ArgOptions } from './api/chunked-array.js';
export { NDArray } from './api/ndarray.js';
export { ones, zeros, full, arange, fromArray, type CreateOptions, type FromArrayOptions } from './api/creation.js';
export { concatenate, stack, where, matmul } from './api/combine.js';
export type { RandomOptions } from './api/random.js';
export type { DType, TypedArray, Scalar } from './dtype.js';
export type { Chunks, ChunksArg } from './graph/chunks.js';
export type { ComputeOptions } from './graph/compute.js';
export type { SliceArg } from './api/normalize.js';
export { fromZarr, type ToZarrOptions } from './io/zarr.js';
export { fromDataFrame, toDataFrame, type FromDataFrameOptions, type ToDataFrameOptions } from './io/dataframe.js';
export { random };
