/**
 * A new chunking of the same values: each output block is assembled from slices of the input
 * blocks it overlaps. An input block may feed several output blocks, so a costly input is
 * computed once as its own task (see Lowering).
 */
import type { BlockExpr } from '../../kernels/block-expr.js';
import { offsets, type Chunks } from '../chunks.js';
import type { Lowering } from '../lowering.js';
import { ArrayNode } from '../node.js';

export class RechunkNode extends ArrayNode {
  readonly label = 'rechunk';
  readonly inputs: ArrayNode[];
  readonly shape: readonly number[];
  readonly dtype;

  constructor(input: ArrayNode, readonly chunks: Chunks) {
    super();
    this.inputs = [input];
    this.shape = input.shape;
    this.dtype = input.dtype;
  }

  override get rereadsInputs(): boolean {
    return true;
  }

  override get cheap(): boolean {
    return this.inputs[0].cheap;
  }

  expr(idx: readonly number[], ctx: Lowering): BlockExpr {
    const input = this.inputs[0];
    // per axis: the input blocks overlapping this output block, and the overlap
    const perAxis = idx.map((i, d) => {
      const lo = offsets(this.chunks[d])[i];
      const hi = lo + this.chunks[d][i];
      const starts = offsets(input.chunks[d]);
      const out: { block: number; from: number; at: number; n: number }[] = [];
      input.chunks[d].forEach((len, b) => {
        const s = Math.max(lo, starts[b]);
        const e = Math.min(hi, starts[b] + len);
        if (e > s || (len === 0 && hi === lo && b === 0)) out.push({ block: b, from: s - starts[b], at: s - lo, n: Math.max(0, e - s) });
      });
      return out;
    });
    const shape = idx.map((i, d) => this.chunks[d][i]);
    const parts: { at: number[]; x: BlockExpr }[] = [];
    const walk = (d: number, pick: (typeof perAxis)[number]): void => {
      if (d === perAxis.length) {
        const x = ctx.block(input, pick.map((p) => p.block));
        parts.push({ at: pick.map((p) => p.at), x: { k: 'slice', start: pick.map((p) => p.from), step: pick.map(() => 1), shape: pick.map((p) => p.n), x } });
        return;
      }
      for (const p of perAxis[d]) walk(d + 1, [...pick, p]);
    };
    walk(0, []);
    if (parts.length === 1 && parts[0].at.every((a) => a === 0)) return parts[0].x;
    return { k: 'assemble', dtype: this.dtype, shape, parts };
  }
}
