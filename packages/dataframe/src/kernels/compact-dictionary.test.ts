import { describe, expect, test } from 'vitest';
import { Rng } from '../testing/random-csv.js';
import { valueAt, type Column } from './column.js';
import { compactDictionary } from './compact-dictionary.js';
import { GroupIndex } from './group-index.js';
import { isUniqueDictionary, markUnique } from './unique-dictionary.js';

const strings = (c: Column): (string | null)[] => Array.from({ length: c.length }, (_, i) => valueAt(c, i) as string | null);

describe('compactDictionary', () => {
  test('each piece keeps only its own strings, in first-use order, call after call through the thread\'s one remap array (seeded)', () => {
    const rng = new Rng(7);
    const big = markUnique(Array.from({ length: 20_000 }, (_, i) => `id${i}`));
    for (let call = 0; call < 30; call++) {
      // pieces of one large dictionary, of a small one, with and without nulls, overlapping codes
      const dict = call % 3 === 2 ? ['x', 'y', 'x', 'z'] : big;
      const n = rng.int(1, call % 3 === 2 ? 3 : 400);
      const nulls = call % 2 === 0;
      const codes = Int32Array.from({ length: n }, () => rng.int(0, dict.length - 1));
      const valid = nulls ? Uint8Array.from({ length: n }, () => (rng.float() < 0.2 ? 0 : 1)) : null;
      const c: Column = { dtype: 'string', length: n, values: codes, valid, dict };
      const out = compactDictionary(c);
      expect(strings(out)).toEqual(strings(c));
      if (dict.length > n) {
        // the codes used, each once, in first-use order (a repeating dictionary's repeats kept apart)
        const used = [...new Set(Array.from(codes).filter((_, i) => valid === null || valid[i] === 1))].map((k) => dict[k]);
        expect(out.dict).toEqual(used);
        if (dict === big) expect(isUniqueDictionary(out.dict!)).toBe(true);
      }
    }
  });
});

describe('GroupIndex.keyColumns(whole)', () => {
  test('codes into the scan\'s own dictionary (with the null key\'s offset undone), equal to the compact columns', () => {
    for (const nulls of [false, true]) {
      const dict = markUnique(Array.from({ length: 1000 }, (_, i) => `k${i}`));
      const g = new GroupIndex(['string'], true);
      const rows = [5, 999, 5, 0, 42];
      const valid = nulls ? Uint8Array.of(1, 1, 0, 1, 1) : null;
      g.map([{ dtype: 'string', length: rows.length, values: Int32Array.from(rows), valid, dict }], rows.length);
      const [whole] = g.keyColumns(true);
      const [compact] = g.keyColumns();
      expect(whole.dict).toBe(dict);
      expect(compact.dict!.length).toBeLessThan(10);
      expect(strings(whole)).toEqual(strings(compact));
      expect(strings(compactDictionary(whole))).toEqual(strings(compact));
    }
  });
});
