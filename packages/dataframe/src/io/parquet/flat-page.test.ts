/**
 * The RLE/bit-packed hybrid decoder against an independent encoder written here from the
 * Parquet spec: every width 1–24, runs of both kinds mixed, varint headers past one byte, a last
 * bit-packed group cut short by the writer, and values past n dropped.
 */
import { describe, expect, test } from 'vitest';
import { readHybrid } from './flat-page.js';

function varint(x: number, out: number[]): void {
  while (x >= 0x80) { out.push((x & 0x7f) | 0x80); x = Math.floor(x / 128); }
  out.push(x);
}

/** Encodes values as alternating runs: RLE where a value repeats `minRun`+ times, else bit-packed groups of 8. */
function encode(values: number[], width: number, rand: () => number): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < values.length) {
    let run = 1;
    while (i + run < values.length && values[i + run] === values[i]) run++;
    if (run >= 8 && rand() < 0.8) {
      varint(run * 2, out);
      for (let b = 0; b < (width + 7) >> 3; b++) out.push((values[i] >> (8 * b)) & 0xff);
      i += run;
      continue;
    }
    const groups = 1 + Math.floor(rand() * 3);
    varint(groups * 2 + 1, out);
    let acc = 0n;
    let bits = 0n;
    for (let k = 0; k < groups * 8; k++) {
      const v = i + k < values.length ? values[i + k] : 0;
      acc |= BigInt(v) << bits;
      bits += BigInt(width);
    }
    for (let b = 0n; b < bits; b += 8n) out.push(Number((acc >> b) & 0xffn));
    i += groups * 8;
  }
  return out;
}

describe('readHybrid', () => {
  test('decodes what the reference encoder wrote, every width 1–24 (seeded)', () => {
    let seed = 7;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let width = 1; width <= 24; width++) {
      for (let trial = 0; trial < 6; trial++) {
        const n = 1 + Math.floor(rand() * 3000);
        const values: number[] = [];
        while (values.length < n) {
          const v = Math.floor(rand() * 2 ** width);
          const run = rand() < 0.3 ? 8 + Math.floor(rand() * 400) : 1; // long runs: headers past one varint byte
          for (let k = 0; k < run && values.length < n; k++) values.push(v);
        }
        const bytes = Uint8Array.from(encode(values, width, rand));
        const out = width <= 8 ? new Uint8Array(n) : new Int32Array(n);
        readHybrid(bytes, 0, bytes.length, width, out, n);
        expect(Array.from(out)).toEqual(values);
      }
    }
  });

  test('a last bit-packed group cut short by the writer reads its missing bytes as 0; bytes past end are not read', () => {
    // 3 values of width 3 in one group of 8 (24 bits = 3 bytes), but only the first 2 bytes written
    const packed = [0b1_101_011, 0b0_010_00_0]; // values 3, 5, 1|0<<1 … read LSB first
    const bytes = Uint8Array.from([3, ...packed, 0xff, 0xff]);
    const out = new Uint8Array(5);
    readHybrid(bytes, 0, 3, 3, out, 5);
    const bits = packed[0] | (packed[1] << 8);
    expect(Array.from(out)).toEqual([0, 1, 2, 3, 4].map((k) => (bits >> (3 * k)) & 7));
  });

  test('an RLE run longer than n fills n; running out of bytes before n values is an error', () => {
    const out = new Int32Array(4);
    readHybrid(Uint8Array.from([200, 1, 0x34, 0x12]), 0, 4, 13, out, 4); // run of 100 (varint 200 = 0xc8 0x01)
    expect(Array.from(out)).toEqual([0x1234, 0x1234, 0x1234, 0x1234]);
    expect(() => readHybrid(Uint8Array.from([4, 9]), 0, 2, 4, new Uint8Array(5), 5)).toThrow('its RLE/bit-packed values end after 2 of 5');
  });
});
