import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SpillError } from './spill-file.js';
import { readStateFile, writeStateFile } from './state-file.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-state-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('aggregate states on disk', () => {
  it('round-trip exactly: nested objects, Maps, Sets, bigints, small and large typed arrays of every kind, a Buffer', () => {
    const big = Float64Array.from({ length: 5000 }, (_, i) => i / 3 - 7);
    const state = {
      groups: 3,
      values: [big, Int32Array.from({ length: 3000 }, (_, i) => i * -7), new Float64Array(0)],
      small: Uint8Array.of(1, 0, 1),
      wide: BigInt64Array.from({ length: 1000 }, (_, i) => BigInt(i) * 2n ** 40n - 5n),
      every: [new Int8Array(5000).fill(-3), new Uint16Array(3000).fill(9), new Float32Array(2000).fill(0.5), new BigUint64Array(600).fill(2n ** 63n), new Uint8ClampedArray(4096).fill(200)],
      sets: new Map<string, Set<number>>([['a', new Set([1, 2])], ['b', new Set()]]),
      text: Buffer.from('kept as a Buffer'),
      again: big,
    };
    const path = join(dir, 'state.spill');
    const bytes = writeStateFile(path, state);
    expect(bytes).toBe(readFileSync(path).byteLength);
    const back = readStateFile<typeof state>(path);
    expect(back).toEqual(state);
    expect(back.values[0]).toBeInstanceOf(Float64Array);
    expect(back.text).toBeInstanceOf(Buffer);
    expect(back.every.map((a) => a.constructor)).toEqual(state.every.map((a) => a.constructor));
    // the eight arrays of 4 kB or more went outside the serialized rest (the header's third word
    // counts them); the same array referenced twice, once; the small and empty ones inline
    expect(readFileSync(path).readInt32LE(8)).toBe(8);
    expect(back.again).toBe(back.values[0]);
  });

  it('a file that is not a state, of another layout, cut short, or naming an unknown array type: a SpillError naming it', () => {
    const path = join(dir, 'bad.spill');
    writeStateFile(path, { v: new Float64Array(1000).fill(1.5), n: 2 });
    const good = readFileSync(path);
    const broken = (edit: (b: Buffer) => Buffer): (() => unknown) => () => { writeFileSync(path, edit(Buffer.from(good))); return readStateFile(path); };
    expect(broken((b) => b)()).toEqual({ v: new Float64Array(1000).fill(1.5), n: 2 });
    expect(broken((b) => b.fill(0x41))).toThrow(/bad\.spill is corrupt: not a floe spill file/);
    expect(broken((b) => { b.writeInt32LE(7, 4); return b; })).toThrow(/written by another version of floe/);
    expect(broken((b) => b.subarray(0, b.length - 100))).toThrow(/bad\.spill is corrupt: cut short/);
    expect(broken((b) => { b.writeInt32LE(99, 16); return b; })).toThrow(/array 1 has type 99/);
    // an array's length past the file's end, or negative: said so, nothing that size allocated
    expect(broken((b) => { b.writeInt32LE(2 ** 30, 20); return b; })).toThrow(/is corrupt: cut short/);
    expect(broken((b) => { b.writeInt32LE(-5, 20); return b; })).toThrow(/is corrupt: cut short/);
    expect(broken((b) => b.subarray(0, b.length - 100))).toThrow(SpillError);
  });
});
