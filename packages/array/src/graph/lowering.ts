/**
 * Lowering: turns the lazy node graph into a task graph, block by block, on demand.
 *
 * Protocol: a node's block is FUSED into the expression of the block that reads it — one task
 * does the whole chain — unless the node is read by more than one consumer (or re-read by one),
 * in which case its block becomes a task of its own (`evalBlock`) and readers get a reference,
 * so it is computed once (e.g. `r` in `r.add(r.T)`). Tasks are added depth-first, in the order
 * the output needs them, which is also the order the scheduler starts them: reductions free
 * their inputs as they go.
 */
import { ref, TaskGraph, type OpRef } from '@floe/scheduler';
import type { BlockExpr } from '../kernels/block-expr.js';
import type { ArrayNode } from './node.js';

const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const TASKS = new URL(`../kernels/tasks${ext}`, import.meta.url).href;

export function taskOp(name: 'evalBlock' | 'reducePartial' | 'reduceCombine' | 'reduceFinal' | 'matmulBlock'): OpRef {
  return { module: TASKS, export: name };
}

export class Lowering {
  readonly graph = new TaskGraph();
  private readonly uses = new Map<ArrayNode, number>();

  constructor(root: ArrayNode) {
    const seen = new Set<ArrayNode>();
    const visit = (n: ArrayNode): void => {
      if (seen.has(n)) return;
      seen.add(n);
      for (const input of n.inputs) {
        this.uses.set(input, (this.uses.get(input) ?? 0) + (n.rereadsInputs ? 2 : 1));
        visit(input);
      }
    };
    visit(root);
  }

  /** Block `idx` of `node` for a reader: fused, or a reference to its own task. */
  block(node: ArrayNode, idx: readonly number[]): BlockExpr {
    if (node.cheap || (this.uses.get(node) ?? 0) <= 1) return node.expr(idx, this);
    return this.materialize(node, idx);
  }

  /** Block `idx` of `node` as a task of its own. */
  materialize(node: ArrayNode, idx: readonly number[]): BlockExpr & { k: 'block' } {
    const key = blockKey(node, idx);
    if (!this.graph.has(key)) {
      const e = node.expr(idx, this);
      if (e.k === 'block') return e;
      this.graph.add({ key, group: node.label, op: taskOp('evalBlock'), args: [e] });
    }
    return { k: 'block', block: ref(key) };
  }
}

export function blockKey(node: ArrayNode, idx: readonly number[], suffix = ''): string {
  return `${node.label}${suffix}-${node.id}-${idx.join('.') || '0'}`;
}
