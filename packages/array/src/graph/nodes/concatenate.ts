/** Arrays joined along an axis: each output block is a block of one input (cast to the common dtype). */
import type { DType } from '../../dtype.js';
import type { BlockExpr } from '../../kernels/block-expr.js';
import type { Chunks } from '../chunks.js';
import type { Lowering } from '../lowering.js';
import { ArrayNode } from '../node.js';

export class ConcatenateNode extends ArrayNode {
  readonly label = 'concatenate';
  readonly shape: number[];
  readonly chunks: Chunks;

  /** Inputs must already share chunks on every other axis. */
  constructor(readonly inputs: ArrayNode[], readonly axis: number, readonly dtype: DType) {
    super();
    const first = inputs[0];
    this.shape = first.shape.map((d, i) => (i === axis ? inputs.reduce((s, x) => s + x.shape[i], 0) : d));
    this.chunks = first.chunks.map((c, i) => (i === axis ? inputs.flatMap((x) => (x.shape[i] === 0 ? [] : x.chunks[i])) : c));
    if (this.chunks[axis].length === 0) this.chunks[axis] = [0];
  }

  override get cheap(): boolean {
    return this.inputs.every((x) => x.cheap);
  }

  expr(idx: readonly number[], ctx: Lowering): BlockExpr {
    let b = idx[this.axis];
    for (const x of this.inputs) {
      const n = x.shape[this.axis] === 0 ? 0 : x.chunks[this.axis].length;
      if (b < n) {
        const e = ctx.block(x, idx.map((v, d) => (d === this.axis ? b : v)));
        return x.dtype === this.dtype ? e : { k: 'cast', dtype: this.dtype, x: e };
      }
      b -= n;
    }
    // every input is empty along the axis
    const x = this.inputs[0];
    return { k: 'cast', dtype: this.dtype, x: ctx.block(x, idx.map((v, d) => (d === this.axis ? 0 : v))) };
  }
}
