/**
 * Reshape in C order. The input is first rechunked so every block is a run of whole leading-axis
 * rows (a contiguous range of the flat array); the output is chunked the same way, so each
 * output block is a flat range assembled from flat pieces of the input blocks it overlaps.
 */
import type { BlockExpr } from '../../kernels/block-expr.js';
import { offsets } from '../chunks.js';
import type { Lowering } from '../lowering.js';
import { ArrayNode } from '../node.js';

export class ReshapeNode extends ArrayNode {
  readonly label = 'reshape';
  readonly inputs: ArrayNode[];
  readonly chunks: number[][];
  readonly dtype;
  private readonly inRow: number;
  private readonly outRow: number;

  /** `input` must have whole chunks along every axis but the first. */
  constructor(input: ArrayNode, readonly shape: number[]) {
    super();
    this.inputs = [input];
    this.dtype = input.dtype;
    this.inRow = input.shape.slice(1).reduce((a, b) => a * b, 1);
    this.outRow = shape.slice(1).reduce((a, b) => a * b, 1);
    const inBlock = input.shape.length === 0 ? 1 : input.chunks[0].reduce((m, c) => Math.max(m, c), 0) * this.inRow;
    const rows = Math.max(1, Math.round(inBlock / Math.max(this.outRow, 1)));
    this.chunks = shape.map((d, i) => (i === 0 ? splitRows(d, rows) : [d]));
  }

  override get rereadsInputs(): boolean {
    return true;
  }

  expr(idx: readonly number[], ctx: Lowering): BlockExpr {
    const input = this.inputs[0];
    const blockShape = idx.map((i, d) => this.chunks[d][i]);
    const first = this.shape.length === 0 ? 0 : offsets(this.chunks[0])[idx[0]] * this.outRow;
    const size = blockShape.reduce((a, b) => a * b, 1);
    const inRows = input.shape.length === 0 ? [1] : input.chunks[0];
    const inStarts = offsets(inRows);
    const parts: { at: number[]; x: BlockExpr }[] = [];
    inRows.forEach((rows, b) => {
      const lo = inStarts[b] * this.inRow;
      const hi = lo + rows * this.inRow;
      const s = Math.max(lo, first);
      const e = Math.min(hi, first + size);
      if (e <= s) return;
      const inIdx = input.shape.map((_, d) => (d === 0 ? b : 0));
      const flat: BlockExpr = { k: 'reshape', shape: [hi - lo], x: ctx.block(input, inIdx) };
      parts.push({ at: [s - first], x: { k: 'slice', start: [s - lo], step: [1], shape: [e - s], x: flat } });
    });
    return { k: 'reshape', shape: blockShape, x: { k: 'assemble', dtype: this.dtype, shape: [size], parts } };
  }
}

function splitRows(d: number, rows: number): number[] {
  if (d === 0) return [0];
  const out: number[] = [];
  for (let s = 0; s < d; s += rows) out.push(Math.min(rows, d - s));
  return out;
}
