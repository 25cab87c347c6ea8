/** Blocked matrix product of 2-d arrays: block (i, j) is one task summing A[i,k] @ B[k,j] over k. */
import { ref } from '@floe/scheduler';
import type { DType } from '../../dtype.js';
import type { BlockExpr } from '../../kernels/block-expr.js';
import { blockKey, taskOp, type Lowering } from '../lowering.js';
import { ArrayNode } from '../node.js';

export class MatmulNode extends ArrayNode {
  readonly label = 'matmul';
  readonly inputs: ArrayNode[];
  readonly shape: number[];
  readonly chunks: number[][];

  /** `a.chunks[1]` must equal `b.chunks[0]`. */
  constructor(a: ArrayNode, b: ArrayNode, readonly dtype: DType) {
    super();
    this.inputs = [a, b];
    this.shape = [a.shape[0], b.shape[1]];
    this.chunks = [a.chunks[0], b.chunks[1]];
  }

  override get rereadsInputs(): boolean {
    return true;
  }

  expr(idx: readonly number[], ctx: Lowering): BlockExpr {
    const key = blockKey(this, idx);
    if (!ctx.graph.has(key)) {
      const [a, b] = this.inputs;
      const ks = a.shape[1] === 0 ? [] : a.chunks[1].map((_, k) => k);
      const pairs = ks.map((k) => [ctx.block(a, [idx[0], k]), ctx.block(b, [k, idx[1]])]);
      const shape = [this.chunks[0][idx[0]], this.chunks[1][idx[1]]];
      ctx.graph.add({ key, group: 'matmul', op: taskOp('matmulBlock'), args: [pairs, this.dtype, shape] });
    }
    return { k: 'block', block: ref(key) };
  }
}
