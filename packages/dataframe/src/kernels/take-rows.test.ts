import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../testing/random-csv.js';
import type { Column } from './column.js';
import { takeColumn } from './sort.js';
import { rowTaker } from './take-rows.js';

describe.each([false, true])('rowTaker (records: %s)', (records) => {
  it('takes what takeColumn takes, column by column, for eleven nullable columns (two packed masks) and some without nulls (seeded)', () => {
    const rnd = mulberry32(5);
    const n = 500;
    const cols: Column[] = Array.from({ length: 14 }, (_, k) => ({
      dtype: k % 3 === 0 ? 'int64' : k % 3 === 1 ? 'float64' : 'string',
      length: n,
      values: k % 3 === 2 ? Int32Array.from({ length: n }, () => Math.floor(rnd() * 3)) : Float64Array.from({ length: n }, () => rnd()),
      // columns 11..13 have no nulls; a valid byte may be any nonzero value
      valid: k >= 11 ? null : Uint8Array.from({ length: n }, () => (rnd() < 0.3 ? 0 : rnd() < 0.5 ? 1 : 7)),
      ...(k % 3 === 2 ? { dict: ['a', 'b', 'c'] } : {}),
    }) as Column);
    const take = rowTaker(cols, records);
    for (const len of [0, 1, 37, n]) {
      const rows = Int32Array.from({ length: len }, () => Math.floor(rnd() * n));
      const got = take(rows);
      cols.forEach((c, k) => {
        const want = takeColumn(c, rows);
        expect(got[k].values).toEqual(want.values);
        expect(got[k].dict).toBe(c.dict);
        expect(got[k].dtype).toBe(c.dtype);
        expect(got[k].valid === null ? null : Array.from(got[k].valid!, (v) => v !== 0)).toEqual(want.valid === null ? null : Array.from(want.valid!, (v) => v !== 0));
      });
    }
  });

  it('takes columns of every layout: bytes, int32s and float64s in odd counts, a column without nulls among them (seeded)', () => {
    const rnd = mulberry32(17);
    const n = 300;
    const cols: Column[] = [
      { dtype: 'bool', length: n, values: Uint8Array.from({ length: n }, () => (rnd() < 0.5 ? 1 : 0)), valid: Uint8Array.from({ length: n }, () => (rnd() < 0.2 ? 0 : 1)) },
      { dtype: 'date', length: n, values: Int32Array.from({ length: n }, () => Math.floor((rnd() - 0.5) * 2 ** 31)), valid: null },
      { dtype: 'float64', length: n, values: Float64Array.from({ length: n }, () => (rnd() < 0.1 ? -0 : (rnd() - 0.5) * 1e300)), valid: Uint8Array.from({ length: n }, () => (rnd() < 0.2 ? 0 : 1)) },
      { dtype: 'bool', length: n, values: Uint8Array.from({ length: n }, () => (rnd() < 0.5 ? 1 : 0)), valid: null },
      { dtype: 'date', length: n, values: Int32Array.from({ length: n }, () => Math.floor(rnd() * 1000)), valid: Uint8Array.from({ length: n }, () => (rnd() < 0.2 ? 0 : 1)) },
    ];
    const take = rowTaker(cols, records);
    const rows = Int32Array.from({ length: 2 * n }, () => Math.floor(rnd() * n));
    const got = take(rows);
    cols.forEach((c, k) => {
      const want = takeColumn(c, rows);
      expect(got[k].values).toEqual(want.values);
      expect(Object.is(got[k].values[0], want.values[0])).toBe(true);
      expect(got[k].valid === null ? null : Array.from(got[k].valid!)).toEqual(want.valid === null ? null : Array.from(want.valid!, (v) => (v !== 0 ? 1 : 0)));
    });
  });

  it('a taker after another one released its memory takes what takeColumn takes: no value or validity bit of the earlier records shows (seeded)', () => {
    const rnd = mulberry32(23);
    const make = (n: number, nullRate: number): Column[] => Array.from({ length: 10 }, (_, k) => ({
      dtype: k % 2 === 0 ? 'int32' : 'float64',
      length: n,
      values: k % 2 === 0 ? Int32Array.from({ length: n }, () => Math.floor(rnd() * 1000)) : Float64Array.from({ length: n }, () => rnd()),
      valid: Uint8Array.from({ length: n }, () => (rnd() < nullRate ? 0 : 1)),
    }) as Column);
    // all valid first (every validity byte 0xff in the lent records), then mostly null and smaller, then larger
    for (const [n, nullRate] of [[400, 0], [300, 0.9], [900, 0.5]] as const) {
      const cols = make(n, nullRate);
      const take = rowTaker(cols, records);
      const rows = Int32Array.from({ length: n }, () => Math.floor(rnd() * n));
      const got = take(rows);
      take.release();
      take.release(); // twice is harmless
      cols.forEach((c, k) => {
        const want = takeColumn(c, rows);
        expect(got[k].values).toEqual(want.values);
        expect(Array.from(got[k].valid!)).toEqual(Array.from(want.valid!, (v) => (v !== 0 ? 1 : 0)));
      });
    }
  });
});
