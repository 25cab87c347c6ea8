/**
 * Casts and fills at the edges a first-user pass found wrong (each checked against DuckDB or
 * Polars): numbers to dates and timestamps in range or refused, text to numbers as text of a
 * number, float32's largest value, a bool filled with a number, and integer zeros without a sign.
 */
import { describe, expect, it } from 'vitest';
import { col, fromColumns, lit } from '../index.js';

const values = async (frame: ReturnType<typeof fromColumns>, e: ReturnType<typeof col>) => (await frame.select(e.alias('r')).compute()).toRows().map((r) => r.r);

describe('casts', () => {
  it('numbers to dates and timestamps: NaN and ±∞ are null, past what they hold an error (3e9 days was the year −3543531, ∞ 1970-01-01)', async () => {
    const f = fromColumns({ x: [1.5, 18262, -1] });
    expect(await values(f, col('x').cast('date').cast('string'))).toEqual(['1970-01-02', '2020-01-01', '1969-12-31']);
    expect(await values(f, col('x').div(0).cast('date'))).toEqual([null, null, null]);
    expect(await values(f, col('x').div(0).cast('timestamp'))).toEqual([null, null, null]);
    await expect(values(fromColumns({ i: [3_000_000_000] }), col('i').cast('date'))).rejects.toThrow('cast to date: value 3000000000 is past the dates floe holds');
    await expect(values(fromColumns({ f: [1e20] }), col('f').cast('timestamp'))).rejects.toThrow('cast to timestamp: value 100000000000000000000 is past the timestamps floe holds');
  });

  it('text to numbers: 0x10, 0b11 and 0o7 are not numbers; digits with a zero fraction are exact int64 ("9007199254740993.0" was …992)', async () => {
    const f = fromColumns({ s: ['0x10', '0b11', '0o7', '9007199254740993.0', ' 12 ', '1e3'] });
    expect(await values(f, col('s').cast('float64'))).toEqual([null, null, null, 9007199254740992, 12, 1000]);
    expect(await values(f, col('s').cast('int64'))).toEqual([null, null, null, 9007199254740993n, 12, 1000]);
  });

  it('text to float64: inf, -inf, Infinity and nan are ±∞ and NaN (as DuckDB, Polars and the CSV reader read them; they were null); to int64 they are null', async () => {
    const f = fromColumns({ s: ['inf', '-inf', '+INF', 'Infinity', '-infinity', 'nan', 'NaN', 'infx', 'nano'] });
    expect(await values(f, col('s').cast('float64'))).toEqual([Infinity, -Infinity, Infinity, Infinity, -Infinity, Number.NaN, Number.NaN, null, null]);
    expect(await values(f, col('s').cast('int64'))).toEqual([null, null, null, null, null, null, null, null, null]);
  });

  it("text to date is the day as written, whatever the time and offset after it (as DuckDB, and as readCsv's dtypes: date; it was the UTC day)", async () => {
    const f = fromColumns({ s: ['2020-01-01T23:30:00-05:00', '2020-01-01 01:00:00+05:00', '2020-01-01T12:00:00Z', '2020-02-30T00:00:00Z', '1969-12-31 23:59:59'] });
    expect(await values(f, col('s').cast('date').cast('string'))).toEqual(['2020-01-01', '2020-01-01', '2020-01-01', null, '1969-12-31']);
    // a timestamp keeps the instant (UTC)
    expect(await values(f, col('s').cast('timestamp').cast('string'))).toEqual(['2020-01-02 04:30:00', '2019-12-31 20:00:00', '2020-01-01 12:00:00', null, '1969-12-31 23:59:59']);
  });

  it('float32: a value that rounds to its largest is in range (3.4028235e38 was refused); one that rounds past it is not', async () => {
    expect(await values(fromColumns({ f: [3.4028235e38] }), col('f').cast('float32'))).toEqual([3.4028234663852886e38]);
    await expect(values(fromColumns({ f: [3.5e38] }), col('f').cast('float32'))).rejects.toThrow('cast to float32: value 3.5e+38 is out of range');
  });
});

describe('fillNull and integer zeros', () => {
  it('a bool filled with a number is that number\'s type (it stayed bool, holding 2 as a byte read as false and as 2)', async () => {
    const f = fromColumns({ b: [true, null, false] });
    expect({ ...f.select(col('b').fillNull(2).alias('r')).dtypes }).toEqual({ r: 'int64' });
    expect(await values(f, col('b').fillNull(2))).toEqual([1, 2, 0]);
    expect(await values(f, col('b').fillNull(0.5))).toEqual([1, 0.5, 0]);
    expect(await values(f, col('b').fillNull(false))).toEqual([true, false, false]);
    expect(await values(fromColumns({ i: [1, null] }), col('i').fillNull(true))).toEqual([1, 1]);
  });

  it('an integer result has no −0 (1 / (0 · −5) was −Infinity): mul, mod, neg, a cast of −0.5', async () => {
    const f = fromColumns({ i: [0], j: [-5] });
    expect(await values(f, lit(1).div(col('i').mul(col('j'))))).toEqual([Infinity]);
    expect(await values(f, lit(1).div(col('j').mod(5)))).toEqual([Infinity]);
    expect(await values(f, lit(1).div(col('i').neg()))).toEqual([Infinity]);
    expect(await values(f, lit(1).div(lit(-0.5).cast('int64')))).toEqual([Infinity]);
    expect(await values(f, lit(1).div(col('i').mul(-5)))).toEqual([Infinity]);
    // a float keeps IEEE's −0
    expect(await values(fromColumns({ x: [0.5] }), lit(1).div(col('x').mul(0).neg()))).toEqual([-Infinity]);
  });
});

describe('date literals', () => {
  it("text that is not a real day or time is a plan error naming it (it failed when computed as 'cannot compare date with string', and isIn matched nothing)", async () => {
    const f = fromColumns({ d: ['2023-02-28', '2023-03-01'] }).select(col('d').cast('date').alias('d'));
    expect(() => f.filter(col('d').lt('2023-02-29'))).toThrow('"2023-02-29" is not a real date or time (no such day, hour or minute): (col("d") < "2023-02-29")');
    expect(() => f.filter(col('d').isIn(['2023-02-28', '2023-02-29']))).toThrow('"2023-02-29" is not a real date or time');
    expect(() => f.filter(col('d').cast('timestamp').gte('2020-01-01 25:00:00'))).toThrow('"2020-01-01 25:00:00" is not a real date or time');
    expect(await values(f, col('d').lt('2023-03-01'))).toEqual([true, false]);
    expect(await values(f, col('d').isIn(['2023-03-01']))).toEqual([false, true]);
  });
});
