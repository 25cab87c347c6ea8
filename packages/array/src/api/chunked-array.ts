/**
 * The lazy chunked n-d array users hold (Dask's `da.Array`): immutable, cheap to build, no
 * data until `compute()`. Methods validate in the user's words and return new arrays; the work
 * happens in tasks on the worker pool (see graph/).
 */
import { visualizeGraph, type VisualizeTarget } from '@floe/scheduler';
import { isFloat, promoteScalar, type DType, type Scalar } from '../dtype.js';
import { checkDType } from '../dtype.js';
import { broadcastShapes } from '../kernels/broadcast.js';
import { binaryResultDType, negativePowerError, unaryResultDType, type BinaryOp, type UnaryOp } from '../kernels/elementwise-ops.js';
import type { ReduceOptions } from '../kernels/reductions/reduction.js';
import type { ReductionName } from '../kernels/reductions/registry.js';
import { normalizeChunks, sameChunks, type Chunks, type ChunksArg } from '../graph/chunks.js';
import { computeNode, lower, type ComputeOptions } from '../graph/compute.js';
import type { ArrayNode } from '../graph/node.js';
import { FillNode } from '../graph/nodes/creation.js';
import { ElementwiseNode, type ElementwiseKind } from '../graph/nodes/elementwise.js';
import { RechunkNode } from '../graph/nodes/rechunk.js';
import { ReduceNode } from '../graph/nodes/reduce.js';
import { ReshapeNode } from '../graph/nodes/reshape.js';
import { SliceNode } from '../graph/nodes/slice.js';
import { TransposeNode } from '../graph/nodes/transpose.js';
import type { NDArray } from './ndarray.js';
import type { ToZarrOptions } from '../io/zarr.js';
import { checkShape, normalizeAxes, normalizeAxis, normalizeSlice, type SliceArg } from './normalize.js';

/** An array or a scalar that broadcasts like one. */
export type ArrayLike = ChunkedArray | number | boolean | bigint;

export interface ReductionOptions {
  /** Axis or axes to reduce (default: all, giving a scalar). Negative counts from the end. */
  axis?: number | readonly number[] | null;
  /** Keep reduced axes as length 1 (so the result broadcasts against the input). */
  keepdims?: boolean;
}

export interface VarianceOptions extends ReductionOptions {
  /** Delta degrees of freedom: divide by n - ddof (default 0, as in NumPy). */
  ddof?: number;
}

export interface ArgOptions {
  /** One axis, or none for the index into the flattened array. */
  axis?: number | null;
  keepdims?: boolean;
}

export class ChunkedArray {
  constructor(readonly node: ArrayNode) {}

  get shape(): readonly number[] {
    return this.node.shape;
  }

  /** Chunk lengths along each axis, e.g. [[250, 250, 250, 250], ...]. */
  get chunks(): Chunks {
    return this.node.chunks;
  }

  get dtype(): DType {
    return this.node.dtype;
  }

  get ndim(): number {
    return this.node.shape.length;
  }

  get size(): number {
    return this.node.shape.reduce((a, b) => a * b, 1);
  }

  get numBlocks(): number {
    return this.node.chunks.reduce((a, c) => a * c.length, 1);
  }

  toString(): string {
    const blocks = this.node.chunks.map((c) => c.length).join(' × ');
    return `ChunkedArray<${this.dtype}>[${this.shape.join(', ')}] in ${blocks || 1} block(s)`;
  }

  /** Runs the graph: an NDArray, or a number (bigint for int64) for a 0-d array. */
  compute(options: ComputeOptions = {}): Promise<NDArray | Scalar> {
    return computeNode(this.node, options);
  }

  /** Writes the array to a Zarr v3 store on disk, one chunk per block, from the workers. */
  async toZarr(path: string, options: ToZarrOptions = {}): Promise<void> {
    const { toZarr } = await import('../io/zarr.js');
    return toZarr(this, path, options);
  }

  /** Draws the task graph (SVG or DOT, picked by the file's extension). */
  async visualize(target: VisualizeTarget = { format: 'svg' }): Promise<string> {
    return visualizeGraph(lower(this.node).ctx.graph, target);
  }

  // ── elementwise ────────────────────────────────────────────────────────────────────────────
  add(other: ArrayLike): ChunkedArray { return this.binary('add', other); }
  sub(other: ArrayLike): ChunkedArray { return this.binary('sub', other); }
  mul(other: ArrayLike): ChunkedArray { return this.binary('mul', other); }
  div(other: ArrayLike): ChunkedArray { return this.binary('div', other); }
  pow(other: ArrayLike): ChunkedArray {
    const r = this.binary('pow', other);
    if (!isFloat(r.dtype) && (typeof other === 'number' || typeof other === 'bigint') && other < 0) throw negativePowerError();
    return r;
  }
  maximum(other: ArrayLike): ChunkedArray { return this.binary('maximum', other); }
  minimum(other: ArrayLike): ChunkedArray { return this.binary('minimum', other); }
  eq(other: ArrayLike): ChunkedArray { return this.binary('eq', other); }
  ne(other: ArrayLike): ChunkedArray { return this.binary('ne', other); }
  lt(other: ArrayLike): ChunkedArray { return this.binary('lt', other); }
  le(other: ArrayLike): ChunkedArray { return this.binary('le', other); }
  gt(other: ArrayLike): ChunkedArray { return this.binary('gt', other); }
  ge(other: ArrayLike): ChunkedArray { return this.binary('ge', other); }
  and(other: ArrayLike): ChunkedArray { return this.binary('and', other); }
  or(other: ArrayLike): ChunkedArray { return this.binary('or', other); }

  neg(): ChunkedArray { return this.unary('neg'); }
  abs(): ChunkedArray { return this.unary('abs'); }
  exp(): ChunkedArray { return this.unary('exp'); }
  log(): ChunkedArray { return this.unary('log'); }
  sqrt(): ChunkedArray { return this.unary('sqrt'); }
  sin(): ChunkedArray { return this.unary('sin'); }
  cos(): ChunkedArray { return this.unary('cos'); }
  floor(): ChunkedArray { return this.unary('floor'); }
  ceil(): ChunkedArray { return this.unary('ceil'); }
  round(): ChunkedArray { return this.unary('round'); }
  isnan(): ChunkedArray { return this.unary('isnan'); }
  not(): ChunkedArray { return this.unary('not'); }

  astype(dtype: DType): ChunkedArray {
    checkDType(dtype);
    if (dtype === this.dtype) return this;
    return elementwise({ k: 'cast', dtype }, [this], dtype);
  }

  private unary(op: UnaryOp): ChunkedArray {
    return elementwise({ k: 'unary', op }, [this], unaryResultDType(op, this.dtype));
  }

  private binary(op: BinaryOp, other: ArrayLike): ChunkedArray {
    const b = asArray(other, this.dtype);
    return elementwise({ k: 'binary', op }, [this, b], binaryResultDType(op, this.dtype, b.dtype));
  }

  // ── reductions ─────────────────────────────────────────────────────────────────────────────
  sum(options: ReductionOptions = {}): ChunkedArray { return this.reduce('sum', options); }
  mean(options: ReductionOptions = {}): ChunkedArray { return this.reduce('mean', options); }
  min(options: ReductionOptions = {}): ChunkedArray { return this.reduce('min', options); }
  max(options: ReductionOptions = {}): ChunkedArray { return this.reduce('max', options); }
  var(options: VarianceOptions = {}): ChunkedArray { return this.reduce('var', options, { ddof: options.ddof ?? 0 }); }
  std(options: VarianceOptions = {}): ChunkedArray { return this.reduce('std', options, { ddof: options.ddof ?? 0 }); }
  argmin(options: ArgOptions = {}): ChunkedArray { return this.argReduce('argmin', options); }
  argmax(options: ArgOptions = {}): ChunkedArray { return this.argReduce('argmax', options); }

  private reduce(name: ReductionName, options: ReductionOptions, extra: ReduceOptions = {}): ChunkedArray {
    const axes = normalizeAxes(options.axis, this.ndim);
    return new ChunkedArray(new ReduceNode(this.node, name, axes, options.keepdims ?? false, extra));
  }

  private argReduce(name: ReductionName, options: ArgOptions): ChunkedArray {
    if (Array.isArray(options.axis)) throw new TypeError(`${name} takes one axis or none (the flattened array), not a list`);
    if (options.axis === null || options.axis === undefined) {
      if (this.ndim === 0) return new ChunkedArray(new FillNode([], [], 'int64', 0n, 'zeros'));
      return new ChunkedArray(new ReduceNode(this.node, name, normalizeAxes(null, this.ndim), options.keepdims ?? false, {}));
    }
    return this.reduce(name, { axis: options.axis, keepdims: options.keepdims });
  }

  // ── shape ──────────────────────────────────────────────────────────────────────────────────
  /** The transpose (axes reversed). */
  get T(): ChunkedArray {
    return this.transpose();
  }

  transpose(axes?: readonly number[]): ChunkedArray {
    const perm = axes === undefined ? this.shape.map((_, i) => this.ndim - 1 - i) : axes.map((a) => normalizeAxis(a, this.ndim));
    if (perm.length !== this.ndim || new Set(perm).size !== perm.length) {
      throw new RangeError(`transpose axes [${axes?.join(', ')}] must name each of the ${this.ndim} axes once`);
    }
    if (perm.every((a, i) => a === i)) return this;
    return new ChunkedArray(new TransposeNode(this.node, perm));
  }

  /**
   * Basic slicing, one entry per axis (missing trailing entries take everything):
   * `null` (all), an index (drops the axis), or `[start, stop]` / `[start, stop, step]` with
   * Python's rules (negative counts from the end, `null` for a default, negative steps reverse).
   */
  slice(spec: readonly SliceArg[]): ChunkedArray {
    if (spec.length > this.ndim) throw new RangeError(`too many indices: the array has ${this.ndim} dimensions, slice got ${spec.length}`);
    const axes = this.shape.map((n, d) => normalizeSlice(spec[d], n, d));
    if (axes.every((s, d) => !s.drop && s.step === 1 && s.start === 0 && s.length === this.shape[d])) return this;
    return new ChunkedArray(new SliceNode(this.node, axes));
  }

  /** The same elements in a new shape, in C order; one entry may be -1 (inferred). */
  reshape(shape: readonly number[]): ChunkedArray {
    const size = this.size;
    const unknown = shape.filter((d) => d === -1).length;
    if (unknown > 1) throw new RangeError('reshape can infer only one dimension (-1)');
    const known = shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const target = checkShape(shape.map((d) => (d === -1 ? (known === 0 ? 0 : size / known) : d)));
    if (target.reduce((a, b) => a * b, 1) !== size || target.some((d) => !Number.isInteger(d))) {
      throw new RangeError(`cannot reshape an array of size ${size} into shape [${shape.join(', ')}]`);
    }
    if (target.length === this.ndim && target.every((d, i) => d === this.shape[i])) return this;
    const whole = this.chunks.map((c, d) => (d === 0 ? c : [this.shape[d]]));
    const input = sameChunks(whole, this.chunks) ? this.node : new RechunkNode(this.node, whole);
    return new ChunkedArray(new ReshapeNode(input, target));
  }

  /** The same values in new chunks (`rechunk(1000)`, `rechunk([1000, -1])`, explicit lists). */
  rechunk(chunks: ChunksArg): ChunkedArray {
    const c = normalizeChunks(this.shape, chunks, this.dtype);
    if (sameChunks(c, this.chunks)) return this;
    return new ChunkedArray(new RechunkNode(this.node, c));
  }
}

/** A scalar as a 0-d array of the dtype NumPy gives it next to an array of dtype `near`. */
export function asArray(x: ArrayLike, near: DType): ChunkedArray {
  if (x instanceof ChunkedArray) return x;
  if (typeof x !== 'number' && typeof x !== 'boolean' && typeof x !== 'bigint') {
    throw new TypeError(`expected an array or a number, got ${typeof x}`);
  }
  const dtype = typeof x === 'boolean' ? 'bool' : promoteScalar(near, x);
  const value = dtype === 'int64' ? BigInt(typeof x === 'boolean' ? Number(x) : x) : Number(x);
  return new ChunkedArray(new FillNode([], [], dtype, value, 'scalar'));
}

/** Broadcasts the inputs, gives them common chunks, and builds the elementwise node. */
export function elementwise(kind: ElementwiseKind, inputs: ChunkedArray[], dtype: DType): ChunkedArray {
  let shape: number[] = [];
  for (const x of inputs) shape = broadcastShapes(shape, x.shape);
  // chunks along each axis: from the first input that spans it
  const chunks = shape.map((d, i) => {
    for (const x of inputs) {
      const j = i - (shape.length - x.ndim);
      if (j >= 0 && x.shape[j] === d) return x.chunks[j];
    }
    return [d];
  });
  const nodes = inputs.map((x) => {
    const lead = shape.length - x.ndim;
    const want = x.shape.map((d, j) => (d === shape[j + lead] ? chunks[j + lead] : [d]));
    return sameChunks(want, x.chunks) ? x.node : new RechunkNode(x.node, want);
  });
  return new ChunkedArray(new ElementwiseNode(kind, nodes, shape, chunks, dtype));
}

