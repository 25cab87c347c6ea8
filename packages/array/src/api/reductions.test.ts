import { describe, expect, it } from 'vitest';
import { expectClose, inline, refBinary, refReduce, run, stats, values } from '../testing/oracle.js';
import { fromArray, ones, zeros } from './creation.js';

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
