/**
 * Chunk layouts: per axis, the lengths of its chunks (Dask's `chunks` tuple of tuples).
 * Normalizes what users write (`2000`, `[250, 250, 250]`, explicit lists, `'auto'`).
 */
import { itemSize, type DType } from '../dtype.js';

export type Chunks = number[][];
export type ChunksArg = number | readonly number[] | readonly (readonly number[])[] | 'auto';

/** Blocks of about this many bytes when chunks are 'auto' (small enough for several per worker). */
export const AUTO_BLOCK_BYTES = 32 * 1024 * 1024;

export function normalizeChunks(shape: readonly number[], arg: ChunksArg | undefined, dtype: DType): Chunks {
  if (arg === undefined || arg === 'auto') return autoChunks(shape, dtype);
  if (typeof arg === 'number') return shape.map((d) => split(d, arg));
  if (typeof arg !== 'object' || arg === null) throw new TypeError(`chunks must be a number (rows a chunk on every axis), a list (one entry an axis) or 'auto', got ${JSON.stringify(arg)}`);
  if (arg.length !== shape.length) {
    throw new RangeError(`chunks has ${arg.length} entries but the shape [${shape.join(', ')}] has ${shape.length} axes`);
  }
  return shape.map((d, i) => {
    const c = arg[i];
    if (typeof c === 'number') return split(d, c === -1 ? Math.max(d, 1) : c);
    const total = c.reduce((s, x) => s + x, 0);
    if (total !== d || c.some((x) => !Number.isInteger(x) || x < 0)) {
      throw new RangeError(`chunks for axis ${i} (${c.join(', ')}) must be non-negative integers adding up to ${d}`);
    }
    return [...c];
  });
}

function split(d: number, size: number): number[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`a chunk size must be a positive integer, got ${size}`);
  if (d === 0) return [0];
  const out: number[] = [];
  for (let s = 0; s < d; s += size) out.push(Math.min(size, d - s));
  return out;
}

function autoChunks(shape: readonly number[], dtype: DType): Chunks {
  const budget = AUTO_BLOCK_BYTES / itemSize(dtype);
  // shrink the largest axis first until a block fits the budget
  const edge = [...shape].map((d) => Math.max(d, 1));
  let size = edge.reduce((a, b) => a * b, 1);
  while (size > budget) {
    let big = 0;
    for (let i = 1; i < edge.length; i++) if (edge[i] > edge[big]) big = i;
    const next = Math.max(1, Math.ceil(edge[big] / 2));
    size = (size / edge[big]) * next;
    edge[big] = next;
  }
  return shape.map((d, i) => split(d, edge[i]));
}

export function numBlocks(chunks: Chunks): number[] {
  return chunks.map((c) => c.length);
}

/** Start offset of every chunk along an axis. */
export function offsets(c: readonly number[]): number[] {
  const out = new Array<number>(c.length);
  let s = 0;
  for (let i = 0; i < c.length; i++) {
    out[i] = s;
    s += c[i];
  }
  return out;
}

/** Every block index in C order. */
export function* blockIndices(chunks: Chunks): Generator<number[]> {
  const n = numBlocks(chunks);
  if (n.some((x) => x === 0)) return;
  const idx = n.map(() => 0);
  for (;;) {
    yield [...idx];
    let d = n.length - 1;
    for (; d >= 0; d--) {
      if (++idx[d] < n[d]) break;
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

export function blockShape(chunks: Chunks, idx: readonly number[]): number[] {
  return idx.map((i, d) => chunks[d][i]);
}

export function sameChunks(a: Chunks, b: Chunks): boolean {
  return a.length === b.length && a.every((c, i) => c.length === b[i].length && c.every((x, j) => x === b[i][j]));
}
