import { isUniqueDictionary } from './unique-dictionary.js';
import { describe, expect, it, test } from 'vitest';
import { concatColumns, sameValue, valueAt, type Column } from './column.js';

const strings = (dict: readonly string[], codes: number[], valid: number[] | null = null): Column =>
  ({ dtype: 'string', length: codes.length, values: Int32Array.from(codes), valid: valid ? Uint8Array.from(valid) : null, dict });
const texts = (c: Column): unknown[] => Array.from({ length: c.length }, (_, i) => valueAt(c, i));

describe('concatColumns', () => {
  it('keeps the one dictionary that every part shares, codes unchanged', () => {
    const dict = ['a', 'b', 'c'];
    const out = concatColumns([strings(dict, [0, 1]), strings(dict, [2, 0], [1, 0])], 'string');
    expect(out.dict).toBe(dict);
    expect(Array.from(out.values as Int32Array)).toEqual([0, 1, 2, 0]);
    expect(texts(out)).toEqual(['a', 'b', 'c', null]);
  });

  it('maps a dictionary that grew between parts (a scan batch) once, its new entries added', () => {
    const growing = ['x'];
    const first = strings(growing, [0, 0]);
    growing.push('y', 'z');
    const out = concatColumns([strings(['z', 'x'], [0, 1]), first, strings(growing, [2, 1])], 'string');
    expect(texts(out)).toEqual(['z', 'x', 'x', 'x', 'z', 'y']);
    expect([...out.dict!].sort()).toEqual(['x', 'y', 'z']);
  });

  it('unifies different dictionaries into one without duplicates', () => {
    const out = concatColumns([strings(['p', 'q'], [1, 0]), strings(['q', 'r', 'p'], [0, 1, 2], [1, 0, 1])], 'string');
    expect(texts(out)).toEqual(['q', 'p', 'q', null, 'p']);
    expect(new Set(out.dict).size).toBe(out.dict!.length);
  });

  it('concatenates numbers and validity, widening to bigint when a part is wide', () => {
    const a: Column = { dtype: 'int64', length: 2, values: Float64Array.from([1, 2]), valid: null };
    const b: Column = { dtype: 'int64', length: 1, values: BigInt64Array.from([2n ** 60n]), valid: Uint8Array.from([1]) };
    const out = concatColumns([a, b], 'int64');
    expect(Array.from(out.values as BigInt64Array)).toEqual([1n, 2n, 2n ** 60n]);
    expect(Array.from(out.valid!)).toEqual([1, 1, 1]);
  });

  // rows cut from scan batches into exchange buckets: each part carries its partition's whole
  // dictionary but uses a few of its entries
  it('maps only the codes the rows use when the dictionaries are far larger than the parts, one entry per string', () => {
    const a = Array.from({ length: 1000 }, (_, i) => `s${i}`);
    const b = Array.from({ length: 1000 }, (_, i) => `s${i + 500}`); // s500… shared with a
    const parts = [strings(a, [3, 999, 3], [1, 1, 0]), strings(b, [0, 499, 7]), strings(a, [999, 600])];
    const out = concatColumns(parts, 'string');
    expect(texts(out)).toEqual(['s3', 's999', null, 's500', 's999', 's507', 's999', 's600']);
    expect([...out.dict!].sort()).toEqual(['s3', 's500', 's507', 's600', 's999']);
    // the next concatenation starts clean (the codes mapped here are forgotten)
    const again = concatColumns([strings(b, [499, 1]), strings(a, [1, 3])], 'string');
    expect(texts(again)).toEqual(['s999', 's501', 's1', 's3']);
    expect(again.dict!.length).toBe(4);
  });

  it('mostly distinct strings (an id per row) are not hashed again to merge: the rows keep their text, the dictionary may repeat one', () => {
    // each part a batch of ids with a dictionary of its own, as a scan of mostly distinct values makes them
    // (their dictionaries hold three entries a row: the sparse path, which maps only used codes)
    const batch = (from: number, n: number): Column => strings(Array.from({ length: n * 3 }, (_, i) => `id${from + i}`), Array.from({ length: n }, (_, i) => i * 3));
    const parts = [batch(0, 1500), batch(4497, 1500)]; // id4497 is in both dictionaries, used by both parts
    const out = concatColumns(parts, 'string');
    const want = [...Array.from({ length: 1500 }, (_, i) => `id${i * 3}`), ...Array.from({ length: 1500 }, (_, i) => `id${4497 + i * 3}`)];
    expect(texts(out)).toEqual(want);
    expect(out.dict!.length).toBe(3000); // id4497 twice: one entry per part's use, no string hashed
    expect(isUniqueDictionary(out.dict!)).toBe(false);
  });
});

describe('sameValue', () => {
  test('nulls, NaN, -0, an int64 as a double and as a bigint, strings whatever their codes', () => {
    const f = (xs: (number | null)[]): Column => ({ dtype: 'float64', length: xs.length, values: Float64Array.from(xs, (x) => x ?? 0), valid: Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) });
    const a = f([Number.NaN, -0, null, 3]);
    const b = f([Number.NaN, 0, null, 4]);
    expect([0, 1, 2, 3].map((i) => sameValue(a, i, b, i))).toEqual([true, true, true, false]);
    expect(sameValue(a, 2, b, 3)).toBe(false);
    const doubles: Column = { dtype: 'int64', length: 1, values: Float64Array.of(7), valid: null };
    const bigints: Column = { dtype: 'int64', length: 2, values: BigInt64Array.of(7n, 2n ** 60n), valid: null };
    expect([sameValue(doubles, 0, bigints, 0), sameValue(doubles, 0, bigints, 1)]).toEqual([true, false]);
    const s1: Column = { dtype: 'string', length: 2, values: Int32Array.of(0, 1), valid: null, dict: ['x', 'y'] };
    const s2: Column = { dtype: 'string', length: 1, values: Int32Array.of(2), valid: null, dict: ['a', 'b', 'y'] };
    expect([sameValue(s1, 1, s2, 0), sameValue(s1, 0, s2, 0)]).toEqual([true, false]);
  });
});
