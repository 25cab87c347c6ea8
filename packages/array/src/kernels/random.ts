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

class Xoshiro128 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: number) {
    let s = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next() ^ (seed / 0x100000000 >>> 0); // high bits of seeds past 2^32
    this.c = next();
    this.d = next() | 1;
  }

  nextU32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9);
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r >>> 0;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  nextFloat(): number {
    return ((this.nextU32() >>> 5) * 67108864 + (this.nextU32() >>> 6)) / 9007199254740992;
  }
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

export function randomBlock(dist: Distribution, dtype: DType, shape: readonly number[], seed: number, stream: number): Block {
  const n = sizeOf(shape);
  const rng = new Xoshiro128(seed, stream);
  const out = allocate(dtype, n);
  if (dist.kind === 'normal') fillNormal(out as Float64Array, rng, dist.loc, dist.scale);
  else if (dist.kind === 'uniform') {
    const w = dist.high - dist.low;
    for (let i = 0; i < n; i++) (out as Float64Array)[i] = dist.low + w * rng.nextFloat();
  } else {
    const w = dist.high - dist.low;
    if (dtype === 'int64') for (let i = 0; i < n; i++) (out as BigInt64Array)[i] = BigInt(dist.low + Math.floor(w * rng.nextFloat()));
    else for (let i = 0; i < n; i++) (out as Int32Array)[i] = dist.low + Math.floor(w * rng.nextFloat());
  }
  return contiguous(out as TypedArray, dtype, shape);
}

/** Box–Muller: two normals from two uniforms. */
function fillNormal(out: Float64Array | Float32Array, rng: Xoshiro128, loc: number, scale: number): void {
  const n = out.length;
  for (let i = 0; i < n; i += 2) {
    const u = 1 - rng.nextFloat(); // (0, 1]: log is finite
    const v = rng.nextFloat();
    const r = Math.sqrt(-2 * Math.log(u)) * scale;
    out[i] = loc + r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = loc + r * Math.sin(2 * Math.PI * v);
  }
}
