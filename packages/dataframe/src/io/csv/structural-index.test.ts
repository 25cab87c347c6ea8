import { describe, expect, it } from 'vitest';
import { Rng } from '../../testing/random-csv.js';
import { buildStructuralIndex, structuralIndexAvailable } from './structural-index.js';

function reference(buf: Uint8Array, start: number, end: number, delim: number, quote: number): number[] {
  const out: number[] = [];
  for (let i = start; i < end; i++) if (buf[i] === delim || buf[i] === quote || buf[i] === 10 || buf[i] === 13) out.push(i - start);
  return out;
}

describe('the structural index (WebAssembly SIMD)', () => {
  it('is available on this Node', () => {
    expect(structuralIndexAvailable()).toBe(true);
  });

  it('finds every delimiter, quote, LF and CR of random texts at every length and offset (seeded)', () => {
    const rng = new Rng(2718);
    const alphabet = [0x2c, 0x3b, 0x22, 0x27, 0x0a, 0x0d, 0x00, 0x61, 0x31, 0xff, 0x80, 0x20];
    for (let t = 0; t < 500; t++) {
      const len = rng.int(0, t < 400 ? 70 : 5000);
      const buf = Uint8Array.from({ length: len }, () => alphabet[rng.int(0, alphabet.length - 1)]);
      const start = rng.int(0, len);
      const end = rng.int(start, len);
      const [delim, quote] = rng.chance(0.5) ? [0x2c, 0x22] : [0x3b, 0x27];
      const got = buildStructuralIndex(buf, start, end, delim, quote);
      expect([...got.positions]).toEqual(reference(buf, start, end, delim, quote));
      expect(got.count).toBe(got.positions.length);
    }
  });

  it('grows its memory for a large text (8 MB)', () => {
    const buf = new Uint8Array(8 << 20).fill(0x61);
    for (let i = 99; i < buf.length; i += 100) buf[i] = 0x0a;
    const got = buildStructuralIndex(buf, 0, buf.length, 0x2c, 0x22);
    expect(got.count).toBe(Math.floor(buf.length / 100));
    expect(got.positions[got.count - 1]).toBe(99 + 100 * (got.count - 1));
  });
});
