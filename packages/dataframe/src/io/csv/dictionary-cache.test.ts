import { describe, expect, it } from 'vitest';
import { dictionaryKey, giveDictionary, keptDictionaries, takeDictionary } from './dictionary-cache.js';
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

  it('the kept dictionaries stay within one bound in all: the least recently given goes first', () => {
    const a = dictionaryKey('a', 0, false);
    const b = dictionaryKey('b', 1, false);
    const da = filled(a, 150_000);
    giveDictionary(a, da);
    giveDictionary(b, filled(b, 150_000));
    expect(takeDictionary(a, false)).not.toBe(da);
    expect(takeDictionary(b, false).size).toBe(150_000);
  });
});
