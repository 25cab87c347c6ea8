import { describe, expect, it } from 'vitest';
import { dictionaryRanks, stringOrder } from './dictionary-ranks.js';

/** Ranks by a plain sort of the distinct strings: the oracle. */
function expected(dict: readonly string[]): number[] {
  const distinct = [...new Set(dict)].sort();
  return dict.map((s) => distinct.indexOf(s));
}

describe('dictionaryRanks', () => {
  let seed = 9;
  const rnd = (m: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return (seed >>> 8) % m; };
  const word = (): string => `w${rnd(3000).toString(36)}`;

  it('ranks a small dictionary, equal strings equal', () => {
    const dict = ['pear', 'apple', 'fig', 'apple', ''];
    expect(Array.from(dictionaryRanks(dict).rank)).toEqual([3, 1, 2, 1, 0]);
    expect(dictionaryRanks(dict).card).toBe(4);
    expect(dictionaryRanks([]).card).toBe(1);
  });

  it('ranks a large dictionary again as it grows, as a fresh sort would', () => {
    const dict: string[] = Array.from({ length: 5000 }, word);
    for (const grow of [0, 1, 700, 0, 2500]) {
      for (let j = 0; j < grow; j++) dict.push(word());
      const { rank, card } = dictionaryRanks(dict);
      expect(Array.from(rank)).toEqual(expected(dict));
      expect(card).toBe(new Set(dict).size);
    }
  });

  it('ranks a dictionary changed in place afresh, not from its kept order', () => {
    const dict: string[] = Array.from({ length: 5000 }, (_, j) => `k${String(j).padStart(5, '0')}`);
    expect(dictionaryRanks(dict).rank[0]).toBe(0);
    dict[0] = 'zzz';
    dict.push('a');
    const { rank } = dictionaryRanks(dict);
    expect(Array.from(rank)).toEqual(expected(dict));
    expect(rank[0]).toBe(5000);
  });
});

describe('stringOrder: a radix sort by the characters after the common prefix, comparisons among ties', () => {
  let seed = 17;
  const rnd = (m: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return (seed >>> 8) % m; };
  /** A string of `len` characters drawn from `alphabet`. */
  const text = (len: number, alphabet: string): string => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join('');
  /** Codes from..to-1 sorted by `<` (the oracle: a comparison sort, stable). */
  const oracle = (dict: readonly string[], from: number, to: number): string[] =>
    Array.from({ length: to - from }, (_, j) => dict[from + j]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const cases: [string, () => string][] = [
    // db-benchmark's ids: a long common prefix, then digits
    ['ids with a shared prefix', () => `id${String(rnd(1_000_000)).padStart(10, '0')}`],
    // lengths 0–20 over a tiny alphabet: prefixes of each other, duplicates, ties past the 12 characters read
    ['short and long strings, prefixes and duplicates', () => text(rnd(21), 'ab')],
    ['the empty string and single characters', () => text(rnd(2), 'xyz')],
    // Latin-1 letters take the radix path (below U+00FF), others the comparisons
    ['Latin-1 letters', () => `é${text(rnd(15), 'aeéèç')}`],
    ['letters past U+00FF', () => text(1 + rnd(14), 'aßŁ€ж😀')],
    ['equal past the characters read, differing after', () => `common-prefix/${text(12, 'ab')}${text(rnd(4), 'abc')}`],
  ];
  for (const [name, make] of cases) {
    it(name, () => {
      const dict = Array.from({ length: 6000 }, make);
      const order = stringOrder(dict, 0, dict.length);
      expect(order.length).toBe(dict.length);
      expect(new Set(order).size).toBe(dict.length);
      expect(Array.from(order, (c) => dict[c])).toEqual(oracle(dict, 0, dict.length));
      // a range of the codes (the entries a growing dictionary added), codes relative to the whole
      const part = stringOrder(dict, 1000, 5500);
      expect(Math.min(...part)).toBe(1000);
      expect(Array.from(part, (c) => dict[c])).toEqual(oracle(dict, 1000, 5500));
    });
  }

  it('ranks from it equal a plain sort\'s, on a dictionary large enough for the radix sort', () => {
    const dict = Array.from({ length: 9000 }, () => text(rnd(16), 'abc'));
    const { rank, card } = dictionaryRanks(dict);
    expect(Array.from(rank)).toEqual(expected(dict));
    expect(card).toBe(new Set(dict).size);
  });
});
