import { describe, expect, it } from 'vitest';
import { decodeStrings, encodeStrings } from './arrow-buffers.js';

describe('Arrow Utf8 buffers', () => {
  it('round-trip ASCII and multi-byte dictionaries, long and empty entries', () => {
    for (const dict of [['2024-01-31 13:45:00', '', 'x', 'a'.repeat(40), 'id0000012345'], ['ü', '', 'a€b', '😀', 'plain']]) {
      const { offsets, data } = encodeStrings(dict);
      expect(decodeStrings(offsets, data, dict.length)).toEqual(dict);
    }
  });

  it('encode short ASCII entries as their bytes, and fall back to UTF-8 at a later entry past ASCII', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `id${i}`);
    const ascii = encodeStrings([...ids, '\x7f']);
    expect(Buffer.from(ascii.data).toString('latin1')).toBe(`${ids.join('')}\x7f`);
    for (const late of ['é', '\x80', 'a😀']) {
      const dict = [...ids, late, 'z'];
      const { offsets, data } = encodeStrings(dict);
      expect(Buffer.from(data).toString('utf8')).toBe(dict.join(''));
      expect(decodeStrings(offsets, data, dict.length)).toEqual(dict);
    }
  });

  it('decode entries whose offsets start past 0 (a slice of a larger buffer), and only the first n', () => {
    const { offsets, data } = encodeStrings(['skip', 'me', 'one', 'two', 'three']);
    expect(decodeStrings(offsets.subarray(2), data, 2)).toEqual(['one', 'two']);
    const wide = encodeStrings(['é', 'x', 'ü€', 'y']);
    expect(decodeStrings(wide.offsets.subarray(1), wide.data, 3)).toEqual(['x', 'ü€', 'y']);
  });

  it('round-trip more ASCII text than is decoded as one string (cut from several strings then)', () => {
    const dict = Array.from({ length: 500 }, (_, i) => `${i}:`.padEnd(40_000, String.fromCharCode(97 + (i % 26))));
    const { offsets, data } = encodeStrings(dict);
    expect(data.length).toBeGreaterThan(1 << 24);
    const back = decodeStrings(offsets, data, dict.length);
    expect(back.length).toBe(dict.length);
    expect(back.every((s, i) => s === dict[i])).toBe(true);
  });
});
