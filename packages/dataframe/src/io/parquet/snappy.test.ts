import { compressors } from 'hyparquet-compressors';
import { describe, expect, test } from 'vitest';
import { Rng } from '../../testing/random-csv.js';
import { snappyInto } from './snappy.js';

/**
 * A random valid Snappy block and what it decodes to, built side by side: literals short and long
 * (lengths in the tag and in 1–4 bytes after it), and copies of each tag — 1-byte offsets,
 * 2-byte, and 4-byte (which compressors seldom write) — reaching back past what they write or
 * into it (a run, copied byte by byte).
 */
function randomBlock(rng: Rng, elements: number, short = false): { block: Uint8Array; want: Uint8Array } {
  const out: number[] = [];
  const body: number[] = [];
  for (let e = 0; e < elements; e++) {
    if (out.length === 0 || rng.chance(0.4)) {
      const len = short ? rng.int(1, 17) : rng.pick([1, 2, 5, 31, 32, 33, 60, 61, 200, 256, 257, 1000, 70_000]);
      const bytes = Array.from({ length: len }, () => rng.int(0, 255));
      if (len <= 60) body.push((len - 1) << 2);
      else {
        const k = len - 1 < 256 ? 1 : len - 1 < 65_536 ? (rng.chance(0.5) ? 2 : 3) : 4;
        body.push((59 + k) << 2);
        for (let i = 0; i < k; i++) body.push(((len - 1) >>> (8 * i)) & 0xff);
      }
      for (const b of bytes) { body.push(b); out.push(b); }
      continue;
    }
    const tag = rng.pick([1, 2, 3]);
    const len = tag === 1 ? rng.int(4, 11) : short ? rng.int(1, 17) : rng.pick([1, 4, 8, 31, 32, 40, 64]);
    const offset = rng.int(1, Math.min(tag === 1 ? 2047 : 65_535, short ? 20 : Infinity, out.length));
    if (tag === 1) body.push(1 | ((len - 4) << 2) | ((offset >>> 8) << 5), offset & 0xff);
    else if (tag === 2) body.push(2 | ((len - 1) << 2), offset & 0xff, offset >>> 8);
    else body.push(3 | ((len - 1) << 2), offset & 0xff, (offset >>> 8) & 0xff, offset >>> 16, 0);
    const from = out.length - offset;
    for (let i = 0; i < len; i++) out.push(out[from + i]);
  }
  const head: number[] = [];
  let n = out.length;
  while (n >= 0x80) { head.push((n & 0x7f) | 0x80); n >>>= 7; }
  head.push(n);
  const block = new Uint8Array(head.length + body.length);
  block.set(head);
  block.set(body, head.length);
  return { block, want: Uint8Array.from(out) };
}

/** Where a and b first differ (-1: nowhere) — toEqual over blocks of megabytes took ~30 s. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  return a.findIndex((x, i) => x !== b[i]);
}

describe('snappyInto', () => {
  test('random blocks decode to what they were built from, and as hyparquet-compressors decodes them', () => {
    const rng = new Rng(2026);
    for (let k = 0; k < 60; k++) {
      const { block, want } = randomBlock(rng, rng.int(1, 80));
      const got = new Uint8Array(want.length);
      snappyInto(block, got);
      expect(firstDifference(got, want)).toBe(-1);
      expect(firstDifference(compressors.SNAPPY!(block, want.length), want)).toBe(-1);
    }
  });

  test('short literals and copies (moved as 4-byte words, past their end): every length to 17, offsets 1–20, to the last byte', () => {
    const rng = new Rng(4242);
    for (let k = 0; k < 400; k++) {
      const { block, want } = randomBlock(rng, rng.int(1, 60), true);
      // in a larger buffer: the words written past an element's end stay inside the output
      const buf = new Uint8Array(want.length + 20).fill(0xee);
      snappyInto(block, buf.subarray(0, want.length));
      expect(buf.subarray(0, want.length)).toEqual(want);
      expect(buf.subarray(want.length)).toEqual(new Uint8Array(20).fill(0xee));
    }
  });

  test('writes into the buffer it is given, every byte of it', () => {
    const { block, want } = randomBlock(new Rng(7), 40);
    const buf = new Uint8Array(want.length + 10).fill(0xee);
    snappyInto(block, buf.subarray(3, 3 + want.length));
    expect(buf.subarray(3, 3 + want.length)).toEqual(want);
    expect([...buf.subarray(0, 3), ...buf.subarray(3 + want.length)]).toEqual(new Array(10).fill(0xee));
  });

  test('a block cut short, a wrong size, a copy from before the start or past the end: errors, nothing written out of bounds', () => {
    const { block, want } = randomBlock(new Rng(11), 30);
    for (const cut of [1, 2, 5, block.length >> 1, block.length - 1]) expect(() => snappyInto(block.subarray(0, cut), new Uint8Array(want.length))).toThrow(/^snappy: /);
    expect(() => snappyInto(block, new Uint8Array(want.length + 1))).toThrow('snappy: the block holds');
    expect(() => snappyInto(Uint8Array.of(0x05, 0x00, 0x61, 0x01, 0x03), new Uint8Array(5))).toThrow('reaches before the start'); // "a", then a copy 3 back
    expect(() => snappyInto(Uint8Array.of(0x03, 0x08, 0x61, 0x62, 0x63, 0x05, 0x01), new Uint8Array(3))).toThrow('more than the 3 bytes');
    expect(() => snappyInto(Uint8Array.of(0x04, 0x08, 0x61, 0x62, 0x63), new Uint8Array(4))).toThrow('decodes to 3 bytes');
    expect(() => snappyInto(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0x01), new Uint8Array(4))).toThrow('too long');
    // a literal's length in 4 bytes past 2^30, a copy's offset in 4 bytes past 2^31
    expect(() => snappyInto(Uint8Array.of(0x05, 63 << 2, 0x00, 0x00, 0x00, 0x40, 0x61), new Uint8Array(5))).toThrow('longer than any page');
    expect(() => snappyInto(Uint8Array.of(0x05, 0x00, 0x61, 0x03, 0x00, 0x00, 0x00, 0x80), new Uint8Array(5))).toThrow('reaches before the start');
  });

  test('damaged blocks: an error or a full decode, never a throw of anything else', () => {
    const rng = new Rng(99);
    for (let k = 0; k < 300; k++) {
      const { block, want } = randomBlock(rng, rng.int(1, 20));
      const bad = block.slice();
      for (let j = rng.int(1, 4); j > 0; j--) bad[rng.int(0, bad.length - 1)] = rng.int(0, 255);
      try {
        snappyInto(bad, new Uint8Array(want.length));
      } catch (err) {
        expect((err as Error).message).toMatch(/^snappy: /);
      }
    }
  });
});
