/**
 * What one output block is, as plain data: a small expression that a worker evaluates into a
 * Block. Blockwise operations (creation, elementwise math, transposes, slices) nest into one
 * expression, so a chain like `ones(...).mul(2).add(1).sum()` runs as ONE task per block and no
 * intermediate block crosses a thread. A `block` leaf holds a Block, or a TaskRef the scheduler
 * replaces with another task's block.
 */
import type { TaskRef } from '@floe/scheduler';
import type { DType } from '../dtype.js';
import type { Block } from './block.js';
import type { BinaryOp, UnaryOp } from './elementwise-ops.js';
import type { Distribution } from './random.js';

export type BlockExpr =
  | { k: 'fill'; dtype: DType; shape: number[]; value: number | bigint }
  /** start and step are bigints for an int64 range of integers (exact past 2^53). */
  | { k: 'arange'; dtype: DType; start: number | bigint; step: number | bigint; n: number }
  | { k: 'random'; dtype: DType; shape: number[]; dist: Distribution; seed: number; stream: number }
  | { k: 'block'; block: Block | TaskRef }
  | { k: 'unary'; op: UnaryOp; x: BlockExpr }
  | { k: 'binary'; op: BinaryOp; a: BlockExpr; b: BlockExpr }
  | { k: 'where'; cond: BlockExpr; a: BlockExpr; b: BlockExpr }
  | { k: 'cast'; dtype: DType; x: BlockExpr }
  | { k: 'transpose'; axes: number[]; x: BlockExpr }
  /** Per axis: start, step (may be negative) and length of the result. */
  | { k: 'slice'; start: number[]; step: number[]; shape: number[]; x: BlockExpr }
  | { k: 'reshape'; shape: number[]; x: BlockExpr }
  /** A new block built from pieces: each piece is copied at `at` (its shape is its own). */
  | { k: 'assemble'; dtype: DType; shape: number[]; parts: { at: number[]; x: BlockExpr }[] };

/** True when evaluating the expression is next to free (no reason to compute it once and share it). */
export function isCheap(e: BlockExpr): boolean {
  switch (e.k) {
    case 'fill': case 'arange': case 'block': return true;
    case 'cast': case 'transpose': case 'slice': return isCheap(e.x);
    default: return false;
  }
}
