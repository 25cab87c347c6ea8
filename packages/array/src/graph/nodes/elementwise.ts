/**
 * Elementwise nodes (unary, binary, where, cast) with NumPy broadcasting. Inputs share the
 * output's chunks along every axis where they are not broadcast (the API rechunks them first),
 * so output block i reads block i of each input (block 0 along a broadcast axis).
 */
import type { DType } from '../../dtype.js';
import type { BlockExpr } from '../../kernels/block-expr.js';
import type { BinaryOp, UnaryOp } from '../../kernels/elementwise-ops.js';
import type { Chunks } from '../chunks.js';
import type { Lowering } from '../lowering.js';
import { ArrayNode } from '../node.js';

export type ElementwiseKind =
  | { k: 'unary'; op: UnaryOp }
  | { k: 'binary'; op: BinaryOp }
  | { k: 'where' }
  | { k: 'cast'; dtype: DType };

export class ElementwiseNode extends ArrayNode {
  readonly label: string;
  constructor(readonly kind: ElementwiseKind, readonly inputs: ArrayNode[], readonly shape: number[], readonly chunks: Chunks, readonly dtype: DType) {
    super();
    this.label = kind.k === 'unary' || kind.k === 'binary' ? kind.op : kind.k;
  }

  override get cheap(): boolean {
    return this.kind.k === 'cast' && this.inputs[0].cheap;
  }

  expr(idx: readonly number[], ctx: Lowering): BlockExpr {
    const ins = this.inputs.map((x) => ctx.block(x, inputIndex(x, idx, this.shape.length)));
    switch (this.kind.k) {
      case 'unary': return { k: 'unary', op: this.kind.op, x: ins[0] };
      case 'binary': return { k: 'binary', op: this.kind.op, a: ins[0], b: ins[1] };
      case 'where': return { k: 'where', cond: ins[0], a: ins[1], b: ins[2] };
      case 'cast': return { k: 'cast', dtype: this.kind.dtype, x: ins[0] };
    }
  }
}

/** The block of a broadcast input that lines up with output block `idx`. */
function inputIndex(x: ArrayNode, idx: readonly number[], nd: number): number[] {
  const lead = nd - x.shape.length;
  return x.shape.map((d, i) => (d === 1 && x.chunks[i].length === 1 ? 0 : idx[i + lead]));
}
