import { describe, expect, it } from 'vitest';
import { dictionaryRanks } from './dictionary-ranks.js';

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
