import { describe, expect, it } from 'vitest';
import type { Column } from './column.js';
import { groupTop } from './group-top.js';
import { ints } from '../testing/int-column.js';
import { Rng } from '../testing/random-csv.js';


describe('groupTop', () => {
  // rows:       0  1  2  3  4  5  6
  const key = ints([1, 2, 1, 1, 2, null, 1]);
  const v = ints([5, 7, 9, 5, 7, 100, null]);

  it('keeps the first n of each key in the sort order, ties in row order, listed in that order', () => {
    const spec = { keyTypes: ['int64' as const], keepNullKeys: false, descending: [true], nullsLast: true, n: 2 };
    // key 1: 9 (row 2), then 5 (rows 0 and 3 tie: row 0 first); key 2: 7, 7 (rows 1, 4); null key dropped
    expect([...groupTop([key], [v], 7, spec)]).toEqual([2, 1, 4, 0]);
  });

  it('nulls first, and the null key kept as a group', () => {
    const spec = { keyTypes: ['int64' as const], keepNullKeys: true, descending: [false], nullsLast: false, n: 1 };
    // ascending with nulls first: row 6 (null v) leads key 1; key 2: row 1; the null key: row 5
    expect([...groupTop([key], [v], 7, spec)]).toEqual([6, 1, 5]);
  });

  it('one sort key of plain numbers (kept as the rows go, then only the kept sorted) equals sorting every row (seeded)', () => {
    const r = new Rng(8);
    for (let round = 0; round < 60; round++) {
      const len = r.int(1, 3000);
      const groups = [1, 7, 300, 5000][r.int(0, 3)];
      const keys = Array.from({ length: len }, () => (r.chance(0.03) ? null : r.int(0, groups)));
      // many ties (a few values) or few (floats)
      const few = r.chance(0.5);
      const vals = Array.from({ length: len }, () => (few ? r.int(-3, 3) : r.float() * 100 - 50));
      const n = [1, 2, 3, 16, 17][r.int(0, 4)];
      const desc = r.chance(0.5);
      const keepNullKeys = r.chance(0.5);
      const spec = { keyTypes: ['int64' as const], keepNullKeys, descending: [desc], nullsLast: true, n };
      const v: Column = { dtype: 'float64', length: len, values: Float64Array.from(vals), valid: null };
      const got = [...groupTop([ints(keys)], [v], len, spec)];
      // the reference: every row sorted by (value, row), the first n of each key, in that order
      const order = Array.from({ length: len }, (_, i) => i).sort((a, b) => {
        const x = vals[a];
        const y = vals[b];
        const c = x === y ? 0 : x < y ? -1 : 1;
        return (desc ? -c : c) || a - b;
      });
      const taken = new Map<number | null, number>();
      const want: number[] = [];
      for (const i of order) {
        if (keys[i] === null && !keepNullKeys) continue;
        const t = taken.get(keys[i]) ?? 0;
        if (t < n) { taken.set(keys[i], t + 1); want.push(i); }
      }
      expect(got).toEqual(want);
      // the same rows in their own order (the map side's, for the exchange), fast path or not (n 17)
      expect([...groupTop([ints(keys)], [v], len, spec, true)]).toEqual([...want].sort((a, b) => a - b));
    }
  });
});
