import { describe, expect, it } from 'vitest';
import { inline, run } from '../testing/oracle.js';
import { concatenate, matmul, stack } from './combine.js';
import { arange, fromArray, full } from './creation.js';
import type { NDArray } from './ndarray.js';

// 0..23 as [2, 3, 4] in odd chunks
const x = arange(24, undefined, 1, { dtype: 'float64' }).reshape([2, 3, 4]).rechunk([1, 2, 3]);
const at = (i: number, j: number, k: number): number => i * 12 + j * 4 + k;

describe('shape operations', () => {
  it('reshape keeps C order, infers -1, and refuses a wrong size', async () => {
    expect((await run(x)).data).toEqual(Array.from({ length: 24 }, (_, i) => i));
    const y = x.reshape([4, -1]);
    expect(y.shape).toEqual([4, 6]);
    expect((await run(y)).data).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(() => x.reshape([5, 5])).toThrow(/cannot reshape an array of size 24 into shape \[5, 5\]/);
  });

  it('transpose and T reverse or permute axes', async () => {
    const t = await run(x.T);
    expect(t.shape).toEqual([4, 3, 2]);
    expect(t.data[1 * 6 + 2 * 2 + 1]).toBe(at(1, 2, 1));
    const p = await run(x.transpose([1, 0, 2]));
    expect(p.data[2 * 8 + 1 * 4 + 3]).toBe(at(1, 2, 3));
  });

  it('slices with steps, negative steps and indexes, across chunk boundaries', async () => {
    const s = await run(x.slice([null, [null, null, -1], [1, null, 2]]));
    expect(s.shape).toEqual([2, 3, 2]);
    expect(s.data).toEqual([at(0, 2, 1), at(0, 2, 3), at(0, 1, 1), at(0, 1, 3), at(0, 0, 1), at(0, 0, 3), at(1, 2, 1), at(1, 2, 3), at(1, 1, 1), at(1, 1, 3), at(1, 0, 1), at(1, 0, 3)]);
    const i = await run(x.slice([-1, [0, 2]]));
    expect(i.shape).toEqual([2, 4]);
    expect(i.data).toEqual([12, 13, 14, 15, 16, 17, 18, 19]);
    expect((await run(x.slice([[5, 9]]))).shape).toEqual([0, 3, 4]);
  });

  it('rechunk keeps values', async () => {
    const r = x.rechunk([2, 1, 4]);
    expect(r.chunks).toEqual([[2], [1, 1, 1], [4]]);
    expect((await run(r)).data).toEqual((await run(x)).data);
  });

  it('concatenate and stack join along an axis, promoting dtypes', async () => {
    const a = fromArray(Float64Array.from([1, 2, 3, 4]), { shape: [2, 2], chunks: 1 });
    const b = fromArray(Int32Array.from([5, 6]), { shape: [1, 2] });
    const c = concatenate([a, b]);
    expect(c.dtype).toBe('float64');
    expect(await run(c)).toEqual({ data: [1, 2, 3, 4, 5, 6], shape: [3, 2] });
    expect(await run(concatenate([a, a], { axis: 1 }))).toEqual({ data: [1, 2, 1, 2, 3, 4, 3, 4], shape: [2, 4] });
    expect(await run(stack([a, a], { axis: 1 }))).toEqual({ data: [1, 2, 1, 2, 3, 4, 3, 4], shape: [2, 2, 2] });
    expect(() => concatenate([a, fromArray(new Float64Array(3))])).toThrow(/same number of dimensions/);
  });

  it('matmul multiplies blocked matrices whose chunks do not line up', async () => {
    const m = 5;
    const k = 7;
    const n = 3;
    const A = Array.from({ length: m * k }, (_, i) => (i % 5) - 2);
    const B = Array.from({ length: k * n }, (_, i) => (i % 3) + 0.5);
    const want: number[] = [];
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A[i * k + p] * B[p * n + j];
      want.push(s);
    }
    const a = fromArray(Float64Array.from(A), { shape: [m, k], chunks: [2, 3] });
    const b = fromArray(Float64Array.from(B), { shape: [k, n], chunks: [4, 2] });
    expect(await run(matmul(a, b))).toEqual({ data: want, shape: [m, n] });
    expect(() => matmul(a, a)).toThrow(/do not align \(7 ≠ 5\)/);
  });

  it('int64 matmul is exact past 2^53 and wraps at 2^63 like NumPy; int32 matmul wraps at 2^31', async () => {
    const big = (await matmul(full([1, 1], 2n ** 53n + 1n), full([1, 1], 1n)).compute({ executor: inline })) as NDArray;
    expect(big.dtype).toBe('int64');
    expect(big.data[0]).toBe(2n ** 53n + 1n);
    // blocks over k: the first pair fits the float64 path, the second moves the sum to bigints
    const A = fromArray(BigInt64Array.from([1n, 2n, 3n, 3n, 1n, 2n ** 62n]), { shape: [2, 3], chunks: [2, 2] });
    const B = fromArray(BigInt64Array.from([5n, 7n, 11n]), { shape: [3, 1], chunks: [2, 1] });
    const l = (await matmul(A, B).compute({ executor: inline })) as NDArray;
    expect([...(l.data as BigInt64Array)]).toEqual([5n + 14n + 33n, BigInt.asIntN(64, 15n + 7n + 11n * 2n ** 62n)]);
    const i32 = fromArray(Int32Array.from([2 ** 31 - 1, 3, 65536, 65536]), { shape: [2, 2], chunks: 1 });
    const w = (await matmul(i32, i32).compute({ executor: inline })) as NDArray;
    const wrap = (v: bigint): number => Number(BigInt.asIntN(32, v));
    const m = [2n ** 31n - 1n, 3n, 65536n, 65536n];
    expect(w.dtype).toBe('int32');
    expect([...w.data]).toEqual([wrap(m[0] * m[0] + m[1] * m[2]), wrap(m[0] * m[1] + m[1] * m[3]), wrap(m[2] * m[0] + m[3] * m[2]), wrap(m[2] * m[1] + m[3] * m[3])]);
  });

  it('a shared array is computed once: r + r.T reads one task per block of r', async () => {
    const { lower } = await import('../graph/compute.js');
    const { normal } = await import('./random.js');
    const r = normal([6, 6], { chunks: 3, seed: 1 });
    const { ctx } = lower(r.add(r.T).node);
    const groups = ctx.graph.list().map((t) => t.group);
    expect(groups.filter((g) => g === 'normal')).toHaveLength(4);
    const v = await run(r.add(r.T));
    const raw = await run(r);
    expect(v.data[1 * 6 + 4]).toBeCloseTo(raw.data[1 * 6 + 4] + raw.data[4 * 6 + 1], 12);
  });
});
