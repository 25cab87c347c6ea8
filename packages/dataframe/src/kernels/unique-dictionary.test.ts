import { describe, expect, it } from 'vitest';
import type { Batch } from './batch.js';
import { concatColumns, DEDUPE_LIMIT, valueAt, type Column } from './column.js';
import { evalExpr } from './eval-expr.js';
import { GroupIndex } from './group-index.js';
import { isUniqueDictionary, markUnique } from './unique-dictionary.js';

/** A string column whose dictionary repeats 'x' (as a min/max result's or a large concatenation's may). */
const repeating = (): Column => ({ dtype: 'string', length: 4, values: Int32Array.of(0, 2, 1, 2), valid: null, dict: ['x', 'y', 'x'] });

describe('dictionaries that repeat a string', () => {
  it('give the string one group, even for codes straight from one dictionary', () => {
    const g = new GroupIndex(['string'], false);
    expect(Array.from(g.map([repeating()], 4))).toEqual([0, 0, 1, 0]);
    expect(g.size).toBe(2);
  });

  it('match a literal at every entry equal to it', () => {
    const batch: Batch = { length: 4, columns: new Map([['s', repeating()]]) };
    const eq = evalExpr({ kind: 'binary', op: 'eq', left: { kind: 'col', name: 's' }, right: { kind: 'lit', value: 'x', dtype: 'string' } }, batch);
    expect(Array.from(eq.values as Uint8Array)).toEqual([1, 1, 0, 1]);
  });

  // (parts whose rows use most of their dictionaries: a few rows of huge dictionaries map only
  // the strings they use instead, column.test.ts)
  it('come from concatenating dictionaries too large to hash again, which keep each row\'s text', () => {
    const half = DEDUPE_LIMIT / 2 + 1;
    const codes = Int32Array.from({ length: half }, (_, i) => i);
    const a: Column = { dtype: 'string', length: half, values: codes, valid: null, dict: Array.from({ length: half }, (_, i) => `a${i}`) };
    const bValid = new Uint8Array(half).fill(1);
    bValid[1] = 0;
    const b: Column = { dtype: 'string', length: half, values: codes, valid: bValid, dict: Array.from({ length: half }, (_, i) => (i === 0 ? 'a0' : `b${i}`)) };
    const out = concatColumns([a, b], 'string');
    expect(out.dict!.length).toBe(2 * half);
    expect(isUniqueDictionary(out.dict!)).toBe(false);
    expect([0, half - 1, half, half + 1, half + 2].map((i) => valueAt(out, i))).toEqual(['a0', `a${half - 1}`, 'a0', null, 'b2']);
  });

  it('come from concatenating dictionaries of about an entry a row that a sample finds no string twice in (a join bucket\'s ids)', () => {
    const part = (prefix: string, rows: number, entries: number): Column => ({
      dtype: 'string', length: rows, values: Int32Array.from({ length: rows }, (_, i) => i % entries), valid: null,
      dict: Array.from({ length: entries }, (_, i) => `${prefix}${i}`),
    });
    const ids = concatColumns([part('a', 2000, 2000), part('b', 2000, 2000)], 'string');
    expect(ids.dict!.length).toBe(4000);
    expect(isUniqueDictionary(ids.dict!)).toBe(false); // appended, not hashed (a hashed union is known unique)
    expect([0, 1999, 2000, 3999].map((i) => valueAt(ids, i))).toEqual(['a0', 'a1999', 'b0', 'b1999']);
    // more entries than the sample (4096), over many dictionaries
    const many = concatColumns(Array.from({ length: 5000 }, (_, i) => part(`p${i}-`, 2, 2)), 'string');
    expect(many.dict!.length).toBe(10_000);
    expect([0, 1, 8191, 9999].map((i) => valueAt(many, i))).toEqual(['p0-0', 'p0-1', 'p4095-1', 'p4999-1']);
    // 40 small parts each holding most of 150 strings: an entry a row, but repeated part after part — merged
    const words = Array.from({ length: 150 }, (_, i) => `w${i}`);
    const repeated = concatColumns(Array.from({ length: 40 }, (_, p) => ({
      dtype: 'string' as const, length: 100, values: Int32Array.from({ length: 100 }, (_, i) => i), valid: null,
      dict: Array.from({ length: 100 }, (_, i) => words[(p * 7 + i) % 150]),
    })), 'string');
    expect(repeated.dict!.length).toBe(150);
    expect(isUniqueDictionary(repeated.dict!)).toBe(true);
    expect([0, 99, 100, 3999].map((i) => valueAt(repeated, i))).toEqual(['w0', 'w99', 'w7', `w${(39 * 7 + 99) % 150}`]);
    // 2 × 1200 entries for 6000 rows: hashed into one dictionary
    const codes = concatColumns([part('a', 3000, 1200), part('a', 3000, 1200)], 'string');
    expect(codes.dict!.length).toBe(1200);
  });

  it('are told apart from dictionaries known to be unique', () => {
    expect(isUniqueDictionary(['x', 'y'])).toBe(false);
    expect(isUniqueDictionary(markUnique(['x', 'y']))).toBe(true);
    expect(isUniqueDictionary(['x'])).toBe(true);
  });
});
