import { describe, expect, it } from 'vitest';
import { expectClose, inline, refBinary, refReduce, run, stats, values } from '../testing/oracle.js';
import { fromArray, full, ones, zeros } from './creation.js';
import type { NDArray } from './ndarray.js';

const shape = [7, 5, 3];
const data = values(7 * 5 * 3, 7);
const x = fromArray(Float64Array.from(data), { shape, chunks: [3, 2, 2] }); // no axis divides evenly
const ref = { data, shape };
const NAMES = ['sum', 'mean', 'min', 'max', 'var', 'std'] as const;
const AXES: (number[] | null)[] = [null, [0], [1], [2], [0, 2], [1, 2]];

describe('reductions match an in-memory oracle, blocks that do not divide the shape', () => {
  for (const name of NAMES) {
    for (const axes of AXES) {
      for (const keepdims of [false, true]) {
        it(`${name} axis=${JSON.stringify(axes)} keepdims=${keepdims}`, async () => {
          const got = await run(x[name]({ axis: axes, keepdims }));
          expectClose(got, refReduce(ref, axes ?? [0, 1, 2], stats[name], keepdims));
        });
      }
    }
  }
  for (const name of ['argmin', 'argmax'] as const) {
    for (const axis of [null, 0, 1, 2, -1]) {
      it(`${name} axis=${axis}`, async () => {
        const got = await run(x[name]({ axis }));
        const axes = axis === null ? [0, 1, 2] : [(axis + 3) % 3];
        expectClose(got, refReduce(ref, axes, stats[name]));
      });
    }
  }
});

describe('reduction edge cases', () => {
  it('combines many blocks as a tree: 4×4×4 blocks of ones sum to the element count', async () => {
    const y = ones([40, 40, 40], { chunks: 10 });
    expect(await y.sum().compute({ executor: inline })).toBe(64000);
  });

  it('NaN propagates through sum, mean, min and max; argmax finds the first NaN', async () => {
    const v = fromArray(Float64Array.from([1, 5, NaN, 7, NaN, 2]), { chunks: 4 });
    for (const name of ['sum', 'mean', 'min', 'max'] as const) expect((await run(v[name]())).data[0]).toBeNaN();
    expect((await run(v.argmax())).data[0]).toBe(2);
  });

  it('an empty array sums to 0, has a NaN mean, and refuses min', async () => {
    const e = zeros([0, 4], { chunks: 2 });
    expect((await run(e.sum())).data).toEqual([0]);
    expect((await run(e.mean())).data[0]).toBeNaN();
    expect((await run(e.sum({ axis: 0 }))).data).toEqual([0, 0, 0, 0]);
    await expect(run(e.min())).rejects.toThrow(/zero-size array to reduction operation min/);
  });

  it('integer sums are exact int64 past 2^53 (and int32 sums widen to int64)', async () => {
    const big = fromArray(BigInt64Array.from([2n ** 53n, 1n, 1n, 3n]), { chunks: 1 });
    expect(big.sum().dtype).toBe('int64');
    expect(await big.sum().compute({ executor: inline })).toBe(2n ** 53n + 5n);
    const i32 = fromArray(Int32Array.from([2 ** 31 - 1, 2 ** 31 - 1, 2 ** 31 - 1]), { chunks: 2 });
    expect(i32.sum().dtype).toBe('int64');
    expect(await i32.sum().compute({ executor: inline })).toBe(3n * (2n ** 31n - 1n));
  });

  it('int32 sums and means are exact in a block of more values than a double sums exactly (5,000,001 × int32 max)', async () => {
    const big = fromArray(new Int32Array(5_000_001).fill(2 ** 31 - 1)); // 'auto' chunks: one block
    expect(big.numBlocks).toBe(1);
    expect(await big.sum().compute({ executor: inline })).toBe(5_000_001n * (2n ** 31n - 1n));
    expect(await big.mean().compute({ executor: inline })).toBe(2 ** 31 - 1);
    const filled = full([10_000_001], 2 ** 31 - 1, { dtype: 'int32', chunks: 10_000_001 }); // a constant block
    expect(await filled.sum().compute({ executor: inline })).toBe(10_000_001n * (2n ** 31n - 1n));
    expect(await filled.sum({ axis: 0, keepdims: true }).compute({ executor: inline }).then((r) => (r as NDArray).data[0])).toBe(10_000_001n * (2n ** 31n - 1n));
  });

  it('int32 sums along a non-last axis are exact past 2^22 rows in a block', async () => {
    const m = full([4_200_000, 2], -(2 ** 31) + 1, { dtype: 'int32', chunks: [4_200_000, 2] });
    const got = (await m.sum({ axis: 0 }).compute({ executor: inline })) as NDArray;
    expect([...(got.data as BigInt64Array)]).toEqual([4_200_000n * (-(2n ** 31n) + 1n), 4_200_000n * (-(2n ** 31n) + 1n)]);
    const cells = fromArray(Int32Array.from([7, -3, 2 ** 31 - 1, -(2 ** 31)]), { shape: [2, 2], chunks: 1 });
    expect([...((await cells.sum({ axis: 0 }).compute({ executor: inline })) as NDArray).data]).toEqual([7n + 2n ** 31n - 1n, -3n - 2n ** 31n]);
  });

  it('int64 means come from the exact sum (no value lost past 2^53, no wrap); int64 sums wrap at 2^63 as in NumPy', async () => {
    const l = fromArray(BigInt64Array.from([2n ** 62n, 2n ** 62n, 2n ** 62n, 1n, -1n, 2n ** 53n + 1n]), { chunks: 4 });
    expect(await l.mean().compute({ executor: inline })).toBe(Number((3n * 2n ** 62n + 2n ** 53n + 1n) / 6n));
    expect(await l.sum().compute({ executor: inline })).toBe(BigInt.asIntN(64, 3n * 2n ** 62n + 2n ** 53n + 1n));
    // in doubles each 1 vanishes next to 2^62: the mean was 0
    const ones = fromArray(BigInt64Array.from([2n ** 62n, ...Array.from({ length: 2048 }, () => 1n), -(2n ** 62n)]));
    expect(await ones.mean().compute({ executor: inline })).toBe(2048 / 2050);
  });

  it('float sums are pairwise within a block: the mean of 4,000,000 × 0.1 is 0.1 to the last digit', async () => {
    const tenths = fromArray(new Float64Array(4e6).fill(0.1));
    expect(tenths.numBlocks).toBe(1);
    expect(Math.abs((await tenths.mean().compute({ executor: inline })) as number - 0.1)).toBeLessThan(1e-16);
    expect(Math.abs((await tenths.add(tenths).mean().compute({ executor: inline })) as number - 0.2)).toBeLessThan(1e-16); // the fused path
    const rows = fromArray(new Float64Array(4e6).fill(0.1), { shape: [2, 2e6] });
    const got = (await rows.sum({ axis: 1 }).compute({ executor: inline })) as NDArray;
    for (const v of got.data as Float64Array) expect(Math.abs(v - 2e5)).toBeLessThan(1e-9);
  });

  it('var with ddof ≥ n is inf as in NumPy (it was NaN), and NaN when there is no spread or no value', async () => {
    const v = fromArray(Float64Array.from([1, 2]), { chunks: 1 });
    expect((await run(v.var({ ddof: 2 }))).data[0]).toBe(Infinity);
    expect((await run(v.std({ ddof: 3 }))).data[0]).toBe(Infinity);
    expect((await run(fromArray(Float64Array.from([5])).var({ ddof: 1 }))).data[0]).toBeNaN();
    expect((await run(zeros([0]).var())).data[0]).toBeNaN();
  });

  it('var and std take ddof', async () => {
    const v = fromArray(Float64Array.from([1, 2, 3, 4]), { chunks: 3 });
    expect((await run(v.var({ ddof: 1 }))).data[0]).toBeCloseTo(5 / 3, 12);
    expect((await run(v.std())).data[0]).toBeCloseTo(Math.sqrt(1.25), 12);
  });

  it('reduction dtypes follow NumPy', () => {
    const f = fromArray(Float32Array.from([1, 2]));
    const b = fromArray(Uint8Array.from([1, 0, 1]));
    expect([f.sum().dtype, f.mean().dtype, b.sum().dtype, b.mean().dtype, f.argmax().dtype]).toEqual(['float32', 'float32', 'int64', 'float64', 'int64']);
  });

  it('says which axis is out of bounds', () => {
    expect(() => x.sum({ axis: 3 })).toThrow(/axis 3 is out of bounds for an array of 3 dimensions/);
    expect(() => x.argmax({ axis: [0, 1] as unknown as number })).toThrow(/one axis/);
  });
});

describe('sum and mean of an elementwise expression (fused, no intermediate block)', () => {
  it('match the oracle for x + x.T, x - y, x * y and x / y with broadcasting', async () => {
    const m = fromArray(Float64Array.from(values(36, 11)), { shape: [6, 6], chunks: [4, 3] });
    const row = fromArray(Float64Array.from(values(6, 12).map((v) => v + 1000)), { chunks: 4 });
    const mRef = { data: values(36, 11), shape: [6, 6] };
    const tRef = { data: mRef.data.map((_, k) => mRef.data[(k % 6) * 6 + Math.floor(k / 6)]), shape: [6, 6] };
    const rowRef = { data: values(6, 12).map((v) => v + 1000), shape: [6] };
    const cases = [
      [m.add(m.T), refBinary(mRef, tRef, (p, q) => p + q)],
      [m.sub(row), refBinary(mRef, rowRef, (p, q) => p - q)],
      [m.mul(row), refBinary(mRef, rowRef, (p, q) => p * q)],
      [m.div(row), refBinary(mRef, rowRef, (p, q) => p / q)],
    ] as const;
    for (const [x, ref] of cases) {
      expectClose(await run(x.sum()), refReduce(ref, [0, 1], stats.sum));
      expectClose(await run(x.mean()), refReduce(ref, [0, 1], stats.mean));
    }
  });
});
