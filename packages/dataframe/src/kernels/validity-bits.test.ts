import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../testing/random-csv.js';
import { packValidity, unpackValidity } from './validity-bits.js';

describe('validity bitmaps', () => {
  it('pack and unpack every length and start, byte-aligned or not, whole bytes and tails (seeded)', () => {
    const rnd = mulberry32(11);
    for (let n = 0; n <= 41; n++) {
      // bytes other than 0 and 1 count as valid too
      const valid = Uint8Array.from({ length: n }, () => (rnd() < 0.3 ? 0 : 1 + Math.floor(rnd() * 200)));
      const { bits, nulls } = packValidity(valid, n);
      expect(bits.length).toBe((n + 7) >> 3);
      expect(nulls).toBe(valid.filter((v) => v === 0).length);
      for (let offset = 0; offset <= n; offset++) {
        const length = n - offset;
        const out = new Uint8Array(length + 3).fill(9);
        unpackValidity(bits, offset, length, out, 2);
        expect(Array.from(out.subarray(2, 2 + length))).toEqual(Array.from(valid.subarray(offset), (v) => (v === 0 ? 0 : 1)));
        // nothing written outside the rows asked for
        expect([out[0], out[1], out[2 + length]]).toEqual([9, 9, 9]);
      }
    }
  });
});
