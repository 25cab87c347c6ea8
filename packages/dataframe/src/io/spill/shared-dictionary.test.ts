/**
 * Spill chunks whose string columns share one dictionary (shared-dictionary.ts): the entries are
 * written once, as deltas when the dictionary grew between chunks; the chunks read back the
 * same strings, through one array; a missing delta or a code past the entries written is a
 * SpillError, never a wrong string.
 */
import { mkdtempSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { valueAt, type Column } from '../../kernels/column.js';
import { keepOrSpill, readRowChunk } from '../../physical/row-chunk.js';
import type { Field } from '../../types/dtype.js';
import { readChunkFile, writeChunkFile } from './chunk-file.js';
import { forgetLoadedDictionaries, shareDictionary, worthSharing } from './shared-dictionary.js';

const root = mkdtempSync(join(tmpdir(), 'floe-shared-dict-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => mkdtempSync(join(root, `d${dirs++}-`));

const values = (c: Column): unknown[] => Array.from({ length: c.length }, (_, i) => valueAt(c, i));
const fields: Field[] = [{ name: 's', dtype: 'string' }, { name: 'v', dtype: 'float64' }];

function chunk(dict: string[], codes: number[], valid: number[] | null = null): Column[] {
  const n = codes.length;
  return [
    { dtype: 'string', length: n, values: Int32Array.from(codes), valid: valid ? Uint8Array.from(valid) : null, dict },
    { dtype: 'float64', length: n, values: Float64Array.from(codes, (c) => c * 1.5), valid: null },
  ];
}

describe('spilled chunks sharing a dictionary', () => {
  it('write the entries once (a delta when the dictionary grew) and read back the same strings through one array', () => {
    const dir = freshDir();
    const dict = ['b', 'größe 😀', ''];
    const first = chunk(dict, [0, 1, 2, 1]);
    const ref1 = shareDictionary(dir, 'sort', dict);
    writeChunkFile(join(dir, 'c1.spill'), fields, first, [ref1, null]);
    dict.push('a', 'zz');
    const second = chunk(dict, [4, 3, 0, 0], [1, 1, 0, 1]);
    const ref2 = shareDictionary(dir, 'sort', dict);
    writeChunkFile(join(dir, 'c2.spill'), fields, second, [ref2, null]);
    // a third chunk of the same entries writes nothing new
    const ref3 = shareDictionary(dir, 'sort', dict);
    expect([ref1.ends, ref2.ends, ref3.ends]).toEqual([[3], [3, 5], [3, 5]]);
    expect(readdirSync(dir).filter((f) => f.includes('-dict-')).length).toBe(2);
    // the thread that wrote them reads its own array back (no second copy of its strings)
    expect(readChunkFile(join(dir, 'c2.spill'), fields, 4, [ref2, null])[0].dict).toBe(dict);
    // another thread reads the deltas from their files
    forgetLoadedDictionaries();
    const [s1, v1] = readChunkFile(join(dir, 'c1.spill'), fields, 4, [ref1, null]);
    const [s2] = readChunkFile(join(dir, 'c2.spill'), fields, 4, [ref2, null]);
    expect(values(s1)).toEqual(['b', 'größe 😀', '', 'größe 😀']);
    expect(values(v1)).toEqual([0, 1.5, 3, 1.5]);
    expect(values(s2)).toEqual(['zz', 'a', null, 'b']);
    expect(s1.dict).toBe(s2.dict);
    expect(s1.dict).not.toBe(dict);
  });

  it('a missing delta or a code past the entries written fails with a SpillError', () => {
    const dir = freshDir();
    const dict = ['x', 'y'];
    const ref = shareDictionary(dir, 'sort', dict);
    writeChunkFile(join(dir, 'bad-code.spill'), fields, chunk(dict, [0, 7]), [ref, null]);
    expect(() => readChunkFile(join(dir, 'bad-code.spill'), fields, 2, [ref, null])).toThrow(/spill file .*bad-code\.spill is corrupt: code 7 of a dictionary of 2 entries/);
    const other = freshDir();
    const lost = ['p', 'q'];
    const lostRef = shareDictionary(other, 'sort', lost);
    writeChunkFile(join(other, 'c.spill'), fields, chunk(lost, [1, 0]), [lostRef, null]);
    unlinkSync(`${lostRef.base}-0.dict`);
    forgetLoadedDictionaries();
    expect(() => readChunkFile(join(other, 'c.spill'), fields, 2, [lostRef, null])).toThrow(/spill dictionary .*-dict-.* cannot be read \(ENOENT\)/);
  });

  it('keepOrSpill shares a dictionary only for the columns asked, whether the chunk spills or is kept', () => {
    const dir = freshDir();
    const dict = Array.from({ length: 50 }, (_, i) => `key${i}`);
    const cols = chunk(dict, [3, 49, 3, 0]);
    const spilled = keepOrSpill(fields, cols, 4, { dir, name: 'run', threshold: 0 }, 's0', [true, false]);
    expect(spilled.kind).toBe('file');
    expect(spilled.kind === 'file' && spilled.dicts?.[0]?.ends).toEqual([50]);
    expect(values(readRowChunk(spilled, fields)[0])).toEqual(['key3', 'key49', 'key3', 'key0']);
    const kept = keepOrSpill(fields, cols, 4, { dir, name: 'run', threshold: 1 << 20 }, 's1', [true, false]);
    // kept, the shared column travels as codes and a reference (no strings), read through the one dictionary too
    expect(kept.kind).toBe('mem');
    expect(kept.kind === 'mem' && kept.columns[0].dict).toBeUndefined();
    expect(kept.kind === 'mem' && kept.dicts?.[0]?.ends).toEqual([50]);
    expect(kept.kind === 'mem' && kept.dicts?.[1]).toBeNull();
    const read = readRowChunk(kept, fields);
    expect(values(read[0])).toEqual(['key3', 'key49', 'key3', 'key0']);
    expect(read[0].dict).toBe(readRowChunk(spilled, fields)[0].dict);
    expect([worthSharing(dict, 200, freshDir()), worthSharing(dict, 199, freshDir()), worthSharing(undefined, 1000, dir)]).toEqual([true, false, false]);
    // once shared in a folder, it is shared there by chunks of any size (a run's short tail)
    expect(worthSharing(dict, 1, dir)).toBe(true);
  });
});
