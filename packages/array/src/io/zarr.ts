/**
 * Chunked storage on disk in Zarr v3 (through zarrita): `x.toZarr('cube.zarr')` writes one
 * Zarr chunk per block from the workers; `fromZarr('cube.zarr')` is lazy — it reads only the
 * metadata now, and each block is read by the task that needs it.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ref, runContext, runGraph, type RunOptions } from '@floe/scheduler';
import FileSystemStore from '@zarrita/storage/fs';
import * as zarr from 'zarrita';
import { ChunkedArray } from '../api/chunked-array.js';
import type { DType } from '../dtype.js';
import type { BlockExpr } from '../kernels/block-expr.js';
import { blockIndices, blockShape, offsets, type ChunksArg } from '../graph/chunks.js';
import { blockKey, Lowering } from '../graph/lowering.js';
import { ArrayNode } from '../graph/node.js';
import { fromZarrDType, toZarrDType } from './zarr-dtype.js';

const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const TASKS = new URL(`./zarr-tasks${ext}`, import.meta.url).href;

export interface ToZarrOptions extends RunOptions {
  /** Replace an array already at the path (default false: refuse). */
  overwrite?: boolean;
  /** Chunk compression: 'zstd' (default, level 1, through numcodecs' WebAssembly build) or 'none'. */
  compression?: 'zstd' | 'none';
}

export async function toZarr(x: ChunkedArray, path: string, options: ToZarrOptions = {}): Promise<void> {
  const root = resolve(path);
  if (existsSync(root)) {
    if (!options.overwrite) throw new Error(`${path} already exists; pass { overwrite: true } to replace it`);
    rmSync(root, { recursive: true, force: true });
  }
  // Zarr chunks are regular: every chunk but the last along an axis has the first one's length
  const chunkShape = x.chunks.map((c) => Math.max(1, c[0]));
  const regular = x.chunks.every((c, d) => c.every((n, i) => (i === c.length - 1 ? n <= chunkShape[d] : n === chunkShape[d])));
  const y = regular ? x : x.rechunk(chunkShape);
  const fillValue = y.dtype === 'bool' ? false : 0; // metadata is JSON: int64 too takes a plain 0
  const codecs = [{ name: 'bytes', configuration: { endian: 'little' } }];
  if ((options.compression ?? 'zstd') === 'zstd') codecs.push({ name: 'zstd', configuration: { level: 1, checksum: false } } as never);
  await zarr.create(new FileSystemStore(root), { shape: [...y.shape], chunkShape, dtype: toZarrDType(y.dtype), fillValue, codecs } as never);
  const ctx = new Lowering(y.node);
  const token = randomUUID();
  const keys: string[] = [];
  for (const idx of blockIndices(y.chunks)) {
    if (blockShape(y.chunks, idx).some((n) => n === 0)) continue;
    const start = idx.map((b, d) => offsets(y.chunks[d])[b]);
    keys.push(ctx.graph.add({ key: blockKey(y.node, idx, '-to-zarr'), group: 'to-zarr', op: { module: TASKS, export: 'writeZarrBlock' }, args: [root, token, start, ctx.block(y.node, idx)] }));
  }
  const run = runContext(options, 'toZarr()');
  try {
    await runGraph(ctx.graph, { executor: run.executor, maxInFlight: run.executor.concurrency * 2, signal: run.signal, onEvent: run.onEvent, outputs: keys });
  } finally {
    run.finish();
  }
}

/** A Zarr v3 array on disk as a lazy array (its own chunks, unless `chunks` asks for others). */
export function fromZarr(path: string, options: { chunks?: ChunksArg } = {}): ChunkedArray {
  const root = resolve(path);
  let meta: { shape: number[]; data_type: string; chunk_grid?: { configuration?: { chunk_shape?: number[] } }; zarr_format?: number };
  try {
    meta = JSON.parse(readFileSync(join(root, 'zarr.json'), 'utf8'));
  } catch (err) {
    throw new Error(`no Zarr v3 array at ${path} (reading zarr.json: ${(err as Error).message})`);
  }
  const chunkShape = meta.chunk_grid?.configuration?.chunk_shape;
  if (meta.zarr_format !== 3 || !Array.isArray(meta.shape) || !chunkShape) throw new Error(`${path} is not a Zarr v3 array with a regular chunk grid`);
  const x = new ChunkedArray(new ZarrNode(root, meta.shape, chunkShape, fromZarrDType(meta.data_type, path)));
  return options.chunks === undefined ? x : x.rechunk(options.chunks);
}

class ZarrNode extends ArrayNode {
  readonly label = 'from-zarr';
  readonly inputs = [];
  readonly chunks: number[][];
  private readonly token = randomUUID();

  constructor(readonly root: string, readonly shape: number[], chunkShape: number[], readonly dtype: DType) {
    super();
    this.chunks = shape.map((d, i) => {
      if (d === 0) return [0];
      const out: number[] = [];
      for (let s = 0; s < d; s += chunkShape[i]) out.push(Math.min(chunkShape[i], d - s));
      return out;
    });
  }

  override get cheap(): boolean {
    return true; // its blocks are references to read tasks
  }

  expr(idx: readonly number[], ctx: Lowering): BlockExpr {
    const key = blockKey(this, idx);
    const shape = blockShape(this.chunks, idx);
    if (shape.some((n) => n === 0)) return { k: 'fill', dtype: this.dtype, shape, value: this.dtype === 'int64' ? 0n : 0 };
    if (!ctx.graph.has(key)) ctx.graph.add({ key, group: 'from-zarr', op: { module: TASKS, export: 'readZarrBlock' }, args: [this.root, this.token, [...idx], shape, this.dtype] });
    return { k: 'block', block: ref(key) };
  }
}
