/**
 * Number functions: round half away from zero (DuckDB's answers on the same doubles), floor,
 * ceil, trunc, abs, sign, sqrt, exp and logs; int64 stays int64 (bigints exact), nulls stay null.
 */
import { describe, expect, test } from 'vitest';
import { col, fromColumns } from '../index.js';

const xs = [2.5, -2.5, 1.005, 0.5, -0.5, 1234.5678, -1234.5678, 0, 1e300, null, 7, 0.125, 2.675];

describe('number functions', () => {
  test('on float64: the values DuckDB gives for the same doubles (round(x), round(x, 2), round(x, -1), floor, ceil, trunc, abs, sign)', async () => {
    const t = await fromColumns({ x: xs }).select(
      col('x').round().alias('r0'), col('x').round(2).alias('r2'), col('x').round(-1).alias('rm1'),
      col('x').floor().alias('fl'), col('x').ceil().alias('ce'), col('x').trunc().alias('tr'), col('x').abs().alias('ab'), col('x').sign().alias('sg'),
    ).compute();
    const column = (name: string) => t.column(name).toArray();
    expect(column('r0')).toEqual([3, -3, 1, 1, -1, 1235, -1235, 0, 1e300, null, 7, 0, 3]);
    expect(column('r2')).toEqual([2.5, -2.5, 1, 0.5, -0.5, 1234.57, -1234.57, 0, 1e300, null, 7, 0.13, 2.68]);
    expect(column('rm1')).toEqual([0, 0, 0, 0, 0, 1230, -1230, 0, 1e300, null, 10, 0, 0]);
    expect(column('fl')).toEqual([2, -3, 1, 0, -1, 1234, -1235, 0, 1e300, null, 7, 0, 2]);
    // no −0: ceil(−0.5) and trunc(−0.5) are 0
    expect(column('ce').map((v) => Object.is(v, -0) ? '-0' : v)).toEqual([3, -2, 2, 1, 0, 1235, -1234, 0, 1e300, null, 7, 1, 3]);
    expect(column('tr').map((v) => Object.is(v, -0) ? '-0' : v)).toEqual([2, -2, 1, 0, 0, 1234, -1234, 0, 1e300, null, 7, 0, 2]);
    expect(column('ab')).toEqual([2.5, 2.5, 1.005, 0.5, 0.5, 1234.5678, 1234.5678, 0, 1e300, null, 7, 0.125, 2.675]);
    expect(column('sg')).toEqual([1, -1, 1, 1, -1, 1, -1, 0, 1, null, 1, 1, 1]);
    expect(t.schema.every((f) => f.dtype === 'float64')).toBe(true);
  });

  test('sqrt, exp and logs are float64 by Math (sqrt(−1) NaN, ln(0) −Infinity), log(base) as Polars has it', async () => {
    const t = await fromColumns({ x: [4, 100, 0, -1, null] }).select(
      col('x').sqrt().alias('sq'), col('x').exp().alias('e'), col('x').log().alias('ln'), col('x').log10().alias('l10'), col('x').log(2).alias('l2'),
    ).compute();
    expect(t.toRows()[0]).toEqual({ sq: 2, e: Math.exp(4), ln: Math.log(4), l10: Math.log10(4), l2: 2 });
    expect(t.toRows()[1]).toMatchObject({ sq: 10, l10: 2 });
    expect(t.toRows()[2]).toMatchObject({ sq: 0, e: 1, ln: -Infinity });
    expect(Number.isNaN(t.toRows()[3].sq)).toBe(true);
    expect(t.toRows()[4]).toEqual({ sq: null, e: null, ln: null, l10: null, l2: null });
  });

  test('log(2) and log(10) of powers are whole (ln(x) / ln(b) made log2(2^29) 29.000000000000004)', async () => {
    const t = await fromColumns({ x: [536870912, 2147483648, 1000, 7] }).select(col('x').log(2).alias('l2'), col('x').log(10).alias('l10'), col('x').log(3).alias('l3')).compute();
    expect(t.column('l2').toArray()).toEqual([29, 31, Math.log2(1000), Math.log2(7)]);
    expect(t.column('l10').toArray().slice(2)).toEqual([3, Math.log10(7)]);
    expect(t.column('l3').toArray()[3]).toBeCloseTo(1.7712437491614221, 14);
  });

  test('on int64: whole answers stay int64, exactly past 2^53; round to tens half away from zero', async () => {
    const big = 9007199254740993n;
    const t = await fromColumns({ i: [25, -25, 15, -15, 0, 7, null, big, -(2n ** 62n) - 5n] }).select(
      col('i').round(-1).alias('r'), col('i').round(2).alias('r2'), col('i').abs().alias('a'), col('i').sign().alias('s'), col('i').floor().alias('f'),
    ).compute();
    expect(t.schema.map((f) => f.dtype)).toEqual(['int64', 'int64', 'int64', 'int64', 'int64']);
    expect(t.column('r').toArray()).toEqual([30, -30, 20, -20, 0, 10, null, 9007199254740990, -(2n ** 62n) - 6n]);
    expect(t.column('r2').toArray()).toEqual([25, -25, 15, -15, 0, 7, null, big, -(2n ** 62n) - 5n]);
    expect(t.column('a').toArray()).toEqual([25, 25, 15, 15, 0, 7, null, big, 2n ** 62n + 5n]);
    expect(t.column('s').toArray()).toEqual([1, -1, 1, -1, 0, 1, null, 1, -1]);
    await expect(fromColumns({ i: [-(2n ** 63n)] }).select(col('i').abs()).compute()).rejects.toThrow('int64 overflow in abs');
  });

  test('wrong arguments and types say what they take', () => {
    expect(() => col('x').round(1.5)).toThrow('round(decimals) needs an integer from -18 to 18, got 1.5');
    expect(() => col('x').round('2' as never)).toThrow('round(decimals) needs an integer from -18 to 18, got the string "2"');
    expect(() => col('x').log(1)).toThrow('log(base) needs a positive number other than 1, got 1');
    expect(() => fromColumns({ s: ['a'] }).select(col('s').round())).toThrow('.round() needs a number, got string: col("s").round(); cast it first with .cast("float64")');
    expect(fromColumns({ x: [1.5] }).select(col('x').round(2).alias('r')).explain()).toContain('col("x").round(2)');
  });
});
