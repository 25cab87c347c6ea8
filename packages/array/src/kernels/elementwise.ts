/**
 * Elementwise kernels over blocks with NumPy broadcasting: read each operand through its
 * (broadcast) strides, write one new C-contiguous block. Never allocates per element.
 */
import { allocate, promote, type DType, type TypedArray } from '../dtype.js';
import { broadcastStrides, contiguous, forEachRow, isContiguous, sizeOf, type Block } from './block.js';
import { binaryComputeDType, binaryResultDType, binaryScalar, unaryResultDType, unaryScalar, type BinaryOp, type UnaryOp } from './elementwise-ops.js';
import { broadcastShapes } from './broadcast.js';

type Indexed = { [i: number]: number | bigint };

/** Same values in another dtype (a view when nothing changes). */
export function cast(b: Block, dtype: DType): Block {
  if (b.dtype === dtype) return b;
  const n = sizeOf(b.shape);
  const out = allocate(dtype, n) as unknown as Indexed;
  const src = b.data as unknown as Indexed;
  const conv = converter(b.dtype, dtype);
  const step = b.shape.length > 0 ? b.strides[b.shape.length - 1] : 0;
  let o = 0;
  forEachRow(b.shape, [b.strides], [b.offset], (offs, len) => {
    let i = offs[0];
    for (let j = 0; j < len; j++, i += step) out[o++] = conv(src[i]);
  });
  return contiguous(out as unknown as TypedArray, dtype, b.shape);
}

function converter(from: DType, to: DType): (v: number | bigint) => number | bigint {
  if (to === 'bool') return (v) => (v !== 0 && v !== 0n ? 1 : 0);
  if (to === 'int64') return from === 'int64' ? (v) => v : (v) => BigInt(Number.isFinite(v) ? Math.trunc(v as number) : 0);
  if (from === 'int64') return (v) => Number(v);
  return (v) => v; // typed-array stores truncate/wrap (int32) or round (float32)
}

export function unary(op: UnaryOp, x: Block): Block {
  const outType = unaryResultDType(op, x.dtype);
  const c = outType === 'bool' ? x.dtype : outType;
  const a = cast(x, c);
  const f = unaryScalar(op, c) as (v: number | bigint) => number | bigint | boolean;
  const n = sizeOf(a.shape);
  const out = allocate(outType, n) as unknown as { [i: number]: unknown };
  const src = a.data as unknown as Indexed;
  const { shape, strides } = flat(a);
  const step = shape.length > 0 ? strides[shape.length - 1] : 0;
  let o = 0;
  forEachRow(shape, [strides], [a.offset], (offs, len) => {
    let i = offs[0];
    for (let j = 0; j < len; j++, i += step) out[o++] = f(src[i]);
  });
  return contiguous(out as unknown as TypedArray, outType, x.shape);
}

export function binary(op: BinaryOp, x: Block, y: Block): Block {
  const outType = binaryResultDType(op, x.dtype, y.dtype);
  const c = binaryComputeDType(op, x.dtype, y.dtype);
  const a = numberKind(x.dtype) === numberKind(c) && c !== 'bool' ? x : cast(x, c);
  const b = numberKind(y.dtype) === numberKind(c) && c !== 'bool' ? y : cast(y, c);
  const shape = broadcastShapes(a.shape, b.shape);
  const n = sizeOf(shape);
  const out = allocate(outType, n) as unknown as { [i: number]: unknown };
  const f = binaryScalar(op, c) as (p: number | bigint, q: number | bigint) => number | bigint | boolean;
  const ad = a.data as unknown as Indexed;
  const bd = b.data as unknown as Indexed;
  let iterShape: readonly number[] = shape;
  let sa = broadcastStrides(a, shape);
  let sb = broadcastStrides(b, shape);
  if (sameShape(a.shape, shape) && sameShape(b.shape, shape) && isContiguous(a) && isContiguous(b)) {
    iterShape = [n];
    sa = [1];
    sb = [1];
  }
  const last = iterShape.length - 1;
  const stepA = last >= 0 ? sa[last] : 0;
  const stepB = last >= 0 ? sb[last] : 0;
  let o = 0;
  const arith = c !== 'int64' && c !== 'bool' && c !== 'int32' ? ARITH[op] : undefined;
  forEachRow(iterShape, [sa, sb], [a.offset, b.offset], (offs, len) => {
    if (arith) {
      arith(out as Float64Array, o, ad as Float64Array, offs[0], stepA, bd as Float64Array, offs[1], stepB, len);
      o += len;
      return;
    }
    let i = offs[0];
    let j = offs[1];
    for (let k = 0; k < len; k++, i += stepA, j += stepB) out[o++] = f(ad[i], bd[j]);
  });
  return contiguous(out as unknown as TypedArray, outType, shape);
}

/** `cond ? x : y` elementwise, broadcasting all three. */
export function where(cond: Block, x: Block, y: Block): Block {
  const shape = broadcastShapes(broadcastShapes(cond.shape, x.shape), y.shape);
  const outType = promote(x.dtype, y.dtype);
  const a = cast(x, outType);
  const b = cast(y, outType);
  const out = allocate(outType, sizeOf(shape)) as unknown as Indexed;
  const cd = cond.data as unknown as Indexed;
  const ad = a.data as unknown as Indexed;
  const bd = b.data as unknown as Indexed;
  const ss = [broadcastStrides(cond, shape), broadcastStrides(a, shape), broadcastStrides(b, shape)];
  const last = shape.length - 1;
  const steps = ss.map((s) => (last >= 0 ? s[last] : 0));
  let o = 0;
  forEachRow(shape, ss, [cond.offset, a.offset, b.offset], (offs, len) => {
    let c = offs[0];
    let i = offs[1];
    let j = offs[2];
    for (let k = 0; k < len; k++, c += steps[0], i += steps[1], j += steps[2]) {
      const v = cd[c];
      out[o++] = v !== 0 && v !== 0n ? ad[i] : bd[j]; // NaN counts as true, as in NumPy
    }
  });
  return contiguous(out as unknown as TypedArray, outType, shape);
}

const numberKind = (d: DType): 'big' | 'num' => (d === 'int64' ? 'big' : 'num');

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** A contiguous block seen as one row (fewer, longer inner loops). */
function flat(b: Block): { shape: readonly number[]; strides: readonly number[] } {
  return isContiguous(b) ? { shape: [sizeOf(b.shape)], strides: [1] } : b;
}

type RowLoop = (out: Float64Array, o: number, a: Float64Array, i: number, sa: number, b: Float64Array, j: number, sb: number, n: number) => void;

/** Float arithmetic rows without a call per element (the hot case of `x + x.T`, `x * 2`). */
const ARITH: Partial<Record<BinaryOp, RowLoop>> = {
  add: (out, o, a, i, sa, b, j, sb, n) => {
    for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = a[i] + b[j];
  },
  sub: (out, o, a, i, sa, b, j, sb, n) => {
    for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = a[i] - b[j];
  },
  mul: (out, o, a, i, sa, b, j, sb, n) => {
    for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = a[i] * b[j];
  },
  div: (out, o, a, i, sa, b, j, sb, n) => {
    for (let k = 0; k < n; k++, i += sa, j += sb) out[o + k] = a[i] / b[j];
  },
};
