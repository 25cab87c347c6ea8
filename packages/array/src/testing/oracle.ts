/**
 * The straightforward in-memory answers tests compare against: whole arrays as flat number
 * lists with a shape, every result computed element by element with no chunks and no tasks.
 */
import { InlineExecutor } from '@floe/scheduler';
import type { ChunkedArray } from '../api/chunked-array.js';
import { NDArray } from '../api/ndarray.js';
import { cStrides } from '../kernels/block.js';

export interface Ref {
  data: number[];
  shape: number[];
}

export const inline = new InlineExecutor();

export async function run(x: ChunkedArray): Promise<Ref> {
  const v = await x.compute({ executor: inline });
  if (v instanceof NDArray) return { data: Array.from(v.data as ArrayLike<number | bigint>, Number), shape: [...v.shape] };
  return { data: [Number(v)], shape: [] };
}

/** Deterministic pseudo-random values (an LCG), with some NaN if asked. */
export function values(n: number, seed = 1, nanEvery = 0): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, (_, i) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    if (nanEvery > 0 && i % nanEvery === nanEvery - 1) return NaN;
    return Math.round((s / 2 ** 32) * 2000 - 1000) / 10;
  });
}

function index(flat: number, shape: readonly number[]): number[] {
  const out: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    out.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return out;
}

export function refReduce(x: Ref, axes: number[], f: (xs: number[]) => number, keepdims = false): Ref {
  const kshape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const ks = cStrides(kshape);
  const cells = kshape.reduce((a, b) => a * b, 1);
  const groups: number[][] = Array.from({ length: cells }, () => []);
  x.data.forEach((v, i) => {
    const idx = index(i, x.shape);
    groups[idx.reduce((s, c, d) => s + (axes.includes(d) ? 0 : c * ks[d]), 0)].push(v);
  });
  const shape = keepdims ? kshape : x.shape.filter((_, i) => !axes.includes(i));
  return { data: groups.map(f), shape };
}

export function refBinary(a: Ref, b: Ref, f: (p: number, q: number) => number): Ref {
  const n = Math.max(a.shape.length, b.shape.length);
  const shape = Array.from({ length: n }, (_, i) => Math.max(a.shape[a.shape.length - n + i] ?? 1, b.shape[b.shape.length - n + i] ?? 1));
  const size = shape.reduce((s, d) => s * d, 1);
  const at = (r: Ref, idx: number[]): number => {
    const lead = n - r.shape.length;
    const s = cStrides(r.shape);
    return r.data[r.shape.reduce((acc, d, i) => acc + (d === 1 ? 0 : idx[i + lead]) * s[i], 0)];
  };
  return { data: Array.from({ length: size }, (_, i) => f(at(a, index(i, shape)), at(b, index(i, shape)))), shape };
}

export const stats = {
  sum: (xs: number[]) => xs.reduce((a, b) => a + b, 0),
  mean: (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length,
  min: (xs: number[]) => (xs.some(Number.isNaN) ? NaN : Math.min(...xs)),
  max: (xs: number[]) => (xs.some(Number.isNaN) ? NaN : Math.max(...xs)),
  var: (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
  },
  std: (xs: number[]) => Math.sqrt(stats.var(xs)),
  argmin: (xs: number[]) => {
    const nan = xs.findIndex(Number.isNaN);
    return nan >= 0 ? nan : xs.indexOf(Math.min(...xs));
  },
  argmax: (xs: number[]) => {
    const nan = xs.findIndex(Number.isNaN);
    return nan >= 0 ? nan : xs.indexOf(Math.max(...xs));
  },
};

/** Close within a relative tolerance; NaN equals NaN. */
export function expectClose(actual: Ref, expected: Ref, tol = 1e-9): void {
  if (actual.shape.join() !== expected.shape.join()) throw new Error(`shape [${actual.shape}] ≠ expected [${expected.shape}]`);
  actual.data.forEach((v, i) => {
    const e = expected.data[i];
    const ok = (Number.isNaN(v) && Number.isNaN(e)) || v === e || Math.abs(v - e) <= tol * Math.max(1, Math.abs(e));
    if (!ok) throw new Error(`element ${i}: ${v} ≠ expected ${e}`);
  });
}
