import { describe, expect, test } from 'vitest';
import { uncloneable } from './entry.js';

describe('uncloneable: what in a result cannot cross to another thread', () => {
  test('a function after 100 k strings (a dictionary) is found by its index: strings are passed over, not counted', () => {
    const names: unknown[] = Array.from({ length: 100_000 }, (_, i) => `id${i}`);
    names.push(() => 1);
    expect(uncloneable({ dict: names })).toBe('a function at result.dict[100000]');
  });
  test('plain data holds nothing: null', () => {
    expect(uncloneable({ dict: Array.from({ length: 100_000 }, (_, i) => `id${i}`), n: [1, 2, null], t: new Float64Array(4) })).toBeNull();
  });
  test('a symbol and an object past thousands of objects: the first found, the rest left to the guarded reply', () => {
    expect(uncloneable([1, 'a', Symbol('s')])).toBe('a symbol at result[2]');
    const many: unknown[] = Array.from({ length: 5000 }, () => ({}));
    many.push(() => 1);
    expect(uncloneable(many)).toBeNull();
  });
});
