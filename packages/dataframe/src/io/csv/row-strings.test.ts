/**
 * A carried, mostly distinct text column read as its rows' strings (RowStrings) gives the same
 * values as the dictionary, on every path of the scanner (general loop, plain and indexed fast
 * rows), with nulls, quotes, escaped quotes, newlines in quotes and non-ASCII text; bad UTF-8 is
 * refused or replaced as before.
 */
import { describe, expect, it } from 'vitest';
import { isUniqueDictionary } from '../../kernels/unique-dictionary.js';
import { generateDataset } from '../../testing/random-csv.js';
import type { DType } from '../../types/dtype.js';
import { DEFAULT_NULL_VALUES, nullTokenBytes } from './dialect.js';
import { csvLines } from './csv-encoder.js';
import { RowStrings } from './row-strings.js';
import { FieldError, RowScanner, ST_DONE, type ScanOutput, type ScanRowsOptions } from './scan-rows.js';

const enc = new TextEncoder();
type Schema = { name: string; dtype: DType }[];
type Cell = string | number | bigint | boolean | null;

function options(schema: Schema, batchRows: number, carried: boolean, specialise: ScanRowsOptions['specialise'], extra: Partial<ScanRowsOptions> = {}): ScanRowsOptions {
  return {
    nFields: schema.length,
    // estimated past their bound: every batch's text starts in its own dictionary (or row strings)
    fields: schema.map((f, index) => ({ index, name: f.name, dtype: f.dtype, given: true, ...(f.dtype === 'string' ? { distinct: 1000, maxDictionary: 1, carried } : {}) })),
    delimiter: 0x2c,
    nullTokens: nullTokenBytes(DEFAULT_NULL_VALUES),
    batchRows,
    dateErrorsNull: false,
    shareDictionaries: true,
    specialise,
    ...extra,
  };
}

/** Every batch's columns as plain cells, and the string columns' dictionaries. */
function scanText(text: string, opts: ScanRowsOptions): { rows: Cell[][]; dicts: (readonly string[])[] } {
  return scanBytes(enc.encode(text), opts);
}

function scanBytes(bytes: Uint8Array, opts: ScanRowsOptions): { rows: Cell[][]; dicts: (readonly string[])[] } {
  const scanner = new RowScanner(opts);
  const rows: Cell[][] = [];
  const dicts: (readonly string[])[] = [];
  let p = bytes.indexOf(0x0a) + 1;
  try {
    for (;;) {
      p = scanner.scan(bytes, p, bytes.length, true, Infinity);
      if (scanner.n > 0) {
        const cols: ScanOutput[] = scanner.takeBatch();
        for (const { column: c } of cols) if (c.dict) dicts.push(c.dict);
        for (let i = 0; i < scanner.n; i++) {
          rows.push(cols.map(({ column: c }) => (c.valid !== null && c.valid[i] === 0 ? null : c.dict ? c.dict[(c.values as Int32Array)[i]] : c.values[i] as number)));
        }
      }
      scanner.resetBatch();
      if (scanner.status === ST_DONE) break;
    }
  } finally {
    scanner.release();
  }
  return { rows, dicts };
}

const VARIANTS = [false, 'plain', 'indexed'] as const;

describe('a carried text column as its rows’ strings', () => {
  const schema: Schema = [{ name: 'id', dtype: 'string' }, { name: 'n', dtype: 'int64' }, { name: 'note', dtype: 'string' }, { name: 'x', dtype: 'float64' }];
  const text = 'id,n,note,x\n'
    + 'a1,1,plain,1.5\n'
    + 'a2,2,"quoted, with comma",2.5\n'
    + 'a1,3,NA,3.5\n'
    + ',4,"say ""hi""",\n'
    + 'a3,5,"two\nlines",5.5\n'
    + 'é1,6,naïve café,6.5\n'
    + 'a4,7,"",7.5\n'
    + 'a5,8,last,8.5\n';

  it.each(VARIANTS.flatMap((v) => [1, 2, 3, 100].map((b) => ({ v, b }))))('the same values as the dictionary (specialise $v, batches of $b rows)', ({ v, b }) => {
    const interned = scanText(text, options(schema, b, false, v));
    const carried = scanText(text, options(schema, b, true, v));
    expect(carried.rows).toEqual(interned.rows);
    expect(carried.rows[3]).toEqual([null, 4, 'say "hi"', null]);
    expect(carried.rows[5]).toEqual(['é1', 6, 'naïve café', 6.5]);
    // row order, entries may repeat: never taken for a dictionary of distinct strings
    expect(carried.dicts.some((d) => d.length > 1 && isUniqueDictionary(d))).toBe(false);
    expect(interned.dicts.every((d) => isUniqueDictionary(d))).toBe(true);
  });

  it('repeated values keep an entry each, in row order', () => {
    const { dicts } = scanText('s\nb\na\nb\nb\n', options([{ name: 's', dtype: 'string' }], 100, true, 'plain'));
    expect(dicts).toEqual([['b', 'a', 'b', 'b']]);
  });

  it.each(VARIANTS)('random documents: the same rows carried or interned (specialise %s)', (v) => {
    for (let k = 0; k < 10; k++) {
      const ds = generateDataset(4100 + k * 17, { maxRows: 40, maxFiles: 1 });
      const s: Schema = ds.columns.map((c) => ({ name: c.name, dtype: c.dtype }));
      const body = ds.files[0].text.replace(/^\ufeff/, '');
      expect(scanText(body, options(s, 7, true, v)).rows).toEqual(scanText(body, options(s, 7, false, v)).rows);
    }
  });

  it.each(VARIANTS)('invalid UTF-8 is an error naming the column and its row (specialise %s)', (v) => {
    const bytes = new Uint8Array([...enc.encode('s,n\nok,1\nbad'), 0xff, 0xfe, ...enc.encode(',2\n')]);
    const scanner = () => {
      const o = options([{ name: 's', dtype: 'string' }, { name: 'n', dtype: 'int64' }], 100, true, v);
      const sc = new RowScanner(o);
      const p = bytes.indexOf(0x0a) + 1;
      try { sc.scan(bytes, p, bytes.length, true, Infinity); } finally { sc.release(); }
    };
    let caught: unknown;
    try { scanner(); } catch (e) { caught = e; }
    expect(caught).toBeInstanceOf(FieldError);
    expect((caught as FieldError).column).toBe('s');
    expect((caught as FieldError).problem).toMatch(/invalid UTF-8/);
  });

  it.each(VARIANTS)('bad lines skipped or padded, and lossy UTF-8: the same rows carried or interned (specialise %s)', (v) => {
    const s: Schema = [{ name: 'id', dtype: 'string' }, { name: 'n', dtype: 'int64' }, { name: 't', dtype: 'string' }];
    const body = 's,n,t\nid1,1,a\nid2,2\nid3,3,c,extra\nid\u00e94,4,d\nid5,5,e\nid6,6,"f ""g"""\n';
    // one byte that is not UTF-8 in row id8's text
    const bad = Buffer.concat([Buffer.from(body), Buffer.from('id8,8,h'), Buffer.from([0xff, 0x0a])]);
    for (const extra of [{ skipBadLines: true }, { padShortRows: true, skipBadLines: true }, { lossyUtf8: true, skipBadLines: true }]) {
      const bytes = 'lossyUtf8' in extra ? bad : Buffer.from(body);
      const carried = scanBytes(bytes, options(s, 2, true, v, extra)).rows;
      expect(carried).toEqual(scanBytes(bytes, options(s, 2, false, v, extra)).rows);
      expect(carried.length).toBeGreaterThan(3);
      if ('lossyUtf8' in extra) expect(carried.at(-1)).toEqual(['id8', 8, 'h\ufffd']);
    }
  });

  it('a shared dictionary that grows past its bound goes on as row strings (carried) or a dictionary a batch', () => {
    const s: Schema = [{ name: 'id', dtype: 'string' }, { name: 'n', dtype: 'int64' }];
    const text = `id,n\n${Array.from({ length: 60 }, (_, i) => `v${i % 45},${i}`).join('\n')}\n`;
    const grow = (carried: boolean): ReturnType<typeof scanText> =>
      // no estimate: the column starts in the thread's shared dictionary, bound at 20 entries
      scanText(text, { ...options(s, 16, carried, 'plain'), fields: [{ index: 0, name: 'id', dtype: 'string', maxDictionary: 20, carried }, { index: 1, name: 'n', dtype: 'int64' }] });
    const carried = grow(true);
    const interned = grow(false);
    expect(carried.rows).toEqual(interned.rows);
    expect(carried.rows.map((r) => r[0])).toEqual(Array.from({ length: 60 }, (_, i) => `v${i % 45}`));
    // the first batches in the shared dictionary; once past 20 entries, row strings (an entry a row, repeats kept)
    expect(carried.dicts.at(-1)).toEqual(Array.from({ length: 12 }, (_, k) => `v${(48 + k) % 45}`));
    expect(isUniqueDictionary(carried.dicts.at(-1)!)).toBe(false);
    expect(isUniqueDictionary(interned.dicts.at(-1)!)).toBe(true);
  });

  it('lossy UTF-8 replaces bad bytes with U+FFFD', () => {
    const r = new RowStrings(true);
    const buf = new Uint8Array([0x61, 0xff, 0x62, 0x2c, 0x63]);
    const codes = new Int32Array(2);
    expect(r.internMany(buf, Int32Array.of(0, 4), Int32Array.of(3, 5), 2, codes)).toBe(2);
    expect(r.strings).toEqual(['a\ufffdb', 'c']);
    expect([...codes]).toEqual([0, 1]);
  });
});

describe('RowStrings', () => {
  it('strict: internMany stops at the first value that is not UTF-8 and adds none from it on', () => {
    const r = new RowStrings();
    const buf = new Uint8Array([0x61, 0x2c, 0xc3, 0x28, 0x2c, 0x62]);
    const codes = new Int32Array(3);
    expect(r.internMany(buf, Int32Array.of(0, 2, 5), Int32Array.of(1, 4, 6), 3, codes)).toBe(1);
    expect(r.strings).toEqual(['a']);
    expect(r.size).toBe(1);
  });

  it("a value's leading byte order mark is dropped, as the decoder drops it: the bytes written and the string read agree", () => {
    const r = new RowStrings();
    const buf = new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x62, 0x2c, 0xc3, 0xa9, 0xef, 0xbb, 0xbf]);
    const codes = new Int32Array(2);
    expect(r.internMany(buf, Int32Array.of(0, 6), Int32Array.of(5, 11), 2, codes)).toBe(2);
    expect([...r.strings]).toEqual(['ab', '\u00e9\ufeff']);
    const out = csvLines([{ dtype: 'string', length: 2, values: codes, valid: null, dict: r.strings }], 2, ',');
    // a trailing one is kept, and quoted as trailing space is (String#trim takes U+FEFF for space)
    expect(Buffer.from(out.bytes).toString('utf8')).toBe('ab\n"\u00e9\ufeff"\n');
  });

  it('values cut from an ASCII span and decoded one by one (non-ASCII in the span) keep row order', () => {
    const r = new RowStrings();
    const buf = enc.encode('ab,cd,é,ef');
    const codes = new Int32Array(4);
    // one call over ASCII values only, then one whose span holds é
    expect(r.internMany(buf, Int32Array.of(0, 3), Int32Array.of(2, 5), 2, codes)).toBe(2);
    expect(r.internMany(buf, Int32Array.of(6, 9), Int32Array.of(8, 11), 2, codes)).toBe(2);
    expect(r.intern(buf, 0, 2)).toBe(4);
    expect(r.strings).toEqual(['ab', 'cd', 'é', 'ef', 'ab']);
  });

  it('long values: cut from the span where they fill it, sliced one by one where other bytes lie between them; the same strings', () => {
    const long = Array.from({ length: 6 }, (_, k) => `value-number-${k}-of-six`);
    for (const gap of ['', ',1', `,${'9'.repeat(200)}`]) {
      const text = long.map((v) => `${v}${gap}`).join('\n');
      const buf = enc.encode(text);
      const starts = new Int32Array(6);
      const ends = new Int32Array(6);
      let at = 0;
      long.forEach((v, k) => { starts[k] = at; ends[k] = at + v.length; at += v.length + gap.length + 1; });
      const r = new RowStrings();
      expect(r.internMany(buf, starts, ends, 6, new Int32Array(6))).toBe(6);
      expect(r.strings).toEqual(long);
    }
  });

  it('its strings are copies: the scan buffer overwritten after does not change them; a refused value adds nothing', () => {
    const r = new RowStrings();
    const buf = enc.encode('abcdefghijklmnopqrstuvwxyz,zz,é');
    const codes = new Int32Array(3);
    expect(r.internMany(buf, Int32Array.of(0, 27, 30), Int32Array.of(26, 29, 32), 3, codes)).toBe(3);
    r.intern(buf, 0, 3);
    buf.fill(0x78);
    expect(r.strings).toEqual(['abcdefghijklmnopqrstuvwxyz', 'zz', 'é', 'abc']);
    expect(() => r.intern(new Uint8Array([0xff]), 0, 1)).toThrow(TypeError);
    expect([r.size, r.strings.length]).toEqual([4, 4]);
  });

  it('clear() starts a new array; the old one keeps its strings', () => {
    const r = new RowStrings();
    const buf = enc.encode('xy');
    r.intern(buf, 0, 2);
    const old = r.strings;
    r.clear();
    r.intern(buf, 1, 2);
    expect(old).toEqual(['xy']);
    expect(r.strings).toEqual(['y']);
  });
});
