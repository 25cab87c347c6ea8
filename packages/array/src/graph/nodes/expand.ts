/** A new length-1 axis (for `stack`): each block gets the same new axis, a metadata-only reshape. */
import type { BlockExpr } from '../../kernels/block-expr.js';
import type { Lowering } from '../lowering.js';
import { ArrayNode } from '../node.js';

export class ExpandNode extends ArrayNode {
  readonly label = 'expand-dims';
  readonly inputs: ArrayNode[];
  readonly shape: number[];
  readonly chunks: number[][];
  readonly dtype;

  constructor(input: ArrayNode, readonly axis: number) {
    super();
    this.inputs = [input];
    this.shape = [...input.shape.slice(0, axis), 1, ...input.shape.slice(axis)];
    this.chunks = [...input.chunks.slice(0, axis), [1], ...input.chunks.slice(axis)];
    this.dtype = input.dtype;
  }

  override get cheap(): boolean {
    return this.inputs[0].cheap;
  }

  expr(idx: readonly number[], ctx: Lowering): BlockExpr {
    const inIdx = idx.filter((_, d) => d !== this.axis);
    const shape = idx.map((i, d) => this.chunks[d][i]);
    return { k: 'reshape', shape, x: ctx.block(this.inputs[0], inIdx) };
  }
}
