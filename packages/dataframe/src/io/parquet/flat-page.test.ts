/**
 * The RLE/bit-packed hybrid decoder against an independent encoder written here from the
 * Parquet spec: every width 1–24, runs of both kinds mixed, varint headers past one byte, a last
 * bit-packed group cut short by the writer, and values past n dropped; the same runs read
 * through a dictionary (the gather fused into the unpacking), and an index past the dictionary.
 */
import { describe, expect, test } from 'vitest';
import { allPresent, gatherPacked, readHybrid, readHybridThrough } from './flat-page.js';

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

describe('allPresent: definition levels of a page without nulls', () => {
  test('one RLE run of 1 at least the page long; a run of 0, a shorter run, bit-packed levels or a header cut short: decoded instead', () => {
    // 122 880 values: header 245 760 as a varint (128 128 15), then the value byte (DuckDB's pages)
    expect(allPresent(Uint8Array.of(128, 128, 15, 1), 0, 4, 122_880)).toBe(true);
    expect(allPresent(Uint8Array.of(128, 128, 15, 1), 0, 4, 122_881)).toBe(false);
    expect(allPresent(Uint8Array.of(128, 128, 15, 0), 0, 4, 10)).toBe(false);
    expect(allPresent(Uint8Array.of(3, 0xff), 0, 2, 8)).toBe(false); // one bit-packed group of eight 1s
    expect(allPresent(Uint8Array.of(128, 128), 0, 2, 8)).toBe(false);
    expect(allPresent(Uint8Array.of(20, 1), 0, 2, 10)).toBe(true);
    expect(allPresent(Uint8Array.of(9, 20, 1), 1, 3, 10)).toBe(true);
  });
});

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

  test('a header written in five varint bytes (past the int32 path) reads as its one-byte form', () => {
    // an RLE run of 3 (header 6) as 0x86 0x80 0x80 0x80 0x00, then a bit-packed group (header 3) as 0x83 0x80 0x80 0x80 0x00
    const bytes = Uint8Array.from([0x86, 0x80, 0x80, 0x80, 0x00, 9, 0x83, 0x80, 0x80, 0x80, 0x00, 0x21, 0x43, 0x65, 0x87]);
    const out = new Uint8Array(11);
    readHybrid(bytes, 0, bytes.length, 4, out, 11);
    expect(Array.from(out)).toEqual([9, 9, 9, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  test('a bit-packed run said to go past the page ends it: its missing values read as 0, and values wanted after it are an error', () => {
    // width 4: a run of 2 groups (header 5) with only the first group's 4 bytes in the page
    const bytes = Uint8Array.from([5, 0x21, 0x43, 0x65, 0x87]);
    const out = new Uint8Array(12);
    readHybrid(bytes, 0, bytes.length, 4, out, 12);
    expect(Array.from(out)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0]);
    expect(() => readHybrid(bytes, 0, bytes.length, 4, new Uint8Array(20), 20)).toThrow('its RLE/bit-packed values end after 16 of 20');
  });

  test('many short bit-packed runs (DuckDB writes 256 values a run) decode as one long run does', () => {
    let seed = 3;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const width = 7;
    const values = Array.from({ length: 4096 }, () => Math.floor(rand() * 100));
    const runs: number[] = [];
    for (let at = 0; at < values.length; at += 256) {
      varint((256 / 8) * 2 + 1, runs);
      let acc = 0n;
      for (let k = 0; k < 256; k++) acc |= BigInt(values[at + k]) << BigInt(k * width);
      for (let b = 0; b < 256 * width; b += 8) runs.push(Number((acc >> BigInt(b)) & 0xffn));
    }
    const bytes = Uint8Array.from(runs);
    const dict = Float64Array.from({ length: 100 }, (_, i) => i * 1.5);
    const out = new Float64Array(values.length);
    expect(readHybridThrough(bytes, 0, bytes.length, width, dict, out, 0, values.length)).toBe(true);
    expect(Array.from(out)).toEqual(values.map((v) => v * 1.5));
  });
});

describe('readHybridThrough and gatherPacked', () => {
  test('write dict[index] at an offset, every width 1–24, numbers and codes (seeded)', () => {
    let seed = 11;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let width = 1; width <= 24; width++) {
      const size = 1 + Math.floor(rand() * Math.min(2 ** width, 5000));
      const f64 = Float64Array.from({ length: size }, (_, i) => i * 1.5 - 7);
      const i32 = Int32Array.from({ length: size }, (_, i) => size - i);
      for (let trial = 0; trial < 4; trial++) {
        const n = 1 + Math.floor(rand() * 2000);
        const values: number[] = [];
        while (values.length < n) {
          const v = Math.floor(rand() * size);
          const run = rand() < 0.2 ? 8 + Math.floor(rand() * 50) : 1;
          for (let k = 0; k < run && values.length < n; k++) values.push(v);
        }
        const bytes = Uint8Array.from(encode(values, width, rand));
        const at = Math.floor(rand() * 10);
        const outF = new Float64Array(at + n).fill(-1);
        expect(readHybridThrough(bytes, 0, bytes.length, width, f64, outF, at, n)).toBe(true);
        expect(Array.from(outF)).toEqual([...new Array<number>(at).fill(-1), ...values.map((v) => f64[v])]);
        const outI = new Int32Array(at + n);
        gatherPacked({ bytes, pos: 0, end: bytes.length, width, n }, i32, outI, at);
        expect(Array.from(outI.subarray(at))).toEqual(values.map((v) => i32[v]));
        // a dictionary one value short of the largest index: caught wherever that index lies (a repeated run, a packed group, a cut-short last group)
        const largest = Math.max(...values);
        expect(readHybridThrough(bytes, 0, bytes.length, width, f64.subarray(0, largest), outF, at, n)).toBe(false);
        expect(readHybridThrough(bytes, 0, bytes.length, width, i32.subarray(0, largest), outI, at, n)).toBe(false);
        expect(readHybridThrough(bytes, 0, bytes.length, width, i32.subarray(0, largest + 1), outI, at, n)).toBe(true);
      }
    }
  });

  test('an index past the dictionary is an error; the last index inside it is not', () => {
    const dict = Float64Array.from({ length: 100 }, (_, i) => i);
    const pack = (values: number[]) => ({ bytes: Uint8Array.from(encode(values, 7, () => 0.5)), pos: 0, end: 0, width: 7, n: values.length });
    const inside = pack([64, 63, 99, 0, 1, 2, 3, 4]);
    inside.end = inside.bytes.length;
    const out = new Float64Array(8);
    gatherPacked(inside, dict, out, 0);
    expect(Array.from(out)).toEqual([64, 63, 99, 0, 1, 2, 3, 4]);
    const past = pack([5, 100, 1, 2, 3, 4, 5, 6]);
    past.end = past.bytes.length;
    expect(() => gatherPacked(past, dict, new Float64Array(8), 0)).toThrow('a dictionary index (100) past the end of its dictionary of 100 values');
    // in a repeated run, and in a last group cut short by the page's count
    const repeated = pack([3, ...new Array<number>(12).fill(100), 4]);
    repeated.end = repeated.bytes.length;
    expect(() => gatherPacked(repeated, dict, new Float64Array(14), 0)).toThrow('a dictionary index (100) past the end');
    const tail = pack([1, 2, 3, 4, 100]);
    tail.end = tail.bytes.length;
    expect(() => gatherPacked(tail, dict, new Float64Array(5), 0)).toThrow('a dictionary index (100) past the end');
  });

  test('width 0: every index is 0 (a dictionary of one value); an empty dictionary is an error', () => {
    const out = new Int32Array(5);
    gatherPacked({ bytes: new Uint8Array(0), pos: 0, end: 0, width: 0, n: 3 }, Int32Array.of(42), out, 1);
    expect(Array.from(out)).toEqual([0, 42, 42, 42, 0]);
    expect(() => gatherPacked({ bytes: new Uint8Array(0), pos: 0, end: 0, width: 0, n: 3 }, new Int32Array(0), out, 0)).toThrow('past the end of its dictionary of 0 values');
  });
});
