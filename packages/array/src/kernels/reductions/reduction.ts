/**
 * A reduction is one object with four verbs, the same shape as the dataframe's partial →
 * combine → finalize: `fold` a block into a fresh state (in the worker that made the block),
 * `merge` two states (tree-combine tasks), `finalize` a state into the result's elements.
 * States are plain objects of typed arrays and numbers, one cell per output element, so they
 * cross threads by transfer. Adding a reduction is a file here and a line in `registry.ts`.
 */
import type { DType, TypedArray } from '../../dtype.js';
import type { Block } from '../block.js';

export type State = Record<string, Float64Array | BigInt64Array | number>;

/** Where a block's elements go: the output cell of each element and, for arg-reductions, its index. */
export interface FoldInput {
  block: Block;
  /** Strides into the output cells (0 along reduced axes). */
  outStrides: readonly number[];
  cells: number;
  /** Strides and offset that give each element's index (global flat index or index along the axis). */
  idxStrides: readonly number[];
  idxOffset: number;
}

export interface ReduceOptions {
  ddof?: number;
}

export interface Reduction {
  readonly name: string;
  outDType(input: DType): DType;
  fold(input: FoldInput): State;
  merge(a: State, b: State): State;
  finalize(state: State, input: DType, options: ReduceOptions): TypedArray;
}

/** Row-by-row walk of a block with its out-cell offset and index offset (see forEachRow). */
export interface RowWalk {
  steps: [number, number, number];
}

export function zeroSizeError(name: string): Error {
  return new RangeError(`zero-size array to reduction operation ${name} which has no identity`);
}
