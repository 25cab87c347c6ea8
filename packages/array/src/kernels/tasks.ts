/**
 * The task functions array graphs name (module + export): the only code of this package that
 * runs in pool workers. Arguments are plain data — block expressions, fold specs, reduction
 * names — never closures; results are Blocks and reduction states, whose buffers transfer.
 */
import type { DType, TypedArray } from '../dtype.js';
import { contiguous, sizeOf, toContiguous, type Block } from './block.js';
import type { BlockExpr } from './block-expr.js';
import { evaluate } from './evaluate.js';
import { matmulPairs } from './matmul.js';
import { randomBlock } from './random.js';
import { fusedSum } from './reductions/fused-sum.js';
import type { FoldInput, ReduceOptions, State } from './reductions/reduction.js';
import { REDUCTIONS, type ReductionName } from './reductions/registry.js';

/**
 * A block computed once because several consumers read it (or an output block). Its values go
 * into a SharedArrayBuffer: the calling thread and every reading worker then see the same
 * memory, instead of a structured-clone copy per reader on the calling thread.
 */
export function evalBlock(expr: BlockExpr): Block {
  if (expr.k === 'random') return randomBlock(expr.dist, expr.dtype, expr.shape, expr.seed, expr.stream, true);
  const b = compact(evaluate(expr));
  if (b.data.buffer instanceof SharedArrayBuffer || b.data.length <= 1) return b;
  const Ctor = b.data.constructor as new (buffer: SharedArrayBuffer) => TypedArray;
  const shared = new Ctor(new SharedArrayBuffer(b.data.byteLength));
  (shared as Float64Array).set(b.data as Float64Array);
  return { ...b, data: shared };
}

/** A view over a bigger buffer would drag the whole buffer across threads: copy what it shows. */
function compact(b: Block): Block {
  return b.data.length > sizeOf(b.shape) ? toContiguous(b) : b;
}

export interface FoldSpec {
  outStrides: number[];
  cells: number;
  idxStrides: number[];
  idxOffset: number;
}

export function reducePartial(name: ReductionName, expr: BlockExpr, spec: FoldSpec): State {
  const fused = fusedSum(name, expr, spec.cells, evaluate);
  if (fused) return fused;
  const input: FoldInput = { block: evaluate(expr), ...spec };
  return REDUCTIONS[name].fold(input);
}

export function reduceCombine(name: ReductionName, states: State[]): State {
  const r = REDUCTIONS[name];
  let acc = states[0];
  for (let i = 1; i < states.length; i++) acc = r.merge(acc, states[i]);
  return acc;
}

export function reduceFinal(name: ReductionName, states: State[], input: DType, options: ReduceOptions, shape: number[]): Block {
  const r = REDUCTIONS[name];
  const data = r.finalize(reduceCombine(name, states), input, options);
  return contiguous(data, r.outDType(input), shape);
}

/** One block of a blocked matrix product: the sum over k of A[i,k] @ B[k,j] (blocks evaluated one pair at a time). */
export function matmulBlock(pairs: [BlockExpr, BlockExpr][], dtype: DType, shape: [number, number]): Block {
  const blocks = (function* (): Generator<[Block, Block]> {
    for (const [a, b] of pairs) yield [evaluate(a), evaluate(b)];
  })();
  return contiguous(matmulPairs(blocks, dtype, shape), dtype, shape);
}
