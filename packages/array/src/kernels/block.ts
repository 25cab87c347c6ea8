/**
 * A chunk as it travels between tasks: a typed array seen through shape, strides and offset
 * (strides in elements, C order when contiguous). Views — transposes, slices with steps,
 * broadcasts, a constant's zero strides — cost no copy; kernels read through the strides.
 * Plain data, so a block crosses threads by structured clone with its buffer transferred.
 */
import { allocate, type DType, type TypedArray } from '../dtype.js';

export interface Block {
  readonly data: TypedArray;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function cStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

export function contiguous(data: TypedArray, dtype: DType, shape: readonly number[]): Block {
  return { data, dtype, shape: [...shape], strides: cStrides(shape), offset: 0 };
}

export function emptyBlock(dtype: DType, shape: readonly number[]): Block {
  return contiguous(allocate(dtype, sizeOf(shape)), dtype, shape);
}

export function isContiguous(b: Block): boolean {
  const c = cStrides(b.shape);
  for (let i = 0; i < b.shape.length; i++) if (b.shape[i] > 1 && b.strides[i] !== c[i]) return false;
  return true;
}

/**
 * Walks every element of `shape` in C order, row by row: calls `row(offsets, n)` once per
 * innermost row, with each operand's offset at the row start (operand k steps by
 * `strides[k][last]` along the row). Never allocates per element.
 */
export function forEachRow(shape: readonly number[], strides: readonly (readonly number[])[], offsets: readonly number[], row: (offs: number[], n: number) => void): void {
  const nd = shape.length;
  const ops = strides.length;
  if (sizeOf(shape) === 0) return;
  const offs = [...offsets];
  if (nd === 0) {
    row(offs, 1);
    return;
  }
  const n = shape[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  for (;;) {
    row(offs, n);
    let d = nd - 2;
    for (; d >= 0; d--) {
      idx[d]++;
      for (let k = 0; k < ops; k++) offs[k] += strides[k][d];
      if (idx[d] < shape[d]) break;
      for (let k = 0; k < ops; k++) offs[k] -= strides[k][d] * shape[d];
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

/** A C-contiguous copy (the block itself when it already is one over its whole buffer). */
export function toContiguous(b: Block): Block {
  const n = sizeOf(b.shape);
  if (b.offset === 0 && b.data.length === n && isContiguous(b)) return b;
  if (b.strides.every((s) => s === 0)) {
    // a constant (a fill, or a broadcast scalar): one value everywhere
    const out = allocate(b.dtype, n);
    (out as Float64Array).fill(b.data[b.offset] as number);
    return contiguous(out, b.dtype, b.shape);
  }
  const out = allocate(b.dtype, n) as unknown as { [i: number]: number | bigint };
  const src = b.data as unknown as { [i: number]: number | bigint };
  const last = b.shape.length - 1;
  const step = last >= 0 ? b.strides[last] : 0;
  let o = 0;
  forEachRow(b.shape, [b.strides], [b.offset], (offs, len) => {
    let i = offs[0];
    for (let j = 0; j < len; j++, i += step) out[o++] = src[i];
  });
  return contiguous(out as unknown as TypedArray, b.dtype, b.shape);
}

/** Strides that repeat `b` along new leading axes and along its length-1 axes (NumPy broadcasting). */
export function broadcastStrides(b: Block, shape: readonly number[]): number[] {
  const lead = shape.length - b.shape.length;
  return shape.map((d, i) => {
    if (i < lead) return 0;
    const own = b.shape[i - lead];
    if (own === d) return own === 1 ? 0 : b.strides[i - lead];
    if (own === 1) return 0;
    throw new Error(`internal: block of shape [${b.shape}] does not broadcast to [${shape}]`);
  });
}
