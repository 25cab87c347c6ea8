/**
 * compute(): lowers a node into a task graph whose outputs are the node's blocks, runs it on
 * the scheduler (the current client's executor, else the shared pool), and places the blocks
 * into one C-ordered typed array. A 0-d result comes back as a number (a bigint for int64).
 */
import { runContext, runGraph, type RunOptions, type TaskRef } from '@floe/scheduler';
import { allocate, type Scalar } from '../dtype.js';
import { NDArray } from '../api/ndarray.js';
import { cStrides, forEachRow, sizeOf, type Block } from '../kernels/block.js';
import { blockIndices, offsets } from './chunks.js';
import { blockKey, Lowering, taskOp } from './lowering.js';
import type { ArrayNode } from './node.js';

export type ComputeOptions = RunOptions;

/** The task graph computing every block of `node`, and each block's output key. */
export function lower(node: ArrayNode): { ctx: Lowering; outputs: { idx: number[]; key: string }[] } {
  const ctx = new Lowering(node);
  const outputs: { idx: number[]; key: string }[] = [];
  for (const idx of blockIndices(node.chunks)) {
    const e = node.expr(idx, ctx);
    let key: string;
    if (e.k === 'block' && typeof (e.block as TaskRef).$ref === 'string') key = (e.block as TaskRef).$ref;
    else key = ctx.graph.add({ key: blockKey(node, idx), group: node.label, op: taskOp('evalBlock'), args: [e] });
    outputs.push({ idx, key });
  }
  return { ctx, outputs };
}

export async function computeNode(node: ArrayNode, options: ComputeOptions = {}): Promise<NDArray | Scalar> {
  const { ctx, outputs } = lower(node);
  const run = runContext(options, 'array compute()');
  const out = allocate(node.dtype, sizeOf(node.shape)) as unknown as { [i: number]: Scalar };
  const strides = cStrides(node.shape);
  const starts = node.chunks.map(offsets);
  const byKey = new Map<string, number[][]>();
  for (const o of outputs) byKey.set(o.key, [...(byKey.get(o.key) ?? []), o.idx]);
  // place each output block as it arrives, so finished blocks are not all held twice
  const place = (key: string, value: unknown): void => {
    for (const idx of byKey.get(key) ?? []) {
      const b = value as Block;
      const src = b.data as unknown as { [i: number]: Scalar };
      let at = 0;
      idx.forEach((i, d) => {
        at += starts[d][i] * strides[d];
      });
      const last = b.shape.length - 1;
      const bs = last >= 0 ? b.strides[last] : 0;
      const os = last >= 0 ? strides[last] : 0;
      forEachRow(b.shape, [b.strides, strides], [b.offset, at], (offs, n) => {
        let i = offs[0];
        let o = offs[1];
        for (let k = 0; k < n; k++, i += bs, o += os) out[o] = src[i];
      });
    }
  };
  try {
    if (outputs.length > 0) {
      await runGraph(ctx.graph, {
        executor: run.executor,
        maxInFlight: options.maxInFlight ?? run.executor.concurrency * 2,
        signal: run.signal,
        onEvent: run.onEvent,
        outputs: [...byKey.keys()],
        onTaskResult: (key, value) => {
          if (byKey.has(key)) place(key, value);
        },
      });
    }
  } finally {
    run.finish();
  }
  if (node.shape.length === 0) return out[0];
  return new NDArray(out as unknown as NDArray['data'], node.shape, node.dtype);
}
