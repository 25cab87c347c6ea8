import { describe, expect, test } from 'vitest';
import { keptValues, testEntries } from './entry-memo.js';

describe('testEntries', () => {
  test('tests each entry the rows use once, keeps the answers for later batches of a growing dictionary, one set a test', () => {
    const dict = ['apple', 'banana', 'cherry'];
    const tested: string[] = [];
    const hasA = (s: string): boolean => { tested.push(s); return s.includes('a'); };
    expect([...testEntries(dict, Int32Array.of(0, 2, 0, 1), Uint8Array.of(1, 1, 1, 0), 4, 'a', hasA)]).toEqual([1, 0, 1, 0]);
    expect(tested).toEqual(['apple', 'cherry']); // a null row's entry is not tested
    dict.push('date', 'fig');
    expect([...testEntries(dict, Int32Array.of(3, 0, 4, 1), null, 4, 'a', hasA)]).toEqual([1, 1, 0, 1]);
    expect(tested).toEqual(['apple', 'cherry', 'date', 'fig', 'banana']);
    // another test of the same dictionary has answers of its own; another dictionary starts afresh
    expect([...testEntries(dict, Int32Array.of(0, 1), null, 2, 'e', (s) => s.includes('e'))]).toEqual([1, 0]);
    expect([...testEntries(['x', 'apple'], Int32Array.of(1, 0), null, 2, 'a', hasA)]).toEqual([1, 0]);
  });
});

describe('keptValues', () => {
  test('a slot an entry, kept per dictionary and key, growing with the dictionary', () => {
    const dict = ['a', 'b'];
    const v = keptValues<number>(dict, 'k');
    expect(v).toEqual([undefined, undefined]);
    v[1] = 7;
    dict.push('c');
    expect(keptValues<number>(dict, 'k')).toEqual([undefined, 7, undefined]);
    expect(keptValues<number>(dict, 'other')).toEqual([undefined, undefined, undefined]);
    expect(keptValues<number>(['a', 'b'], 'k')).toEqual([undefined, undefined]);
  });
});
