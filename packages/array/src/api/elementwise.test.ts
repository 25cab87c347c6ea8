import { describe, expect, it } from 'vitest';
import { expectClose, inline, refBinary, run, values } from '../testing/oracle.js';
import { where } from './combine.js';
import { arange, fromArray, full, ones } from './creation.js';

const a = { data: values(4 * 3, 3), shape: [4, 3] };
const b = { data: values(3, 5), shape: [3] };
const c = { data: values(4, 9), shape: [4, 1] };
const A = fromArray(Float64Array.from(a.data), { shape: a.shape, chunks: [3, 2] });
const B = fromArray(Float64Array.from(b.data), { shape: b.shape, chunks: 1 });
const C = fromArray(Float64Array.from(c.data), { shape: c.shape, chunks: [2, 1] });

describe('elementwise math broadcasts like NumPy', () => {
  const ops = {
    add: (p: number, q: number) => p + q,
    sub: (p: number, q: number) => p - q,
    mul: (p: number, q: number) => p * q,
    div: (p: number, q: number) => p / q,
    maximum: (p: number, q: number) => Math.max(p, q),
    lt: (p: number, q: number) => Number(p < q),
  } as const;
  for (const [name, f] of Object.entries(ops)) {
    it(`${name}: [4,3] with [3] (different chunks) and [4,1] with [3]`, async () => {
      const op = name as keyof typeof ops;
      expectClose(await run(A[op](B)), refBinary(a, b, f));
      expectClose(await run(C[op](B)), refBinary(c, b, f));
    });
  }

  it('unary functions', async () => {
    const pos = fromArray(Float64Array.from([0.5, 1, 4, 9]), { chunks: 3 });
    expectClose(await run(pos.sqrt()), { data: [Math.SQRT1_2, 1, 2, 3], shape: [4] });
    expectClose(await run(pos.log()), { data: [Math.log(0.5), 0, Math.log(4), Math.log(9)], shape: [4] });
    expectClose(await run(pos.neg().abs().exp()), { data: [0.5, 1, 4, 9].map(Math.exp), shape: [4] });
    expectClose(await run(pos.pow(2)), { data: [0.25, 1, 16, 81], shape: [4] });
  });

  it('refuses shapes that do not broadcast, naming both', () => {
    expect(() => A.add(ones([4]))).toThrow(/shapes \[4, 3\] and \[4\] cannot be broadcast together/);
  });

  it('int32 arithmetic wraps on overflow, as in NumPy; int64 wraps at 2^63', async () => {
    const i = fromArray(Int32Array.from([2 ** 31 - 1, -(2 ** 31), 65536]), { chunks: 2 });
    expect(i.add(1).dtype).toBe('int32');
    expect((await run(i.add(1))).data).toEqual([-(2 ** 31), -(2 ** 31) + 1, 65537]);
    expect((await run(i.mul(65536))).data).toEqual([-65536, 0, 0]);
    const l = fromArray(BigInt64Array.from([2n ** 63n - 1n]));
    expect(await l.add(1).sum().compute({ executor: inline })).toBe(-(2n ** 63n));
  });

  it('dtypes promote as in NumPy: int / int is float64, int32 + float scalar is float64, float32 stays float32', () => {
    const i = arange(4, undefined, 1, { dtype: 'int32' });
    const f = ones([4], { dtype: 'float32' });
    expect([i.div(i).dtype, i.add(0.5).dtype, i.add(2).dtype, f.add(1.5).dtype, f.add(i).dtype, i.gt(1).dtype]).toEqual(['float64', 'float64', 'int32', 'float32', 'float64', 'bool']);
  });

  it('a scalar that does not fit int32 widens the operation to int64 (beyond int64, to float64) instead of wrapping', async () => {
    const one = fromArray(Int32Array.from([1]));
    expect([one.add(2 ** 40).dtype, one.add(3e9).dtype, one.add(2n ** 40n).dtype, one.add(2 ** 31 - 1).dtype, one.add(2 ** 64).dtype, one.add(2n ** 63n).dtype]).toEqual(['int64', 'int64', 'int64', 'int32', 'float64', 'float64']);
    expect(await one.add(2 ** 40).sum().compute({ executor: inline })).toBe(2n ** 40n + 1n);
    expect(await one.add(3e9).sum().compute({ executor: inline })).toBe(3_000_000_001n);
    expect(await one.add(2n ** 40n).sum().compute({ executor: inline })).toBe(2n ** 40n + 1n);
    expect((await run(one.lt(2 ** 32))).data).toEqual([1]);
    expect((await run(one.eq(2 ** 32 + 1))).data).toEqual([0]);
    expect((await run(one.gt(-(2 ** 40)))).data).toEqual([1]);
    const l = fromArray(BigInt64Array.from([1n]));
    expect((await run(l.lt(2n ** 64n))).data).toEqual([1]);
    expect(fromArray(Uint8Array.from([1])).add(2 ** 40).dtype).toBe('int64');
  });

  it('integer pow with a negative exponent is refused as in NumPy (it gave 0); float pow takes it', async () => {
    const i = fromArray(Int32Array.from([2, 3]));
    expect(() => i.pow(-1)).toThrow('Integers to negative integer powers are not allowed');
    expect(() => fromArray(BigInt64Array.from([2n])).pow(-2n)).toThrow('Integers to negative integer powers are not allowed');
    await expect(run(i.pow(fromArray(Int32Array.from([1, -1]))))).rejects.toThrow('Integers to negative integer powers are not allowed');
    await expect(run(fromArray(BigInt64Array.from([2n])).pow(fromArray(BigInt64Array.from([-1n]))))).rejects.toThrow('Integers to negative integer powers are not allowed');
    expect((await run(i.astype('float64').pow(-1))).data).toEqual([0.5, 1 / 3]);
    expect((await run(i.pow(2))).data).toEqual([4, 9]);
  });

  it('comparisons with NaN are false except ne; where picks by a mask', async () => {
    const v = fromArray(Float64Array.from([NaN, 1, 2]));
    expect((await run(v.eq(v))).data).toEqual([0, 1, 1]);
    expect((await run(v.ne(1))).data).toEqual([1, 0, 1]);
    expect((await run(where(v.gt(1), v, full([3], -1)))).data).toEqual([-1, -1, 2]);
    expect((await run(v.isnan())).data).toEqual([1, 0, 0]);
  });

  it('bool add is logical or; subtracting bools is refused', async () => {
    const t = fromArray(Uint8Array.from([1, 0, 0]));
    const u = fromArray(Uint8Array.from([1, 1, 0]));
    expect((await run(t.add(u))).data).toEqual([1, 1, 0]);
    expect(() => t.sub(u)).toThrow(/subtracting booleans/);
  });
});
