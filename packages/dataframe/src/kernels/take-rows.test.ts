import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../testing/random-csv.js';
import type { Column } from './column.js';
import { takeColumn } from './sort.js';
import { rowTaker } from './take-rows.js';

describe('rowTaker', () => {
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
    const take = rowTaker(cols);
    for (const len of [0, 1, 37, n]) {
      const rows = Int32Array.from({ length: len }, () => Math.floor(rnd() * n));
      const got = take(rows);
      cols.forEach((c, k) => {
        const want = takeColumn(c, rows);
        expect(got[k].values).toEqual(want.values);
        expect(got[k].dict).toBe(c.dict);
        expect(got[k].valid === null ? null : Array.from(got[k].valid!, (v) => v !== 0)).toEqual(want.valid === null ? null : Array.from(want.valid!, (v) => v !== 0));
      });
    }
  });
});
