import { describe, expect, it } from 'vitest';
import { ONE_STRING_BYTES } from '../../table/arrow-buffers.js';
import { ByteDictionary } from './byte-dictionary.js';

const enc = new TextEncoder();

/** Interns each value from its own offset inside one shared buffer (as the scan does). */
function internAll(d: ByteDictionary, values: readonly string[]): number[] {
  const bytes = values.map((v) => enc.encode(v));
  const buf = new Uint8Array(bytes.reduce((n, b) => n + b.length + 3, 0));
  const codes: number[] = [];
  let at = 1;
  for (const b of bytes) {
    buf.set(b, at);
    codes.push(d.intern(buf, at, at + b.length));
    at += b.length + 3;
  }
  return codes;
}

describe('ByteDictionary', () => {
  it('gives each distinct value one dense code, in first-seen order, and decodes it once', () => {
    const d = new ByteDictionary(4);
    expect(internAll(d, ['b', 'a', 'b', '', 'a', '', 'ü€'])).toEqual([0, 1, 0, 2, 1, 2, 3]);
    expect(d.strings).toEqual(['b', 'a', '', 'ü€']);
    expect(d.size).toBe(4);
  });

  it('clear() starts the codes again from 0, leaving the strings array a column already took', () => {
    const d = new ByteDictionary(4);
    expect(internAll(d, ['x', 'yyyyyyyyyyyyyyyyyyyy', 'x'])).toEqual([0, 1, 0]);
    const before = d.strings;
    d.clear();
    expect(d.size).toBe(0);
    expect(internAll(d, ['yyyyyyyyyyyyyyyyyyyy', 'z', 'x'])).toEqual([0, 1, 2]);
    expect(d.strings).toEqual(['yyyyyyyyyyyyyyyyyyyy', 'z', 'x']);
    expect(before).toEqual(['x', 'yyyyyyyyyyyyyyyyyyyy']);
  });

  it('tells apart values that share the inline 16-byte prefix or differ only past it or in length', () => {
    const prefix = 'abcdefghijklmnop'; // exactly the inline bytes
    const values = [prefix, `${prefix}q`, `${prefix}r`, `${prefix}qq`, 'abcdefghijklmno', 'abcdefghijklmno\u0000', `${prefix}q`, prefix];
    const d = new ByteDictionary();
    expect(internAll(d, values)).toEqual([0, 1, 2, 3, 4, 5, 1, 0]);
    expect(d.strings).toEqual(values.slice(0, 6));
  });

  it('keeps every code while the table grows (40 k values, fixed seed)', () => {
    const d = new ByteDictionary(16);
    let x = 12345;
    const values: string[] = [];
    for (let i = 0; i < 40_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      values.push(`id${String(x % 25_000).padStart(10, '0')}${i % 7 === 0 ? '-a-longer-tail-value' : ''}`);
    }
    const codes = internAll(d, values);
    const expected = new Map<string, number>();
    values.forEach((v) => { if (!expected.has(v)) expected.set(v, expected.size); });
    expect(codes).toEqual(values.map((v) => expected.get(v)));
    expect(d.strings).toEqual([...expected.keys()]);
    // looked up again after all the growth: the same codes
    expect(internAll(d, values.slice(0, 1000))).toEqual(codes.slice(0, 1000));
  });

  it('internMany gives the codes intern gives one by one, across batches and table growth (seeded)', () => {
    let x = 777;
    const values: string[] = [];
    // 20 k distinct: the table grows from looking each value up at once to the batched lookups
    for (let i = 0; i < 30_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      values.push(`id${String(x % 20_000).padStart(10, '0')}${i % 11 === 0 ? 'é-and-a-tail-past-sixteen-bytes' : ''}`);
    }
    const bytes = values.map((v) => enc.encode(v));
    const buf = new Uint8Array(bytes.reduce((n, b) => n + b.length + 1, 0));
    const starts = new Int32Array(values.length);
    const ends = new Int32Array(values.length);
    let at = 0;
    bytes.forEach((b, j) => { buf.set(b, at); starts[j] = at; ends[j] = at + b.length; at += b.length + 1; });
    const one = new ByteDictionary(16);
    const expected = values.map((_, j) => one.intern(buf, starts[j], ends[j]));
    const many = new ByteDictionary(16);
    const codes = new Int32Array(values.length);
    // all but one value: batches of the dictionary's own size and a ragged last one
    const n = values.length - 1;
    expect(many.internMany(buf, starts, ends, n, codes)).toBe(n);
    expect(many.internMany(buf, starts.subarray(n), ends.subarray(n), 1, codes.subarray(n))).toBe(1);
    expect([...codes]).toEqual(expected);
    expect(many.strings).toEqual(one.strings);
  });

  it('one-byte values (flags) take the same codes through the byte table as through the hash table, batch after batch, after clear() and in lossy mode (seeded)', () => {
    const flags = ['Y', 'N', 'A', 'R', 'F', 'O', ''];
    let x = 99;
    const next = (n: number): number => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return x % n; };
    const batches = Array.from({ length: 6 }, (_, b) => Array.from({ length: 1 + next(700) }, () => (b === 3 && next(9) === 0 ? `long-${next(5)}` : flags[next(b < 2 ? 2 : flags.length)])));
    const run = (d: ByteDictionary, values: string[]): number[] => {
      const bytes = values.map((v) => enc.encode(v));
      const buf = new Uint8Array(bytes.reduce((n, b) => n + b.length + 2, 0) + 1);
      const starts = new Int32Array(values.length);
      const ends = new Int32Array(values.length);
      let at = 1;
      bytes.forEach((b, j) => { buf.set(b, at); starts[j] = at; ends[j] = at + b.length; at += b.length + 2; });
      const codes = new Int32Array(values.length);
      expect(d.internMany(buf, starts, ends, values.length, codes)).toBe(values.length);
      return [...codes];
    };
    const d = new ByteDictionary(16);
    const ref = new Map<string, number>();
    batches.forEach((values, b) => {
      if (b === 4) { d.clear(); ref.clear(); }
      expect(run(d, values)).toEqual(values.map((v) => { if (!ref.has(v)) ref.set(v, ref.size); return ref.get(v)!; }));
    });
    expect(d.strings).toEqual([...ref.keys()]);
    // a lone byte past ASCII: U+FFFD in lossy mode, the same code each time; a strict dictionary refuses it every time
    const lossy = new ByteDictionary(16, true);
    const bad = new Uint8Array([0x80, 0x59, 0x80]);
    const codes = new Int32Array(3);
    expect(lossy.internMany(bad, Int32Array.of(0, 1, 2), Int32Array.of(1, 2, 3), 3, codes)).toBe(3);
    expect([...codes]).toEqual([0, 1, 0]);
    expect(lossy.internMany(bad, Int32Array.of(2, 1), Int32Array.of(3, 2), 2, codes)).toBe(2);
    expect([...codes.subarray(0, 2)]).toEqual([0, 1]);
    const strict = new ByteDictionary(16);
    expect(strict.internMany(bad, Int32Array.of(1, 0), Int32Array.of(2, 1), 2, codes)).toBe(1);
    expect(strict.internMany(bad, Int32Array.of(0), Int32Array.of(1), 1, codes)).toBe(0);
  });

  it('internMany stops at a value that is not UTF-8: the ones before it are interned, it and the later ones are not', () => {
    const buf = new Uint8Array([0x61, 0x62, 0xff, 0x63]); // "a", "b", "\xff", "c"
    const starts = Int32Array.from([0, 1, 2, 3, 0]);
    const ends = Int32Array.from([1, 2, 3, 4, 1]);
    const codes = new Int32Array(5).fill(-1);
    const d = new ByteDictionary();
    expect(d.internMany(buf, starts, ends, 5, codes)).toBe(2);
    expect([...codes]).toEqual([0, 1, -1, -1, -1]);
    expect(d.strings).toEqual(['a', 'b']);
    const lossy = new ByteDictionary(16, true);
    expect(lossy.internMany(buf, starts, ends, 5, codes)).toBe(5);
    expect([...codes]).toEqual([0, 1, 2, 3, 0]);
    expect(lossy.strings).toEqual(['a', 'b', '\ufffd', 'c']);
  });

  it('invalid UTF-8 throws and leaves the dictionary unchanged; lossy mode replaces it', () => {
    const bad = new Uint8Array([0x61, 0xff, 0x62]);
    const d = new ByteDictionary();
    internAll(d, ['x']);
    expect(() => d.intern(bad, 0, 3)).toThrow(TypeError);
    expect(d.size).toBe(1);
    expect(internAll(d, ['x', 'y'])).toEqual([0, 1]);
    const lossy = new ByteDictionary(16, true);
    expect(lossy.intern(bad, 0, 3)).toBe(0);
    expect(lossy.strings).toEqual(['a\ufffdb']);
  });

  it('ASCII values decoded a batch at a time and others at once keep code order, across arena growth and a bad value (seeded)', () => {
    let seed = 3;
    const rnd = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
    const pieces = ['id', '0', '42', 'é', '€', '😀', 'x', ' ', '"', 'Z'];
    const values = Array.from({ length: 3000 }, () => Array.from({ length: 1 + Math.floor(rnd() * 20) }, () => pieces[Math.floor(rnd() * pieces.length)]).join(''));
    const d = new ByteDictionary(8);
    const seen: string[] = [];
    const taken: string[][] = [];
    for (let at = 0; at < values.length; at += 250) {
      const batch = values.slice(at, at + 250);
      const codes = internAll(d, batch);
      for (const v of batch) if (!seen.includes(v)) seen.push(v);
      if (at === 500) expect(() => d.intern(new Uint8Array([0x61, 0xc3]), 0, 2)).toThrow(TypeError);
      // what a batch's column gets: every code decoded, each value at its code
      const strings = d.strings;
      expect(codes.map((c) => strings[c])).toEqual(batch);
      taken.push(strings);
    }
    expect(d.strings).toEqual(seen);
    expect(d.size).toBe(seen.length);
    // one array that only grew: what an earlier batch took is a prefix of it
    expect(taken.every((t) => t === d.strings)).toBe(true);
  });

  it('long text waiting in one batch is decoded in slices of at most ONE_STRING_BYTES, whole and in code order', () => {
    const size = 40_000;
    const count = Math.ceil((2.5 * ONE_STRING_BYTES) / size);
    const values = Array.from({ length: count }, (_, i) => `${i}:`.padEnd(size, String.fromCharCode(97 + (i % 26))));
    const d = new ByteDictionary(16);
    const codes = internAll(d, values);
    expect(codes).toEqual(values.map((_, i) => i));
    const strings = d.strings;
    expect(strings.length).toBe(count);
    expect(strings.every((s, i) => s === values[i])).toBe(true);
  });

  it('gives a value one code whether it is read as whole words (whatever bytes follow it) or byte by byte (in a buffer\'s last 16 bytes)', () => {
    const values = Array.from({ length: 19 }, (_, n) => 'abcdefghijklmnopqrs'.slice(0, n));
    const expected = values.map((_, k) => k);
    const d = new ByteDictionary(16);
    // at the end of its own buffer, after other bytes: read byte by byte
    const atEnd = values.map((v) => {
      const buf = enc.encode(`zzzzzzzzzzzzzzzzzzzz${v}`);
      return d.intern(buf, buf.length - v.length, buf.length);
    });
    expect(atEnd).toEqual(expected);
    // inside buffers, followed by two different fillers: read as words masked to the value's length
    for (const filler of ['~~~~~~~~~~~~~~~~~~~~', 'tuvwxyz0123456789ABC']) {
      const bufs = values.map((v) => enc.encode(`${v}${filler}`));
      expect(bufs.map((b, k) => d.intern(b, 0, values[k].length))).toEqual(expected);
      const text = enc.encode(values.map((v) => `${v}${filler}`).join(''));
      const starts = new Int32Array(values.length);
      const ends = new Int32Array(values.length);
      let at = 0;
      values.forEach((v, k) => { starts[k] = at; ends[k] = at + v.length; at += v.length + filler.length; });
      const codes = new Int32Array(values.length);
      expect(d.internMany(text, starts, ends, values.length, codes)).toBe(values.length);
      expect(Array.from(codes)).toEqual(expected);
    }
    expect(d.size).toBe(values.length);
    expect(d.strings).toEqual(values);
  });

  it('reads values from views at any byte offset (pooled Buffers), of every length around the inline words, and from a new buffer after letting go of the last', () => {
    const values = Array.from({ length: 40 }, (_, n) => 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEF'.slice(0, n));
    const d = new ByteDictionary(16);
    for (const shift of [0, 1, 2, 3, 5]) {
      const text = `${'#'.repeat(shift)}${values.join('|')}`;
      const backing = Buffer.from(`${'~'.repeat(7)}${text}`);
      const buf = backing.subarray(7); // byteOffset 7 into its ArrayBuffer
      const starts = new Int32Array(values.length);
      const ends = new Int32Array(values.length);
      let at = shift;
      values.forEach((v, k) => { starts[k] = at; ends[k] = at + v.length; at += v.length + 1; });
      const codes = new Int32Array(values.length);
      expect(d.internMany(buf, starts, ends, values.length, codes)).toBe(values.length);
      expect(Array.from(codes)).toEqual(values.map((_, k) => k));
      expect(values.map((_, k) => d.intern(buf, starts[k], ends[k]))).toEqual(values.map((_, k) => k));
      d.dropView();
    }
    expect(d.strings).toEqual(values);
  });
});

