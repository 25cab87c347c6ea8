import { Rng } from '../testing/random-csv.js';
import { describe, expect, test } from 'vitest';
import type { Column } from './column.js';
import { isConstant, markConstant, sliceColumn, valueAt } from './column.js';
import { GroupIndex } from './group-index.js';
import { markUnique } from './unique-dictionary.js';

const num = (xs: (number | null)[]): Column => ({
  dtype: 'int64', length: xs.length, values: Float64Array.from(xs, (x) => x ?? 0),
  valid: Uint8Array.from(xs, (x) => (x === null ? 0 : 1)),
});
const str = (xs: (string | null)[]): Column => {
  const dict = [...new Set(xs.filter((x): x is string => x !== null))];
  return { dtype: 'string', length: xs.length, values: Int32Array.from(xs, (x) => (x === null ? 0 : dict.indexOf(x))), valid: Uint8Array.from(xs, (x) => (x === null ? 0 : 1)), dict };
};

const valueAtAll = (c: Column): unknown[] => Array.from({ length: c.length }, (_, i) => valueAt(c, i));

describe('GroupIndex', () => {
  test('assigns dense ids in first-seen order and remembers key values', () => {
    const g = new GroupIndex(['int64'], false);
    expect(Array.from(g.map([num([7, 3, 7, 9])], 4))).toEqual([0, 1, 0, 2]);
    expect([...g.keyColumns()[0].values]).toEqual([7, 3, 9]);
  });

  test('a batch of one key says its group in `uniform` (ids filled); another key, a dropped null or several keys do not', () => {
    const plain = (xs: number[]): Column => ({ dtype: 'int64', length: xs.length, values: Float64Array.from(xs), valid: null });
    const g = new GroupIndex(['int64'], false);
    expect(Array.from(g.map([plain([5, 5, 5])], 3))).toEqual([0, 0, 0]);
    expect(g.uniform).toBe(0);
    expect(Array.from(g.map([plain([7, 7])], 2))).toEqual([1, 1]); // a new group
    expect(g.uniform).toBe(1);
    expect(Array.from(g.map([plain([7, 7, 5])], 3))).toEqual([1, 1, 0]);
    expect(g.uniform).toBe(-1);
    // rows past n (a reused buffer) are not looked at; a batch of one row is one group
    expect(Array.from(g.map([plain([7, 7, 7, 5])], 3))).toEqual([1, 1, 1]);
    expect(g.uniform).toBe(1);
    g.map([plain([5])], 1);
    expect(g.uniform).toBe(0);
    // with validity: a dropped null is not a group; present rows of one key are
    g.map([num([5, null])], 2);
    expect(g.uniform).toBe(-1);
    expect(Array.from(g.map([num([5, 5])], 2))).toEqual([0, 0]);
    expect(g.uniform).toBe(0);
    const kept = new GroupIndex(['int64'], true);
    expect(Array.from(kept.map([num([null, null])], 2))).toEqual([0, 0]);
    expect(kept.uniform).toBe(0); // the null key's group
    const s = new GroupIndex(['string'], false);
    s.map([str(['a', 'a', 'a'])], 3);
    expect(s.uniform).toBe(0);
    s.map([str(['a', 'b'])], 2);
    expect(s.uniform).toBe(-1);
    const two = new GroupIndex(['int64', 'int64'], false);
    two.map([plain([1, 1]), plain([2, 2])], 2);
    expect(two.uniform).toBe(-1);
  });

  test('a key marked as one value (a scan filled it) maps from its first row: the groups of the same rows unmarked', () => {
    const filled = (x: number, n: number): Column => ({ dtype: 'int64', length: n, values: new Float64Array(n).fill(x), valid: null });
    const marked = new GroupIndex(['int64'], false);
    const plain = new GroupIndex(['int64'], false);
    for (const [x, n] of [[2010, 5], [2010, 3], [2011, 4], [2009, 1], [2010, 6]] as const) {
      const c = markConstant(filled(x, n));
      expect(Array.from(marked.map([c], n))).toEqual(Array.from(plain.map([filled(x, n)], n)));
      expect(marked.uniform).toBe(plain.uniform);
    }
    expect(marked.size).toBe(3);
    expect(Array.from(valueAtAll(marked.keyColumns()[0]))).toEqual([2010, 2011, 2009]);
    // a slice of a marked column is marked; one with nulls cannot be; a marked key among several is mapped row by row
    const c = markConstant(filled(7, 10));
    expect(isConstant(sliceColumn(c, 2, 6))).toBe(true);
    expect(isConstant(filled(7, 10))).toBe(false);
    expect(() => markConstant(num([1, null]))).toThrow('nulls');
    const two = new GroupIndex(['int64', 'int64'], false);
    expect(Array.from(two.map([markConstant(filled(1, 3)), { dtype: 'int64', length: 3, values: Float64Array.of(4, 5, 4), valid: null }], 3))).toEqual([0, 1, 0]);
  });

  test('runs of one key (a time series\' year) take the run\'s group; nulls, NaN, -0 and new keys inside runs are still told apart', () => {
    const xs = [2010, 2010, 2010, null, 2010, 2011, 2011, 0, -0, -0, Number.NaN, Number.NaN, 2010, null, null, 2.5, 2.5, 1e12, 1e12, 2011];
    const reference = new Map<string, number>();
    const want = xs.map((x) => {
      if (x === null) return -1;
      const key = Number.isNaN(x) ? 'NaN' : String(x === 0 ? 0 : x);
      if (!reference.has(key)) reference.set(key, reference.size);
      return reference.get(key)!;
    });
    const g = new GroupIndex(['float64'], false);
    expect(Array.from(g.map([num(xs)], xs.length))).toEqual(want);
    // a second batch continues the runs with the same groups
    expect(Array.from(g.map([num([2011, 2011, 2010, 2010])], 4))).toEqual([1, 1, 0, 0]);
    const kept = new GroupIndex(['float64'], true);
    const ids = Array.from(kept.map([num([null, null, 7, 7, null])], 5));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[4]).toBe(ids[0]);
    expect(ids[2]).toBe(ids[3]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  test('integer keys of every range, with nulls: one id per distinct value, across batches (seeded)', () => {
    // small, direct-table (< 2^20, growing), large, negative and fractional keys, -0 and 0, nulls
    let seed = 5;
    const rnd = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
    const pick = (): number | null => {
      const r = rnd();
      if (r < 0.05) return null;
      if (r < 0.3) return Math.floor(rnd() * 100);
      if (r < 0.6) return Math.floor(rnd() * 300_000);
      if (r < 0.7) return (1 << 20) - 2 + Math.floor(rnd() * 4);
      if (r < 0.8) return Math.floor(rnd() * 1e12);
      if (r < 0.9) return -Math.floor(rnd() * 1000);
      return rnd() < 0.5 ? -0 : Math.floor(rnd() * 50) + 0.5;
    };
    for (const keepNull of [false, true]) {
      const g = new GroupIndex(['int64'], keepNull);
      const idOf = new Map<string, number>();
      for (let batch = 0; batch < 4; batch++) {
        const xs = Array.from({ length: 5000 }, pick);
        const ids = g.map([num(xs)], xs.length);
        xs.forEach((x, i) => {
          if (x === null && !keepNull) { expect(ids[i]).toBe(-1); return; }
          const key = x === null ? 'null' : String(x === 0 ? 0 : x);
          // a new key is the next group: dense, in the order rows first show them
          if (!idOf.has(key)) { expect(ids[i], key).toBe(idOf.size); idOf.set(key, ids[i]); }
          expect(ids[i], key).toBe(idOf.get(key));
        });
      }
      expect(g.size).toBe(idOf.size);
      expect(new Set(idOf.values()).size).toBe(idOf.size);
      const keys = g.keyColumns()[0];
      for (const [key, id] of idOf) expect(key === 'null' ? valueAt(keys, id) : String(valueAt(keys, id)), key).toBe(key === 'null' ? null : key);
    }
  });

  test('int64 keys past 2^53 (a BigInt64Array) beside small ones, with nulls: groups dense in first-seen order, keys exact', () => {
    const xs = [2n ** 60n, 5n, null, 2n ** 60n + 1n, 5n, -(2n ** 62n), null, 2n ** 60n, 7n];
    for (const keepNull of [false, true]) {
      const g = new GroupIndex(['int64'], keepNull);
      const col: Column = { dtype: 'int64', length: xs.length, values: BigInt64Array.from(xs, (x) => x ?? 0n), valid: Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) };
      const ids = Array.from(g.map([col], xs.length));
      expect(ids).toEqual(keepNull ? [0, 1, 2, 3, 1, 4, 2, 0, 5] : [0, 1, -1, 2, 1, 3, -1, 0, 4]);
      const keys = g.keyColumns()[0];
      // valueAt gives a safe integer of an int64 column as a number
      const want = keepNull ? [2n ** 60n, 5, null, 2n ** 60n + 1n, -(2n ** 62n), 7] : [2n ** 60n, 5, 2n ** 60n + 1n, -(2n ** 62n), 7];
      expect(Array.from({ length: g.size }, (_, k) => valueAt(keys, k))).toEqual(want);
    }
  });

  test('drops null keys by default and keeps them as one group when asked', () => {
    const drop = new GroupIndex(['string'], false);
    expect(Array.from(drop.map([str(['a', null, 'a'])], 3))).toEqual([0, -1, 0]);
    const keep = new GroupIndex(['string'], true);
    const ids = Array.from(keep.map([str(['a', null, 'b', null])], 4));
    expect(ids).toEqual([0, 1, 2, 1]);
    const keys = keep.keyColumns()[0];
    expect([0, 1, 2].map((i) => valueAt(keys, i))).toEqual(['a', null, 'b']);
  });

  test('a float key: null, NaN, -0 and 0 — null and NaN two groups (NaN was taken for null), -0 the group 0', () => {
    const xs = [Number.NaN, null, -0, 0, Number.NaN, null, 1.5];
    const c: Column = { dtype: 'float64', length: xs.length, values: Float64Array.from(xs, (x) => x ?? 0), valid: Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) };
    const keep = new GroupIndex(['float64'], true);
    expect(Array.from(keep.map([c], xs.length))).toEqual([0, 1, 2, 2, 0, 1, 3]);
    const keys = keep.keyColumns()[0];
    expect([0, 1, 2, 3].map((i) => valueAt(keys, i))).toEqual([Number.NaN, null, 0, 1.5]);
    expect(Object.is(valueAt(keys, 2), 0)).toBe(true);
  });

  test('combines several keys, and ids stay stable across batches with different dictionaries', () => {
    const g = new GroupIndex(['string', 'int64'], false);
    expect(Array.from(g.map([str(['x', 'x', 'y']), num([1, 2, 1])], 3))).toEqual([0, 1, 2]);
    expect(Array.from(g.map([str(['y', 'x']), num([1, 2])], 2))).toEqual([2, 1]);
    const [k1, k2] = g.keyColumns();
    expect([0, 1, 2].map((i) => [valueAt(k1, i), valueAt(k2, i)])).toEqual([['x', 1], ['x', 2], ['y', 1]]);
  });
});

describe('GroupIndex over several keys', () => {
  test('one group per distinct tuple, dense in first-seen order, across table growth', () => {
    const g = new GroupIndex(['int64', 'string', 'int64'], false);
    const n = 5000;
    const a = Array.from({ length: n }, (_, i) => i % 7);
    const b = Array.from({ length: n }, (_, i) => `s${i % 11}`);
    const c = Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : i % 3));
    const ids = Array.from(g.map([num(a), str(b), num(c)], n));
    const seen = new Map<string, number>();
    const want = a.map((x, i) => {
      if (c[i] === null) return -1;
      const key = `${x}|${b[i]}|${c[i]}`;
      if (!seen.has(key)) seen.set(key, seen.size);
      return seen.get(key)!;
    });
    expect(ids).toEqual(want);
    expect(g.size).toBe(seen.size);
    const keys = g.keyColumns();
    const last = [...seen.keys()][seen.size - 1].split('|');
    expect([valueAt(keys[0], seen.size - 1), valueAt(keys[1], seen.size - 1), valueAt(keys[2], seen.size - 1)]).toEqual([Number(last[0]), last[1], Number(last[2])]);
  });
});

describe('GroupIndex of several keys: the direct table and the hash table', () => {
  test('ids stay dense, first seen and stable as keys outgrow the direct table and move to the hash table (seeded)', () => {
    // batches whose keys' value ranges grow: two keys of a few values (direct), then wider
    // (a rebuilt direct table), then past 2^18 tuples' worth of bits (the hash table); nulls dropped
    const r = new Rng(7);
    for (const nk of [2, 3]) {
      const g = new GroupIndex(Array.from({ length: nk }, () => 'int64'), false);
      const seen = new Map<string, number>();
      for (const range of [3, 3, 60, 200, 900, 900, 5000, 40]) {
        const n = 2000;
        const cols = Array.from({ length: nk }, () => Array.from({ length: n }, () => (r.chance(0.02) ? null : r.int(0, range))));
        const ids = Array.from(g.map(cols.map((c) => num(c)), n));
        const want = Array.from({ length: n }, (_, i) => {
          if (cols.some((c) => c[i] === null)) return -1;
          const key = cols.map((c) => c[i]).join('|');
          if (!seen.has(key)) seen.set(key, seen.size);
          return seen.get(key)!;
        });
        expect(ids).toEqual(want);
        expect(g.size).toBe(seen.size);
      }
      const keys = g.keyColumns();
      const tuples = [...seen.keys()];
      for (const at of [0, tuples.length >> 1, tuples.length - 1]) {
        expect(keys.map((k) => valueAt(k, at)).join('|')).toBe(tuples[at]);
      }
    }
  });
});

describe('GroupIndex key columns', () => {
  test('carry only the groups\' strings when the dictionary seen is much larger', () => {
    const dict = Array.from({ length: 100 }, (_, i) => `s${i}`);
    const g = new GroupIndex(['string'], true);
    const c: Column = { dtype: 'string', length: 3, values: Int32Array.of(42, 7, 42), valid: Uint8Array.of(1, 1, 0), dict };
    g.map([c], 3);
    const keys = g.keyColumns()[0];
    expect(keys.dict!.length).toBeLessThanOrEqual(3);
    expect([0, 1, 2].map((i) => valueAt(keys, i))).toEqual(['s42', 's7', null]);
  });
});

describe('GroupIndex over one unique dictionary with null keys kept', () => {
  const batch = (dict: string[], codes: (number | null)[]): Column => ({
    dtype: 'string', length: codes.length, values: Int32Array.from(codes, (c) => c ?? 0),
    valid: Uint8Array.from(codes, (c) => (c === null ? 0 : 1)), dict,
  });
  const keysOf = (g: GroupIndex): (string | null)[] => {
    const k = g.keyColumns()[0];
    return Array.from({ length: k.length }, (_, i) => valueAt(k, i) as string | null);
  };

  test('groups nulls and codes across batches of the same growing dictionary', () => {
    const dict = markUnique(['a', 'b']);
    const g = new GroupIndex(['string'], true);
    expect(Array.from(g.map([batch(dict, [1, null, 0, 1])], 4))).toEqual([0, 1, 2, 0]);
    dict.push('c');
    expect(Array.from(g.map([batch(dict, [2, null, 0])], 3))).toEqual([3, 1, 2]);
    expect(keysOf(g)).toEqual(['b', null, 'a', 'c']);
  });

  test('keeps earlier ids when a second dictionary arrives', () => {
    const g = new GroupIndex(['string'], true);
    expect(Array.from(g.map([batch(markUnique(['a', 'b']), [null, 1])], 2))).toEqual([0, 1]);
    expect(Array.from(g.map([batch(markUnique(['b', 'z', 'a']), [0, 1, null, 2])], 4))).toEqual([1, 2, 0, 3]);
    expect(keysOf(g)).toEqual([null, 'b', 'z', 'a']);
  });

  test('a few groups of a large dictionary carry only their own strings', () => {
    const dict = markUnique(Array.from({ length: 100 }, (_, i) => `k${i}`));
    const g = new GroupIndex(['string'], true);
    g.map([batch(dict, [42, null, 7, 42])], 4);
    const k = g.keyColumns()[0];
    expect(k.dict).toEqual(['k42', 'k7']);
    expect(keysOf(g)).toEqual(['k42', null, 'k7']);
  });

  test('key columns with the null key and a real "" hold each string once (a dictionary marked unique with "" twice split that group where partials merged)', () => {
    for (const first of [[0, null], [null, 0]] as const) {
      const g = new GroupIndex(['string'], true);
      g.map([batch(markUnique(['', 'a']), [...first, 1])], 3);
      g.map([batch(markUnique(['b', '']), [0, 1])], 2); // a second dictionary: strings are mapped by text
      const [k] = g.keyColumns();
      expect(new Set(k.dict).size).toBe(k.dict!.length);
      // merging the partial again (a combine): one group per key, "" once
      const merged = new GroupIndex(['string'], true);
      merged.map([k], k.length);
      merged.map([k], k.length);
      expect(keysOf(merged).sort()).toEqual(['', 'a', 'b', null].sort());
    }
  });

  test('a null first met after the identity began without nulls still gets one group', () => {
    const dict = markUnique(['a', 'b']);
    const g = new GroupIndex(['string'], true);
    expect(Array.from(g.map([{ dtype: 'string', length: 2, values: Int32Array.from([1, 0]), valid: null, dict }], 2))).toEqual([0, 1]);
    expect(Array.from(g.map([batch(dict, [null, 0, null])], 3))).toEqual([2, 1, 2]);
    expect(keysOf(g)).toEqual(['b', 'a', null]);
  });
});

describe('GroupIndex of string keys looked up by their bytes', () => {
  // strings that UTF-8 would confuse (lone surrogates all encode as U+FFFD), that look alike, or
  // whose bytes could pass for another form's (ÿ is U+00FF)
  const tricky = ['\uD800', '\uDC00', '\uFFFD', '\uD83D\uDE00', 'ÿ', 'ÿÿ', 'e', 'é', 'e\u0301', '', ' ', 'a\u0000', 'a', '\u00FEa', 'þ'];

  test('one group per distinct string, across dictionaries of every shape, as a Map of the strings says (seeded)', () => {
    const rng = new Rng(23);
    const pool = [...tricky, ...Array.from({ length: 6000 }, (_, i) => (i % 3 === 0 ? `ü${i}` : `user${i}`))];
    for (const keepNull of [false, true]) {
      const g = new GroupIndex(['string'], keepNull);
      const reference = new Map<string | null, number>();
      for (let b = 0; b < 12; b++) {
        // a fresh dictionary a batch (partials being merged, a distinct column's batches), up
        // to 5000 entries (past one encoding chunk), in shuffled order, sometimes repeating a string
        const size = rng.int(1, 5000);
        const dict = Array.from({ length: size }, () => pool[rng.int(0, pool.length - 1)]);
        const n = rng.int(1, 3000);
        const rows = Array.from({ length: n }, () => (rng.float() < 0.05 ? null : rng.int(0, size - 1)));
        const col: Column = {
          dtype: 'string', length: n, values: Int32Array.from(rows, (c) => c ?? 0),
          valid: Uint8Array.from(rows, (c) => (c === null ? 0 : 1)), dict,
        };
        const ids = g.map([col], n);
        rows.forEach((c, i) => {
          const key = c === null ? null : dict[c];
          if (key === null && !keepNull) return expect(ids[i]).toBe(-1);
          if (!reference.has(key)) reference.set(key, reference.size);
          expect(ids[i]).toBe(reference.get(key));
        });
      }
      const k = g.keyColumns()[0];
      expect(Array.from({ length: k.length }, (_, i) => valueAt(k, i))).toEqual([...reference.keys()]);
      expect(new Set(k.dict).size).toBe(k.dict!.length);
    }
  });

  test('leaving a unique dictionary\'s codes for a second dictionary keeps every id, null key first or not', () => {
    for (const nullFirst of [true, false]) {
      const first = markUnique([...tricky]);
      const g = new GroupIndex(['string'], true);
      const codes = first.map((_, i) => i);
      const rows = nullFirst ? [null, ...codes] : codes;
      const ids1 = Array.from(g.map([{
        dtype: 'string', length: rows.length, values: Int32Array.from(rows, (c) => c ?? 0),
        valid: nullFirst ? Uint8Array.from(rows, (c) => (c === null ? 0 : 1)) : null, dict: first,
      }], rows.length));
      const second = [...tricky].reverse();
      const ids2 = Array.from(g.map([{ dtype: 'string', length: second.length, values: Int32Array.from(second, (_, i) => i), valid: null, dict: second }], second.length));
      // each string of the second dictionary finds the group the first gave it
      second.forEach((s, i) => expect(ids2[i]).toBe(ids1[rows.indexOf(first.indexOf(s))]));
      expect(g.size).toBe(tricky.length + (nullFirst ? 1 : 0));
    }
  });
});
