import { describe, expect, it } from 'vitest';
import { inline, run } from '../testing/oracle.js';
import { arange, fromArray, full, ones, zeros } from './creation.js';
import type { NDArray } from './ndarray.js';
import * as random from './random.js';

describe('creating arrays', () => {
  it('arange takes its options right after the numbers given (arange(10, { chunks: 3 }) read the options as stop: "chunk size NaN")', async () => {
    const a = arange(10, { chunks: 3 });
    expect(a.shape).toEqual([10]);
    expect(a.chunks[0]).toEqual([3, 3, 3, 1]);
    expect((await run(arange(2, 10, { chunks: 4 }))).data).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(() => arange('3' as never)).toThrow('arange start must be a number, got string');
  });

  it('fromArray of nested arrays takes their shape, as numpy (a sum was NaN); ragged or non-number entries are errors naming where', async () => {
    const x = fromArray([[1, 2, 3], [4, 5, 6]], { chunks: [1, 2] });
    expect(x.shape).toEqual([2, 3]);
    expect(await x.sum().compute({ executor: inline })).toBe(21);
    expect((await run(x.sum({ axis: 0 }))).data).toEqual([5, 7, 9]);
    expect(() => fromArray([[1, 2], [3]])).toThrow('fromArray: the arrays are ragged — data[1] has 1 entries where the first has 2');
    expect(() => fromArray([[1, 'x']] as never)).toThrow('fromArray: the entry at data[0][1] is string, not a number');
  });

  it('is metadata only: shape, chunks and dtype, blocks that do not divide', () => {
    const x = ones([1000, 1000, 1000], { chunks: [250, 300, 1000] });
    expect(x.shape).toEqual([1000, 1000, 1000]);
    expect(x.chunks[1]).toEqual([300, 300, 300, 100]);
    expect(x.dtype).toBe('float64');
    expect(x.numBlocks).toBe(16);
  });

  it('auto chunks keep blocks near 32 MiB', () => {
    const x = zeros([20000, 20000]);
    const block = x.chunks[0][0] * x.chunks[1][0] * 8;
    expect(block).toBeLessThanOrEqual(32 * 1024 * 1024);
    expect(block).toBeGreaterThan(8 * 1024 * 1024);
  });

  it('full, zeros and arange give their values', async () => {
    expect((await run(full([2, 3], 7, { chunks: 2 }))).data).toEqual([7, 7, 7, 7, 7, 7]);
    expect((await run(arange(2, 11, 3, { chunks: 2 }))).data).toEqual([2, 5, 8]);
    expect(arange(5).dtype).toBe('int64');
    expect((await run(arange(0, 1, 0.25))).data).toEqual([0, 0.25, 0.5, 0.75]);
  });

  it('fromArray round-trips data of every dtype through odd chunks', async () => {
    for (const data of [Float64Array.from([1, 2, 3, 4, 5, 6]), Float32Array.from([1, 2, 3, 4, 5, 6]), Int32Array.from([1, -2, 3, 4, 5, 6]), BigInt64Array.from([1n, 2n, 3n, 4n, 5n, 6n]), Uint8Array.from([1, 0, 1, 1, 0, 0])]) {
      const x = fromArray(data, { shape: [2, 3], chunks: [1, 2] });
      const out = (await x.compute({ executor: inline })) as NDArray;
      expect(out.data).toEqual(data);
      expect(out.shape).toEqual([2, 3]);
    }
  });

  it('refuses data that does not fill the shape', () => {
    expect(() => fromArray(new Float64Array(5), { shape: [2, 3] })).toThrow(/holds 6 elements but the data has 5/);
  });

  it('empty arrays compute to empty results', async () => {
    const e = ones([3, 0], { chunks: 2 });
    const out = (await e.compute({ executor: inline })) as NDArray;
    expect(out.shape).toEqual([3, 0]);
    expect(out.size).toBe(0);
  });

  it('random arrays repeat with a seed, differ between seeds, and have the asked distribution', async () => {
    const a = await run(random.normal([300, 300], { chunks: 128, seed: 1 }));
    const b = await run(random.normal([300, 300], { chunks: 128, seed: 1 }));
    const c = await run(random.normal([300, 300], { chunks: 128, seed: 2 }));
    expect(a.data).toEqual(b.data);
    expect(a.data).not.toEqual(c.data);
    const mean = a.data.reduce((s, v) => s + v, 0) / a.data.length;
    const sd = Math.sqrt(a.data.reduce((s, v) => s + (v - mean) ** 2, 0) / a.data.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(sd - 1)).toBeLessThan(0.02);
    const u = await run(random.uniform([1000], { low: 2, high: 3, seed: 4 }));
    expect(u.data.every((v) => v >= 2 && v < 3)).toBe(true);
    const k = await run(random.integers(0, 3, [1000], { seed: 4 }));
    expect(new Set(k.data)).toEqual(new Set([0, 1, 2]));
  });
});
