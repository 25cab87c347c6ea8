/**
 * A reduction over some axes, as a tree on the workers: one `partial` task per input block
 * (fused with whatever made the block, so the block never leaves its worker), `combine` tasks
 * merging up to SPLIT_EVERY states each, and a `final` task per output block. Tasks are added
 * depth-first, so the scheduler merges partials as they arrive instead of holding them all.
 */
import { ref } from '@floe/scheduler';
import type { DType } from '../../dtype.js';
import { cStrides } from '../../kernels/block.js';
import type { BlockExpr } from '../../kernels/block-expr.js';
import type { ReduceOptions } from '../../kernels/reductions/reduction.js';
import { REDUCTIONS, type ReductionName } from '../../kernels/reductions/registry.js';
import type { FoldSpec } from '../../kernels/tasks.js';
import { blockShape, offsets, type Chunks } from '../chunks.js';
import { blockKey, taskOp, type Lowering } from '../lowering.js';
import { ArrayNode } from '../node.js';

export const SPLIT_EVERY = 8;

export class ReduceNode extends ArrayNode {
  readonly label: string;
  readonly inputs: ArrayNode[];
  readonly shape: number[];
  readonly chunks: Chunks;
  readonly dtype: DType;
  private readonly reduced: Set<number>;

  constructor(input: ArrayNode, readonly name: ReductionName, axes: readonly number[], readonly keepdims: boolean, readonly options: ReduceOptions) {
    super();
    this.label = name;
    this.inputs = [input];
    this.reduced = new Set(axes);
    this.dtype = REDUCTIONS[name].outDType(input.dtype);
    const kept = (_: unknown, d: number): boolean => keepdims || !this.reduced.has(d);
    this.shape = input.shape.map((n, d) => (this.reduced.has(d) ? 1 : n)).filter(kept);
    this.chunks = input.chunks.map((c, d) => (this.reduced.has(d) ? [1] : c)).filter(kept);
  }

  override get cheap(): boolean {
    return true; // its blocks are references to its final tasks
  }

  expr(idx: readonly number[], ctx: Lowering): BlockExpr {
    const key = blockKey(this, idx, '-final');
    if (!ctx.graph.has(key)) this.addTasks(idx, key, ctx);
    return { k: 'block', block: ref(key) };
  }

  private addTasks(outIdx: readonly number[], finalKey: string, ctx: Lowering): void {
    const input = this.inputs[0];
    const nd = input.shape.length;
    // the input index with kept axes fixed by the output block
    const fixed: (number | null)[] = [];
    let o = 0;
    for (let d = 0; d < nd; d++) {
      if (this.reduced.has(d)) {
        fixed.push(null);
        if (this.keepdims) o++;
      } else fixed.push(outIdx[o++]);
    }
    const inputs: number[][] = [];
    const walk = (d: number, idx: number[]): void => {
      if (d === nd) {
        inputs.push(idx);
        return;
      }
      const f = fixed[d];
      if (f !== null) walk(d + 1, [...idx, f]);
      else for (let b = 0; b < input.chunks[d].length; b++) walk(d + 1, [...idx, b]);
    };
    walk(0, []);
    pairTransposes(inputs, input.chunks);
    let serial = 0;
    const partial = (idx: number[]): string => ctx.graph.add({
      key: blockKey(this, idx, '-partial'),
      group: `${this.name}-partial`,
      op: taskOp('reducePartial'),
      args: [this.name, ctx.block(input, idx), this.foldSpec(idx)],
    });
    const tree = (items: number[][]): string => {
      if (items.length === 1) return partial(items[0]);
      const keys = groups(items).map((g) => (g.length === 1 ? partial(g[0]) : tree(g)));
      return ctx.graph.add({ key: `${blockKey(this, outIdx, '-combine')}.${serial++}`, group: `${this.name}-combine`, op: taskOp('reduceCombine'), args: [this.name, keys.map((k) => ref(k))] });
    };
    const top = inputs.length <= SPLIT_EVERY ? inputs.map(partial) : groups(inputs).map((g) => (g.length === 1 ? partial(g[0]) : tree(g)));
    const outShape = outIdx.map((i, d) => this.chunks[d][i]);
    ctx.graph.add({ key: finalKey, group: `${this.name}-final`, op: taskOp('reduceFinal'), args: [this.name, top.map((k) => ref(k)), input.dtype, this.options, outShape] });
  }

  private foldSpec(idx: readonly number[]): FoldSpec {
    const input = this.inputs[0];
    const shape = blockShape(input.chunks, idx);
    const kshape = shape.map((n, d) => (this.reduced.has(d) ? 1 : n));
    const outStrides = cStrides(kshape).map((s, d) => (this.reduced.has(d) ? 0 : s));
    const cells = kshape.reduce((a, b) => a * b, 1);
    const origin = idx.map((b, d) => offsets(input.chunks[d])[b]);
    let idxStrides = shape.map(() => 0);
    let idxOffset = 0;
    if (this.name === 'argmin' || this.name === 'argmax') {
      if (this.reduced.size === input.shape.length) {
        idxStrides = cStrides(input.shape);
        idxOffset = origin.reduce((s, v, d) => s + v * idxStrides[d], 0);
      } else {
        const a = [...this.reduced][0];
        idxStrides = shape.map((_, d) => (d === a ? 1 : 0));
        idxOffset = origin[a];
      }
    }
    return { outStrides, cells, idxStrides, idxOffset };
  }
}

/** Consecutive groups so that the tree has at most SPLIT_EVERY children per node. */
function groups<T>(items: T[]): T[][] {
  let size = 1;
  while (size * SPLIT_EVERY < items.length) size *= SPLIT_EVERY;
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * For a square grid of 2-d blocks reduced whole, visit block (j, i) right after (i, j): in
 * `x + x.T` both read the same two blocks of x, which are then freed together instead of
 * waiting (up to half of x) for the other half of the grid. Any order gives the same reduction.
 */
function pairTransposes(items: number[][], chunks: readonly (readonly number[])[]): void {
  if (chunks.length !== 2 || chunks[0].length !== chunks[1].length || items.length !== chunks[0].length ** 2) return;
  const n = chunks[0].length;
  items.length = 0;
  for (let i = 0; i < n; i++) {
    items.push([i, i]);
    for (let j = i + 1; j < n; j++) items.push([i, j], [j, i]);
  }
}
