import { describe, expect, test } from 'vitest';
import { tokenize } from './tokenize.js';

describe('tokenize', () => {
  test('equal content hashes equal; key order of plain objects does not matter', () => {
    expect(tokenize([1, 'a', { x: 1, y: [2n, null] }])).toBe(tokenize([1, 'a', { y: [2n, null], x: 1 }]));
    expect(tokenize(new Float64Array([1, 2]))).toBe(tokenize(new Float64Array([1, 2])));
    expect(tokenize(new Map([[1, 'a']]))).toBe(tokenize(new Map([[1, 'a']])));
  });

  test('different content or types hash differently', () => {
    const all = [tokenize(1), tokenize('1'), tokenize([1]), tokenize(1n), tokenize(true), tokenize(null), tokenize(undefined),
      tokenize(-0), tokenize(new Int32Array([1])), tokenize(new Uint32Array([1])), tokenize(['a', 'b']), tokenize(['ab'])];
    expect(new Set(all).size).toBe(all.length);
  });

  test('128 bits; strings by their UTF-16 code units (lone surrogates were all U+FFFD: one key)', () => {
    expect(tokenize(1)).toMatch(/^[0-9a-f]{32}$/);
    const odd = ['\ud800', '\udc00', '\ufffd', '\ud83d\ude00', '😀'];
    expect(new Set(odd.map((s) => tokenize(s))).size).toBe(4); // the last two are one string
    // the two arguments the 40-bit keys gave one key
    expect(tokenize('sq', [212707], 0)).not.toBe(tokenize('sq', [1112216], 0));
  });

  test('class instances hash by identity', () => {
    class P { constructor(readonly x: number) {} }
    const p = new P(1);
    expect(tokenize(p)).toBe(tokenize(p));
    expect(tokenize(p)).not.toBe(tokenize(new P(1)));
  });
});
