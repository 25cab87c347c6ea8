import { describe, expect, it } from 'vitest';
import { StringHash } from './string-hash.js';

describe('StringHash', () => {
  it('gives each distinct string one dense id in first-seen order, across growth', () => {
    const h = new StringHash(2);
    const words = Array.from({ length: 5000 }, (_, i) => `w${i % 1234}`);
    const ids = words.map((w) => h.id(w));
    expect(h.size).toBe(1234);
    expect(ids.slice(0, 3)).toEqual([0, 1, 2]);
    words.forEach((w, i) => expect(h.strings[ids[i]]).toBe(w));
  });

  it('tells apart strings that differ only in non-ASCII characters, and the empty string', () => {
    const h = new StringHash();
    expect([h.id(''), h.id('é'), h.id('e\u0301'), h.id('😀'), h.id(''), h.id('é')]).toEqual([0, 1, 2, 3, 0, 1]);
  });
});
