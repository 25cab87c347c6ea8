import { describe, expect, it } from 'vitest';
import { countText } from './count-text.js';

describe('countText', () => {
  it('writes what toLocaleString("en-US") writes for whole counts', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 100_000, 999_999, 1_000_000, 262_144, 9_999_996, 1_234_567_890, 2 ** 53 - 1]) {
      expect(countText(n)).toBe(n.toLocaleString('en-US'));
    }
  });

  it('rounds a fractional estimate to a whole count', () => {
    expect(countText(1234.6)).toBe('1,235');
  });
});
