import { describe, expect, it } from 'vitest';
import type { Column } from './column.js';
import { concatStrings } from './concat-strings.js';

const text = (dict: string[], codes: number[], valid: number[] | null = null): Column =>
  ({ dtype: 'string', length: codes.length, values: Int32Array.from(codes), valid: valid ? Uint8Array.from(valid) : null, dict });

const strings = (c: Column): (string | null)[] => Array.from(c.values as Int32Array, (code, i) => (c.valid && c.valid[i] === 0 ? null : c.dict![code]));

describe('concatStrings', () => {
  it('joins each row, null where any part is null, and gives one code to one string however it was made', () => {
    const a = text(['a', 'ab', ''], [0, 1, 2, 0, 1], [1, 1, 1, 0, 1]);
    const b = text(['bc', 'c'], [0, 1, 0, 1, 1]);
    const out = concatStrings([a, b], 5);
    expect(strings(out)).toEqual(['abc', 'abc', 'bc', null, 'abc']);
    expect(out.dict).toEqual(['abc', 'bc']);
  });

  it('keys tuples by text when the dictionaries are too many to number (their sizes multiply past 2^53)', () => {
    const big = (tag: string): string[] => Array.from({ length: 10_000 }, (_, i) => `${tag}${i}`);
    const parts = ['w', 'x', 'y', 'z'].map((tag) => text(big(tag), [9_999, 1, 9_999]));
    const out = concatStrings(parts, 3);
    expect(strings(out)).toEqual(['w9999x9999y9999z9999', 'w1x1y1z1', 'w9999x9999y9999z9999']);
    expect(out.dict!.length).toBe(2);
  });
});
