/**
 * Seeded random blocks, generated inside the worker that needs them. Each block has its own
 * stream (xoshiro128** seeded through splitmix32 from the user's seed and the block's index),
 * so a block's values depend only on (seed, chunking, block index): the same on any worker, in
 * any order, on a re-run after a lost worker.
 */
import { allocate, type DType, type TypedArray } from '../dtype.js';
import { contiguous, sizeOf, type Block } from './block.js';

export type Distribution =
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'normal'; loc: number; scale: number }
  | { kind: 'integers'; low: number; high: number };

/**
 * xoshiro128** with its state in int32 locals (fields holding uint32 values would be boxed
 * doubles on V8's heap: a ~50× slowdown). Fills `out` with raw 32-bit outputs.
 */
class Xoshiro128 {
  private readonly s = new Int32Array(4);

  constructor(seed: number, stream: number) {
    let z0 = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) | 0;
    const next = (): number => {
      z0 = (z0 + 0x9e3779b9) | 0;
      let z = z0;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return z ^ (z >>> 16);
    };
    this.s[0] = next();
    this.s[1] = next() ^ ((seed / 0x100000000) | 0); // high bits of seeds past 2^32
    this.s[2] = next();
    this.s[3] = next() | 1;
  }

  fill(out: Uint32Array): void {
    let a = this.s[0];
    let b = this.s[1];
    let c = this.s[2];
    let d = this.s[3];
    for (let i = 0; i < out.length; i++) {
      const m = Math.imul(b, 5);
      out[i] = Math.imul((m << 7) | (m >>> 25), 9);
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
    }
    this.s[0] = a;
    this.s[1] = b;
    this.s[2] = c;
    this.s[3] = d;
  }
}

const BATCH = 8192;

/** Uniform doubles on [0, 1) with 53 random bits each, in batches; calls `use(u, i)` for i = 0.. */
function uniforms(rng: Xoshiro128, n: number, use: (u: Float64Array, start: number, count: number) => void): void {
  const raw = new Uint32Array(2 * BATCH);
  const u = new Float64Array(BATCH);
  for (let start = 0; start < n; start += BATCH) {
    const count = Math.min(BATCH, n - start);
    rng.fill(raw);
    for (let i = 0; i < count; i++) u[i] = ((raw[2 * i] >>> 5) * 67108864 + (raw[2 * i + 1] >>> 6)) / 9007199254740992;
    use(u, start, count);
  }
}

export function randomBlock(dist: Distribution, dtype: DType, shape: readonly number[], seed: number, stream: number, shared = false): Block {
  const n = sizeOf(shape);
  const rng = new Xoshiro128(seed, stream);
  const out = allocate(dtype, n, shared);
  if (dist.kind === 'normal') {
    // Box–Muller: a pair of normals from a pair of uniforms
    const { loc, scale } = dist;
    const f = out as Float64Array;
    uniforms(rng, n + (n % 2), (u, start, count) => {
      for (let i = 0; i + 1 < count; i += 2) {
        const r = Math.sqrt(-2 * Math.log(1 - u[i])) * scale; // 1 - u in (0, 1]: log is finite
        const t = 2 * Math.PI * u[i + 1];
        f[start + i] = loc + r * Math.cos(t);
        if (start + i + 1 < n) f[start + i + 1] = loc + r * Math.sin(t);
      }
    });
  } else if (dist.kind === 'uniform') {
    const { low } = dist;
    const w = dist.high - dist.low;
    const f = out as Float64Array;
    uniforms(rng, n, (u, start, count) => {
      for (let i = 0; i < count; i++) f[start + i] = low + w * u[i];
    });
  } else {
    const { low } = dist;
    const w = dist.high - dist.low;
    uniforms(rng, n, (u, start, count) => {
      if (dtype === 'int64') for (let i = 0; i < count; i++) (out as BigInt64Array)[start + i] = BigInt(low + Math.floor(w * u[i]));
      else for (let i = 0; i < count; i++) (out as Int32Array)[start + i] = low + Math.floor(w * u[i]);
    });
  }
  return contiguous(out as TypedArray, dtype, shape);
}
