/**
 * Basic slicing with steps (and integer indexes, which drop their axis). Each output block
 * comes from exactly one input block — the input block's selected elements — so slicing is a
 * view fused into the reader, never a copy task. Empty pieces are dropped from the chunks.
 */
import type { BlockExpr } from '../../kernels/block-expr.js';
import { offsets } from '../chunks.js';
import type { Lowering } from '../lowering.js';
import { ArrayNode } from '../node.js';

/** One axis of a slice, normalized: start, step, and how many elements it selects. */
export interface AxisSlice {
  start: number;
  step: number;
  length: number;
  /** An integer index: the axis is dropped from the result. */
  drop: boolean;
}

interface Piece {
  block: number;
  /** First selected element, relative to the input block. */
  start: number;
  length: number;
}

export class SliceNode extends ArrayNode {
  readonly label = 'slice';
  readonly inputs: ArrayNode[];
  readonly shape: number[];
  readonly chunks: number[][];
  readonly dtype;
  /** Per input axis, the pieces of input blocks making the output chunks. */
  private readonly pieces: Piece[][];

  constructor(input: ArrayNode, readonly axes: AxisSlice[]) {
    super();
    this.inputs = [input];
    this.dtype = input.dtype;
    this.pieces = axes.map((s, d) => piecesOf(s, input.chunks[d]));
    this.shape = axes.filter((s) => !s.drop).map((s) => s.length);
    this.chunks = this.pieces.filter((_, d) => !axes[d].drop).map((p) => (p.length === 0 ? [0] : p.map((x) => x.length)));
  }

  override get cheap(): boolean {
    return this.inputs[0].cheap;
  }

  expr(idx: readonly number[], ctx: Lowering): BlockExpr {
    const inIdx: number[] = [];
    const start: number[] = [];
    const step: number[] = [];
    const shape: number[] = [];
    let o = 0;
    this.axes.forEach((s, d) => {
      const p = this.pieces[d].length === 0 ? { block: 0, start: 0, length: 0 } : this.pieces[d][s.drop ? 0 : idx[o]];
      if (!s.drop) o++;
      inIdx.push(p.block);
      start.push(p.start);
      step.push(s.step);
      shape.push(p.length);
    });
    const x: BlockExpr = { k: 'slice', start, step, shape, x: ctx.block(this.inputs[0], inIdx) };
    if (!this.axes.some((s) => s.drop)) return x;
    return { k: 'reshape', shape: shape.filter((_, d) => !this.axes[d].drop), x };
  }
}

function piecesOf(s: AxisSlice, chunks: readonly number[]): Piece[] {
  const starts = offsets(chunks);
  const out: Piece[] = [];
  let i = 0;
  while (i < s.length) {
    const pos = s.start + i * s.step;
    let b = 0;
    while (b + 1 < starts.length && starts[b + 1] <= pos) b++;
    const lo = starts[b];
    const hi = lo + chunks[b];
    // how many more selected positions stay inside [lo, hi)
    const room = s.step > 0 ? Math.floor((hi - 1 - pos) / s.step) + 1 : Math.floor((pos - lo) / -s.step) + 1;
    const n = Math.min(room, s.length - i);
    out.push({ block: b, start: pos - lo, length: n });
    i += n;
  }
  return out;
}
