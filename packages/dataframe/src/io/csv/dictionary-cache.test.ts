import { describe, expect, it } from 'vitest';
import { dictionaryBound, dictionaryKey, giveDictionary, isDistinct, KEPT_BYTES_PER_ENTRY, keptDictionaries, MAX_DICT_ENTRIES, takeDictionary } from './dictionary-cache.js';
import { RowScanner, type ScanRowsOptions } from './scan-rows.js';

const enc = new TextEncoder();

function options(share: boolean, name = 'k'): ScanRowsOptions {
  return { nFields: 2, fields: [{ index: 0, name, dtype: 'string' }, { index: 1, name: 'v', dtype: 'int64' }], delimiter: 0x2c, nullTokens: [], batchRows: 100, dateErrorsNull: false, shareDictionaries: share };
}

/** Scans `text` whole; the string column's codes and dictionary. */
function scanKeys(scanner: RowScanner, text: string): { codes: number[]; dict: readonly string[] } {
  const buf = enc.encode(text);
  scanner.scan(buf, 0, buf.length, true, buf.length);
  const col = scanner.takeBatch()[0].column;
  const out = { codes: Array.from(col.values as Int32Array), dict: col.dict! };
  scanner.release();
  return out;
}

describe('dictionaries kept across partitions (one thread)', () => {
  it("a scan that shares dictionaries continues the previous partition's codes", () => {
    const name = 'continued';
    const first = scanKeys(new RowScanner(options(true, name)), 'a,1\nb,2\na,3\n');
    const second = scanKeys(new RowScanner(options(true, name)), 'c,1\nb,2\n');
    expect(first.codes).toEqual([0, 1, 0]);
    expect(second.codes).toEqual([2, 1]);
    expect(second.dict.slice(0, 3)).toEqual(['a', 'b', 'c']);
  });

  it('a column readCsv estimated past the bound starts with a dictionary per batch; below it, one shared dictionary', () => {
    const text = `${Array.from({ length: 250 }, (_, i) => `s${i},${i}`).join('\n')}\n`;
    const scanOf = (name: string, distinct: number): readonly (readonly string[])[] => {
      const opts = options(true, name);
      const scanner = new RowScanner({ ...opts, fields: [{ ...opts.fields[0], distinct }, opts.fields[1]] });
      const buf = enc.encode(text);
      const dicts: (readonly string[])[] = [];
      let p = 0;
      for (;;) {
        p = scanner.scan(buf, p, buf.length, true, buf.length);
        if (scanner.n === 0) break;
        const col = scanner.takeBatch()[0].column;
        expect(Array.from(col.values as Int32Array, (c) => col.dict![c])).toEqual(Array.from({ length: scanner.n }, (_, i) => `s${dicts.length * 100 + i}`));
        dicts.push(col.dict!);
        scanner.resetBatch();
      }
      scanner.release();
      return dicts;
    };
    const many = scanOf('estimated-many', MAX_DICT_ENTRIES + 1);
    expect(many).toHaveLength(3); // batches of 100 rows, each with its own dictionary
    expect(new Set(many).size).toBe(3);
    expect(isDistinct(dictionaryKey('estimated-many', 0, false))).toBe(false); // an estimate, not a find: the next scan decides again
    const few = scanOf('estimated-few', 5000);
    expect(new Set(few).size).toBe(1);
  });

  it('a scan that does not share starts from an empty dictionary', () => {
    scanKeys(new RowScanner(options(true, 'same')), 'a,1\nb,2\n');
    expect(scanKeys(new RowScanner(options(false, 'same')), 'b,1\n')).toEqual({ codes: [0], dict: ['b'] });
  });

  it('a dictionary in use is never handed to a second scan, and at most 8 are kept', () => {
    const key = dictionaryKey('x', 0, false);
    const d = takeDictionary(key, false);
    expect(takeDictionary(key, false)).not.toBe(d);
    giveDictionary(key, d);
    expect(takeDictionary(key, false)).toBe(d);
    for (let i = 0; i < 20; i++) giveDictionary(dictionaryKey(`c${i}`, i, false), takeDictionary(dictionaryKey(`c${i}`, i, false), false));
    expect(keptDictionaries()).toBe(8);
  });

  /** A dictionary of `n` distinct 3-byte ASCII values (valid UTF-8). */
  const filled = (key: string, n: number) => {
    const d = takeDictionary(key, false);
    const buf = new Uint8Array(3);
    for (let i = 0; i < n; i++) {
      buf[0] = i & 127; buf[1] = (i >>> 7) & 127; buf[2] = (i >>> 14) & 127;
      d.intern(buf, 0, 3);
    }
    return d;
  };

  it('a dictionary grown past its bound is not kept (free text starts afresh every partition)', () => {
    const key = dictionaryKey('text', 0, false);
    const d = filled(key, (1 << 18) + 1);
    giveDictionary(key, d);
    expect(takeDictionary(key, false)).not.toBe(d);
  });

  // a key of 1 M user ids in 10 M rows: one dictionary a worker, its codes the groups' ids
  it('a column whose values repeat may keep a dictionary past MAX_DICT_ENTRIES, up to its own bound; mostly distinct ones may not', () => {
    const gb = 1024 ** 3;
    expect(dictionaryBound(undefined, 1000, gb)).toBe(MAX_DICT_ENTRIES);
    expect(dictionaryBound(1_000_000, 3_000_000, gb)).toBe(MAX_DICT_ENTRIES); // 3 rows a value: mostly distinct
    expect(dictionaryBound(1_000_000, 10_000_000, gb)).toBe(2_000_000);
    expect(dictionaryBound(1000, 10_000_000, gb)).toBe(MAX_DICT_ENTRIES);
    expect(dictionaryBound(1e9, 1e11, 100 * gb)).toBe(1 << 22);
    // within the bytes the worker may keep (the default budget on 2 workers: 128 MB), and none without a budget
    expect(dictionaryBound(1_000_000, 10_000_000, 128 * 1024 ** 2)).toBe(128 * 1024 ** 2 / KEPT_BYTES_PER_ENTRY);
    expect(dictionaryBound(1_000_000, 10_000_000, 16 * 1024 ** 2)).toBe(MAX_DICT_ENTRIES);
    expect(dictionaryBound(1_000_000, 10_000_000, undefined)).toBe(MAX_DICT_ENTRIES);
    const key = dictionaryKey('user', 0, false);
    const other = dictionaryKey('other', 1, false);
    giveDictionary(other, filled(other, 10));
    const d = filled(key, MAX_DICT_ENTRIES + 10);
    giveDictionary(key, d, 2 * MAX_DICT_ENTRIES);
    expect(takeDictionary(key, false)).toBe(d);
    // the others went: the kept entries stay within one large bound's worth
    expect(keptDictionaries()).toBe(0);
    giveDictionary(key, d, MAX_DICT_ENTRIES + 9);
    expect(takeDictionary(key, false)).not.toBe(d);
  });

  it('a scan of a column whose values repeat keeps one dictionary past MAX_DICT_ENTRIES', () => {
    const name = 'repeated';
    const batch = 10_000;
    const distinct = MAX_DICT_ENTRIES + batch;
    const text = Array.from({ length: distinct + 3 * batch }, (_, i) => `u${i % distinct},1\n`).join('');
    const buf = enc.encode(text);
    const opts = options(true, name);
    const scanner = new RowScanner({ ...opts, batchRows: batch, fields: [{ ...opts.fields[0], distinct, maxDictionary: dictionaryBound(distinct, 10 * distinct, 1024 ** 3) }, opts.fields[1]] });
    const dicts = new Set<readonly string[]>();
    let p = 0;
    let row = 0;
    while (p < buf.length) {
      p = scanner.scan(buf, p, buf.length, true, buf.length);
      const col = scanner.takeBatch()[0].column;
      for (const i of [0, col.length - 1]) expect(col.dict![(col.values as Int32Array)[i]]).toBe(`u${(row + i) % distinct}`);
      row += col.length;
      dicts.add(col.dict!);
      scanner.resetBatch();
    }
    scanner.release();
    expect(dicts.size).toBe(1);
    expect([...dicts][0]).toHaveLength(distinct);
    expect(isDistinct(dictionaryKey(name, 0, false))).toBe(false);
    expect(takeDictionary(dictionaryKey(name, 0, false), false).size).toBe(distinct);
  });

  it('the kept dictionaries stay within one bound in all: the least recently given goes first', () => {
    const a = dictionaryKey('a', 0, false);
    const b = dictionaryKey('b', 1, false);
    const da = filled(a, 150_000);
    giveDictionary(a, da);
    giveDictionary(b, filled(b, 150_000));
    expect(takeDictionary(a, false)).not.toBe(da);
    expect(takeDictionary(b, false).size).toBe(150_000);
  });

  // ids, free text: past the bound, each batch gets a small dictionary of its own, cleared and
  // reused; the next partition's scan starts that way
  it('a column with more distinct values than the bound gets a dictionary per batch, and the next scan starts so', () => {
    const name = 'ids';
    const batch = 1000;
    const rows = MAX_DICT_ENTRIES + 3 * batch;
    const text = Array.from({ length: rows }, (_, i) => `id${i},${i % 7}\n`).join('');
    const buf = enc.encode(text);
    const opts = { ...options(true, name), batchRows: batch };
    const scan = (scanner: RowScanner): { first: string; n: number; dict: number }[] => {
      const seen: { first: string; n: number; dict: number }[] = [];
      let p = 0;
      while (p < buf.length) {
        p = scanner.scan(buf, p, buf.length, true, buf.length);
        const col = scanner.takeBatch()[0].column;
        seen.push({ first: col.dict![(col.values as Int32Array)[0]], n: col.length, dict: col.dict!.length });
        // every row's own value, through this batch's dictionary
        const at = seen.reduce((m, s) => m + s.n, 0) - col.length;
        for (const i of [0, col.length - 1]) expect(col.dict![(col.values as Int32Array)[i]]).toBe(`id${at + i}`);
        scanner.resetBatch();
      }
      scanner.release();
      return seen;
    };
    const first = scan(new RowScanner(opts));
    expect(first.reduce((m, s) => m + s.n, 0)).toBe(rows);
    // one growing dictionary up to the bound, then one of a batch's values per batch
    expect(first[first.length - 1].dict).toBe(first[first.length - 1].n);
    expect(first[first.length - 2].dict).toBe(batch);
    expect(isDistinct(dictionaryKey(name, 0, false))).toBe(true);
    const second = scan(new RowScanner(opts));
    expect(second.every((s) => s.dict === s.n)).toBe(true);
  });
});
