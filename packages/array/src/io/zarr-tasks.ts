/**
 * Zarr reads and writes as worker tasks (zarrita over a FileSystemStore): a task reads or
 * writes exactly one chunk, so blocks go between disk and workers without visiting the calling
 * thread. Opened arrays are cached per thread.
 */
import FileSystemStore from '@zarrita/storage/fs';
import * as zarr from 'zarrita';
import type { DType, TypedArray } from '../dtype.js';
import { cStrides, toContiguous, type Block } from '../kernels/block.js';
import type { BlockExpr } from '../kernels/block-expr.js';
import { evaluate } from '../kernels/evaluate.js';

type ZArray = zarr.Array<zarr.DataType, FileSystemStore>;
const opened = new Map<string, Promise<ZArray>>();

/** `token` names one toZarr/fromZarr call, so a rewritten array is opened afresh. */
function openArray(root: string, token: string): Promise<ZArray> {
  const key = `${token}\0${root}`;
  let a = opened.get(key);
  if (!a) {
    a = zarr.open.v3(new FileSystemStore(root), { kind: 'array' }) as Promise<ZArray>;
    opened.set(key, a);
  }
  return a;
}

/** Reads chunk `idx` (cut to the array's edge). */
export async function readZarrBlock(root: string, token: string, idx: number[], shape: number[], dtype: DType): Promise<Block> {
  const arr = await openArray(root, token);
  const chunk = await arr.getChunk(idx);
  let data = chunk.data as unknown as TypedArray;
  if (dtype === 'bool') {
    const b = chunk.data as unknown as zarr.BoolArray;
    data = new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.length).slice();
  }
  const view: Block = { data, dtype, shape, strides: chunk.stride, offset: 0 };
  return toContiguous(view);
}

/** Evaluates a block and writes it as chunk `idx`, whose first element is at `start`. */
export async function writeZarrBlock(root: string, token: string, start: number[], expr: BlockExpr): Promise<number> {
  const arr = await openArray(root, token);
  const b = toContiguous(evaluate(expr));
  if (b.data.length === 0) return 0;
  const selection = start.map((s, d) => zarr.slice(s, s + b.shape[d]));
  const data = b.dtype === 'bool' ? new zarr.BoolArray(b.data.buffer as ArrayBuffer, b.data.byteOffset, b.data.length) : b.data;
  await zarr.set(arr as zarr.Array<zarr.DataType, FileSystemStore>, selection, { data, shape: [...b.shape], stride: cStrides(b.shape) } as never);
  return b.data.byteLength;
}
