/**
 * A node of the lazy array graph: shape, chunks, dtype, its inputs, and how to describe any one
 * of its blocks as a block expression. Building nodes does no work and allocates no data: a
 * trillion-element array is a few numbers until `compute()` lowers it into tasks.
 */
import type { DType } from '../dtype.js';
import type { BlockExpr } from '../kernels/block-expr.js';
import type { Chunks } from './chunks.js';
import type { Lowering } from './lowering.js';

let nextId = 1;

export abstract class ArrayNode {
  readonly id = nextId++;
  abstract readonly shape: readonly number[];
  abstract readonly chunks: Chunks;
  abstract readonly dtype: DType;
  abstract readonly inputs: readonly ArrayNode[];
  /** Task group name, e.g. `ones`, `add`, `sum-partial`. */
  abstract readonly label: string;
  /** Blocks are next to free to make (constants, views of such): never worth sharing as tasks. */
  get cheap(): boolean {
    return false;
  }

  /** One of this node's blocks may read an input block more than once (rechunk, matmul, reshape). */
  get rereadsInputs(): boolean {
    return false;
  }

  /** Block `idx` as an expression; inputs' blocks come from `ctx.block(input, i)`. */
  abstract expr(idx: readonly number[], ctx: Lowering): BlockExpr;
}
