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
    // a float stop makes floats, as NumPy's arange(1, 2.5) (it was int64: a sum of bigints)
    expect(arange(1, 2.5).dtype).toBe('float64');
    expect((await run(arange(1, 2.5))).data).toEqual([1, 2]);
    // a byte size is not a list of chunk sizes (it said "chunks has 3 entries")
    expect(() => full([10, 10], 1, { chunks: '1MB' as never })).toThrow(`chunks must be a number (rows a chunk on every axis), a list (one entry an axis) or 'auto', got "1MB"`);
  });

  it('fromArray round-trips data of every dtype through odd chunks', async () => {
    for (const data of [Float64Array.from([1, 2, 3, 4, 5, 6]), Float32Array.from([1, 2, 3, 4, 5, 6]), Int32Array.from([1, -2, 3, 4, 5, 6]), BigInt64Array.from([1n, 2n, 3n, 4n, 5n, 6n]), Uint8Array.from([1, 0, 1, 1, 0, 0])]) {
      const x = fromArray(data, { shape: [2, 3], chunks: [1, 2] });
      const out = (await x.compute({ executor: inline })) as NDArray;
      expect(out.data).toEqual(data);
      expect(out.shape).toEqual([2, 3]);
    }
  });

  it('fromArray reads a Uint8Array as bool only when it holds 0s and 1s, and refuses other bytes saying how to pass them', async () => {
    expect(fromArray(Uint8Array.from([1, 0, 1])).dtype).toBe('bool');
    expect(() => fromArray(Uint8Array.from([1, 2, 200]))).toThrow('fromArray: a Uint8Array is read as bool (0 or 1), but element 1 is 2: for byte values pass Int32Array.from(bytes) (int32)');
    const bytes = fromArray(Int32Array.from(Uint8Array.from([1, 2, 200])));
    expect(await bytes.sum().compute({ executor: inline })).toBe(203n);
  });

  it('arange names a non-finite start or stop (it said "a chunk size must be a positive integer, got NaN")', () => {
    expect(() => arange(NaN)).toThrow('arange stop must be a finite number, got NaN');
    expect(() => arange(0, Infinity)).toThrow('arange stop must be a finite number, got Infinity');
    expect(() => arange(-Infinity, 3)).toThrow('arange start must be a finite number, got -Infinity');
  });

  it('an int64 arange is exact past 2^53, in every block', async () => {
    const a = (await arange(2 ** 53, 2 ** 53 + 4, { chunks: 3 }).compute({ executor: inline })) as NDArray;
    expect([...(a.data as BigInt64Array)]).toEqual([2n ** 53n, 2n ** 53n + 1n, 2n ** 53n + 2n, 2n ** 53n + 3n]);
    const down = (await arange(2 ** 53 + 2, 2 ** 53 - 2, -1, { chunks: 3 }).compute({ executor: inline })) as NDArray;
    expect([...(down.data as BigInt64Array)]).toEqual([2n ** 53n + 2n, 2n ** 53n + 1n, 2n ** 53n, 2n ** 53n - 1n]);
  });

  it('full refuses a non-integer fill for an integer dtype (NaN filled int32 with zeros)', async () => {
    expect(() => full([2], NaN, { dtype: 'int32' })).toThrow('full: the fill value NaN is not an integer, so an int32 array cannot hold it: pass an integer, or a float dtype');
    expect(() => full([2], 0.5, { dtype: 'int64' })).toThrow(/fill value 0.5 is not an integer/);
    expect((await run(full([2], -3, { dtype: 'int32' }))).data).toEqual([-3, -3]);
  });

  it('random.uniform and random.normal refuse integer and bool dtypes (bool gave all zeros)', async () => {
    expect(() => random.uniform([5], { seed: 1, dtype: 'bool' })).toThrow("random.uniform makes float values: dtype must be float64 or float32, got 'bool'");
    expect(() => random.normal([5], { seed: 1, dtype: 'int32' })).toThrow(/random.normal makes float values/);
    expect(() => random.random([5], { seed: 1, dtype: 'int64' })).toThrow(/random.uniform makes float values/);
    expect(random.normal([5], { seed: 1, dtype: 'float32' }).dtype).toBe('float32');
  });

  it('NDArray.get takes negative indexes, counting from the end as NumPy', async () => {
    const m = (await arange(6, { chunks: 4 }).reshape([2, 3]).compute({ executor: inline })) as NDArray;
    expect([m.get(-1, -1), m.get(0, -3), m.get(-2, 1)]).toEqual([5n, 0n, 1n]);
    expect(() => m.get(0, -4)).toThrow('index -4 is out of bounds for axis 1 with size 3');
    expect(() => m.get(2, 0)).toThrow('index 2 is out of bounds for axis 0 with size 2');
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
