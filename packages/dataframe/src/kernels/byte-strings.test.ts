/**
 * Dictionaries held as bytes: read as strings by any code that looks (the Proxy decodes them
 * once), copied as bytes by the code that knows them — concatenations, an exchange's takes, spill
 * files, the CSV writer — with the same values, nulls and quoting as the same column held as
 * strings; and made plain before a result leaves its thread.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvLines } from '../io/csv/csv-encoder.js';
import { readChunkFile, writeChunkFile } from '../io/spill/chunk-file.js';
import { byteDictionary, bytesOf, ByteStringsBuilder, isRowOrdered, plainColumn, plainColumns, plainDict, takeBytes } from './byte-strings.js';
import { concatColumns, valueAt, type Column } from './column.js';
import { takeFromParts } from './take.js';

const enc = new TextEncoder();

function bytesDict(values: readonly string[]): readonly string[] {
  const b = new ByteStringsBuilder(2, 4);
  for (const v of values) {
    const e = enc.encode(v);
    b.add(e, 0, e.length);
  }
  return byteDictionary(b.finish());
}

/** A string column of `values` (null: a null row), its dictionary held as bytes or as strings, an entry a row. */
function textColumn(values: readonly (string | null)[], asBytes: boolean): Column {
  const n = values.length;
  const valid = values.includes(null) ? Uint8Array.from(values, (v) => (v === null ? 0 : 1)) : null;
  const entries = values.map((v) => v ?? '');
  return { dtype: 'string', length: n, values: Int32Array.from(values, (_, i) => i), valid, dict: asBytes ? bytesDict(entries) : entries };
}

const cells = (c: Column): (string | null)[] => Array.from({ length: c.length }, (_, i) => valueAt(c, i) as string | null);

// a fixed-seed generator of awkward text: empty, spaces, the delimiter, quotes, newlines, null spellings, non-ASCII, long
function awkward(n: number, seed: number): string[] {
  let s = seed;
  const next = (m: number): number => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return (s >>> 8) % m; };
  const pieces = ['a', 'id', '7', ',', '"', '\n', '\r', ' ', 'é', '€', '𝄞', 'NA', 'null', 'x;y', '\t', '\u00a0'];
  return Array.from({ length: n }, () => {
    const k = next(6);
    if (k === 0) return ['', 'NA', 'null', 'None', '-', ' x', 'x ', '\u00a0x'][next(8)];
    let v = '';
    for (let j = next(k === 5 ? 90 : 6); j >= 0; j--) v += pieces[next(pieces.length)];
    return v;
  });
}

describe('byteDictionary', () => {
  it('reads as the array of its strings to code that does not know the bytes', () => {
    const values = ['id1', '', 'é€', '𝄞 x', 'a,b'];
    const d = bytesDict(values);
    expect(d.length).toBe(5);
    expect(Array.isArray(d)).toBe(true);
    expect(d[2]).toBe('é€');
    expect([...d]).toEqual(values);
    expect(d.map((s) => s.length)).toEqual(values.map((s) => s.length));
    expect(d.indexOf('a,b')).toBe(4);
    expect(JSON.stringify(d)).toBe(JSON.stringify(values));
    expect(Object.keys(d)).toEqual(['0', '1', '2', '3', '4']);
    expect(bytesOf(d)!.count).toBe(5);
  });

  it('answers length without decoding, and its plain array can cross threads where the Proxy cannot', () => {
    const d = bytesDict(['x', 'y']);
    expect(d.length).toBe(2);
    expect(() => structuredClone(d)).toThrow();
    const plain = plainDict(d);
    expect(structuredClone(plain)).toEqual(['x', 'y']);
    expect(plainDict(['a'])).toEqual(['a']);
  });

  it('forgets its bytes once something writes to it', () => {
    const d = bytesDict(['x', 'y']) as string[];
    d[1] = 'z';
    expect(bytesOf(d)).toBeUndefined();
    expect([...d]).toEqual(['x', 'z']);
  });
});

describe('takeBytes', () => {
  it("copies the rows' values into a dictionary of their own, an entry a row, nulls kept", () => {
    const c = textColumn(['a', null, 'ccc', 'é', '', 'ff'], true);
    const rows = Int32Array.from([5, 1, 2, 2, 0, 4]);
    const t = takeBytes(c, bytesOf(c.dict)!, rows);
    expect(cells(t)).toEqual(['ff', null, 'ccc', 'ccc', 'a', '']);
    expect(isRowOrdered(t)).toBe(true);
    expect(isRowOrdered(c)).toBe(false);
    // a permutation of it keeps its dictionary, of the same length, with other codes: not in row order
    const permuted = { ...t, values: Int32Array.from([5, 4, 3, 2, 1, 0]) };
    expect(isRowOrdered(permuted)).toBe(false);
    expect(cells(permuted)).toEqual(['', null, 'ccc', 'ccc', '', 'ff']);
    expect(cells(concatColumns([permuted, textColumn(['z'], true)], 'string'))).toEqual([...cells(permuted), 'z']);
  });
});

describe('concatColumns with dictionaries held as bytes', () => {
  it('gives the values of the same parts held as strings, whatever mix of bytes, strings and takes', () => {
    const a = awkward(300, 1);
    const parts: Column[] = [];
    const expected: (string | null)[] = [];
    for (let p = 0; p < 8; p++) {
      const vals = a.slice(p * 30, p * 30 + 40).map((v, i) => ((i + p) % 7 === 0 ? null : v));
      let c = textColumn(vals, p % 3 !== 1);
      if (p % 2 === 0) {
        const rows = Int32Array.from({ length: 25 }, (_, i) => (i * 7 + p) % vals.length);
        const b = bytesOf(c.dict);
        c = b !== undefined && p % 4 === 0 ? takeBytes(c, b, rows) : { ...c, length: rows.length, values: Int32Array.from(rows, (r) => r), valid: c.valid && Uint8Array.from(rows, (r) => c.valid![r]) };
        expected.push(...Array.from(rows, (r) => vals[r]));
      } else expected.push(...vals);
      parts.push(c);
    }
    const out = concatColumns(parts, 'string');
    expect(bytesOf(out.dict)).toBeDefined();
    expect(cells(out)).toEqual(expected);
  });

  it('keeps a dictionary every part shares, codes unchanged', () => {
    const c = textColumn(['x', 'y', 'z'], true);
    const out = concatColumns([c, { ...c, length: 2, values: Int32Array.from([2, 0]) }], 'string');
    expect(out.dict).toBe(c.dict);
    expect(cells(out)).toEqual(['x', 'y', 'z', 'z', 'x']);
  });

  it('gathers rows from parts through one dictionary (a merge of sorted runs)', () => {
    const x = textColumn(['b1', 'b2', null], true);
    const y = textColumn(['s1', 's2'], false);
    const out = takeFromParts([x, y], Uint16Array.from([1, 0, 0, 1, 0]), Int32Array.from([1, 2, 0, 0, 1]), 'string');
    expect(bytesOf(out.dict)).toBeDefined();
    expect(cells(out)).toEqual(['s2', null, 'b1', 's1', 'b2']);
  });
});

describe('spilled and written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'floe-byte-strings-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a spill file keeps the bytes, and reads back the same values', () => {
    const vals = awkward(500, 2).map((v, i) => (i % 11 === 0 ? null : v));
    const c = textColumn(vals, true);
    const path = join(dir, 'chunk');
    const fields = [{ name: 's', dtype: 'string' as const }];
    writeChunkFile(path, fields, [c]);
    const [back] = readChunkFile(path, fields, vals.length);
    expect(bytesOf(back.dict)).toBeDefined();
    expect(cells(back)).toEqual(vals);
    // an entry a row in row order: known again once read, so that a concatenation copies it whole
    expect(isRowOrdered(back)).toBe(true);
    const twice = concatColumns([back, back, textColumn(['z'], true)], 'string');
    expect(cells(twice)).toEqual([...vals, ...vals, 'z']);
    expect(isRowOrdered(twice)).toBe(true);
  });

  it('the CSV writer gives the bytes the same column held as strings gives, quotes and all', () => {
    const vals = awkward(2000, 3).map((v, i) => (i % 13 === 0 ? null : v));
    const n = vals.length;
    const num: Column = { dtype: 'int64', length: n, values: Float64Array.from({ length: n }, (_, i) => i), valid: null };
    for (const delimiter of [',', ';', '\t', '||']) {
      const asBytes = csvLines([textColumn(vals, true), num], n, delimiter);
      const asStrings = csvLines([textColumn(vals, false), num], n, delimiter);
      expect(Buffer.from(asBytes.bytes).toString()).toBe(Buffer.from(asStrings.bytes).toString());
      expect([...asBytes.ends]).toEqual([...asStrings.ends]);
    }
  });
});

describe('plainColumns', () => {
  it("replaces every byte-held dictionary in a task's result with its strings, leaving the rest", () => {
    const c = textColumn(['p', 'q'], true);
    const plainText = textColumn(['r'], false);
    const numbers: Column = { dtype: 'int64', length: 2, values: new Float64Array(2), valid: null };
    const result = { kind: 'collect', length: 2, columns: [c, numbers], nested: { chunks: [{ kind: 'mem', columns: [plainText] }] } };
    plainColumns(result);
    expect(bytesOf(result.columns[0].dict)).toBeUndefined();
    expect(structuredClone(result).columns[0].dict).toEqual(['p', 'q']);
    expect(result.nested.chunks[0].columns[0]).toBe(plainText);
    expect(plainColumn(plainText)).toBe(plainText);
    expect(plainColumn(textColumn(['s'], true)).dict).toEqual(['s']);
  });
});
