import { describe, expect, it } from 'vitest';
import { NumHash } from './num-hash.js';

describe('NumHash.reserve', () => {
  it('keeps the ids of keys already in, and hands out dense ids for keys added after it', () => {
    const h = new NumHash(4);
    for (let k = 0; k < 40; k++) expect(h.id(k * 7.5)).toBe(k);
    h.reserve(100_000);
    for (let k = 0; k < 40; k++) expect(h.id(k * 7.5)).toBe(k);
    for (let k = 40; k < 100_040; k++) expect(h.id(k * 7.5)).toBe(k);
    expect(h.size).toBe(100_040);
    expect(h.values[100_039]).toBe(100_039 * 7.5);
    h.reserve(10); // room enough already: nothing moves
    expect([h.id(-0), h.id(Number.NaN), h.id(Number.NaN)]).toEqual([0, 100_040, 100_040]);
  });
});
