/** Leaf nodes: constants, ranges, seeded random values (all made in the worker), and user data. */
import { allocate, type DType, type TypedArray } from '../../dtype.js';
import { cStrides, sizeOf, toContiguous } from '../../kernels/block.js';
import type { BlockExpr } from '../../kernels/block-expr.js';
import type { Distribution } from '../../kernels/random.js';
import { blockShape, offsets, type Chunks } from '../chunks.js';
import { ArrayNode } from '../node.js';

export class FillNode extends ArrayNode {
  readonly inputs = [];
  override get cheap(): boolean {
    return true;
  }

  constructor(readonly shape: number[], readonly chunks: Chunks, readonly dtype: DType, readonly value: number | bigint, readonly label: string) {
    super();
  }

  expr(idx: readonly number[]): BlockExpr {
    return { k: 'fill', dtype: this.dtype, shape: blockShape(this.chunks, idx), value: this.value };
  }
}

export class ArangeNode extends ArrayNode {
  readonly inputs = [];
  readonly label = 'arange';
  override get cheap(): boolean {
    return true;
  }

  readonly shape: number[];
  constructor(readonly start: number, readonly step: number, n: number, readonly chunks: Chunks, readonly dtype: DType) {
    super();
    this.shape = [n];
  }

  expr(idx: readonly number[]): BlockExpr {
    const first = offsets(this.chunks[0])[idx[0]];
    const n = this.chunks[0][idx[0]];
    if (this.dtype === 'int64' && Number.isInteger(this.start) && Number.isInteger(this.step)) {
      // in bigints: past 2^53 doubles skip integers (arange(2**53, 2**53 + 2) gave 2^53 twice)
      return { k: 'arange', dtype: this.dtype, start: BigInt(this.start) + BigInt(first) * BigInt(this.step), step: BigInt(this.step), n };
    }
    return { k: 'arange', dtype: this.dtype, start: this.start + first * this.step, step: this.step, n };
  }
}

export class RandomNode extends ArrayNode {
  readonly inputs = [];
  constructor(readonly shape: number[], readonly chunks: Chunks, readonly dtype: DType, readonly dist: Distribution, readonly seed: number, readonly label: string) {
    super();
  }

  expr(idx: readonly number[]): BlockExpr {
    // the block's stream is its C-order number among all blocks
    let stream = 0;
    for (let d = 0; d < idx.length; d++) stream = stream * this.chunks[d].length + idx[d];
    return { k: 'random', dtype: this.dtype, shape: blockShape(this.chunks, idx), dist: this.dist, seed: this.seed, stream };
  }
}

/** An in-memory typed array cut into blocks; each block is copied out when the graph is built. */
export class DataNode extends ArrayNode {
  readonly inputs = [];
  readonly label = 'from-array';
  override get cheap(): boolean {
    return true;
  }

  private readonly strides: number[];
  constructor(readonly data: TypedArray, readonly shape: number[], readonly chunks: Chunks, readonly dtype: DType) {
    super();
    this.strides = cStrides(shape);
  }

  expr(idx: readonly number[]): BlockExpr {
    const shape = blockShape(this.chunks, idx);
    let offset = 0;
    for (let d = 0; d < idx.length; d++) offset += offsets(this.chunks[d])[idx[d]] * this.strides[d];
    const view = { data: this.data, dtype: this.dtype, shape, strides: this.strides, offset: sizeOf(shape) === 0 ? 0 : offset };
    const block = sizeOf(shape) === 0 ? { ...view, data: allocate(this.dtype, 0), strides: cStrides(shape) } : toContiguous(view);
    return { k: 'block', block };
  }
}
