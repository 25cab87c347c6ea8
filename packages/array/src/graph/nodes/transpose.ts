/** Permuted axes: block i of the result is the transposed block perm⁻¹(i) of the input (a view). */
import type { BlockExpr } from '../../kernels/block-expr.js';
import type { Lowering } from '../lowering.js';
import { ArrayNode } from '../node.js';

export class TransposeNode extends ArrayNode {
  readonly label = 'transpose';
  readonly inputs: ArrayNode[];
  readonly shape: number[];
  readonly chunks: number[][];
  readonly dtype;
  constructor(input: ArrayNode, readonly axes: number[]) {
    super();
    this.inputs = [input];
    this.shape = axes.map((a) => input.shape[a]);
    this.chunks = axes.map((a) => input.chunks[a]);
    this.dtype = input.dtype;
  }

  override get cheap(): boolean {
    return this.inputs[0].cheap;
  }

  expr(idx: readonly number[], ctx: Lowering): BlockExpr {
    const inIdx = new Array<number>(idx.length);
    this.axes.forEach((a, i) => {
      inIdx[a] = idx[i];
    });
    return { k: 'transpose', axes: this.axes, x: ctx.block(this.inputs[0], inIdx) };
  }
}
