import { describe, expect, it } from 'vitest';
import type { Column } from '../../kernels/column.js';
import { mulberry32 } from '../../testing/random-csv.js';
import { ByteBuffer, csvLines, encodeCsvRows } from './csv-encoder.js';
import { quote } from './write-csv.js';

/** What the writer gives a float64 value: String(), with `.0` after a whole number below 1e21 (then String() has an exponent), -0.0 with its sign. */
const floatText = (v: number): string => (Object.is(v, -0) ? '-0.0' : Number.isInteger(v) && Math.abs(v) < 1e21 ? `${v}.0` : String(v));

/** The reference: each field as a JS string (String(), the civil-time text), joined row by row. */
function reference(cols: readonly Column[], n: number, delimiter: string): string {
  const pad = (v: number, w = 2): string => String(v).padStart(w, '0');
  const text = (c: Column, i: number): string => {
    if (c.valid !== null && c.valid[i] === 0) return '';
    const v = c.values[i];
    switch (c.dtype) {
      case 'string': return quote(c.dict![v as number], delimiter);
      case 'bool': return v === 1 ? 'true' : 'false';
      case 'date': { const d = new Date((v as number) * 86_400_000); return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`; }
      case 'timestamp': {
        const d = new Date(v as number);
        const ms = d.getUTCMilliseconds();
        return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${ms ? `.${pad(ms, 3)}` : ''}`;
      }
      case 'float64': return floatText(v as number);
      default: return String(v);
    }
  };
  let s = '';
  for (let i = 0; i < n; i++) s += `${cols.map((c) => text(c, i)).join(delimiter)}\n`;
  return s;
}

function encode(cols: readonly Column[], n: number, delimiter: string, size: number): { bytes: Buffer; flushes: number } {
  const parts: Buffer[] = [];
  const out = new ByteBuffer((b) => parts.push(Buffer.from(b)), size);
  encodeCsvRows(cols, n, delimiter, out);
  out.flush();
  return { bytes: Buffer.concat(parts), flushes: parts.length };
}

const INTS = [0, -0, 1, -1, 9, 10, 99, 100, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 1e21, 123456789012];
const FLOATS = [0.5, -0.1, 1e-7, 1.5e300, NaN, Infinity, -Infinity, 56.229525, 2 ** 53 + 2, -1e-320];
const WORDS = ['a', '', 'NA', 'null', 'x,y', 'say "hi"', 'line\nbreak', 'cr\r', 'café', '日本', '😀', 'a\uD800b', 'plain text', ';'];

function randomColumns(seed: number, n: number): Column[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const valid = (): Uint8Array => Uint8Array.from({ length: n }, () => (rnd() < 0.15 ? 0 : 1));
  const bigDict = Array.from({ length: n + 5 }, (_, k) => `${pick(WORDS)}${k}`);
  return [
    { dtype: 'int64', length: n, values: Float64Array.from({ length: n }, () => (rnd() < 0.5 ? pick(INTS) : Math.round((rnd() - 0.5) * 2 ** (rnd() * 54)))), valid: valid() },
    { dtype: 'float64', length: n, values: Float64Array.from({ length: n }, () => (rnd() < 0.5 ? pick(FLOATS) : (rnd() - 0.5) * 10 ** (rnd() * 20 - 10))), valid: null },
    { dtype: 'int64', length: n, values: BigInt64Array.from({ length: n }, () => BigInt(Math.round((rnd() - 0.5) * 2 ** 40)) * 1_000_003n), valid: valid() },
    { dtype: 'int64', length: n, values: Int32Array.from({ length: n }, () => (rnd() * 2 ** 32 - 2 ** 31) | 0), valid: null },
    { dtype: 'string', length: n, values: Int32Array.from({ length: n }, () => Math.floor(rnd() * WORDS.length)), valid: valid(), dict: WORDS },
    { dtype: 'string', length: n, values: Int32Array.from({ length: n }, () => Math.floor(rnd() * bigDict.length)), valid: null, dict: bigDict },
    { dtype: 'bool', length: n, values: Uint8Array.from({ length: n }, () => (rnd() < 0.5 ? 1 : 0)), valid: valid() },
    { dtype: 'timestamp', length: n, values: Float64Array.from({ length: n }, () => Math.floor((rnd() - 0.3) * 4e12) - (rnd() < 0.5 ? 0 : Math.floor(rnd() * 1000))), valid: valid() },
    { dtype: 'date', length: n, values: Int32Array.from({ length: n }, () => Math.floor((rnd() - 0.3) * 40_000)), valid: valid() },
  ] as Column[];
}

describe('encodeCsvRows', () => {
  it.each([
    [1, ',', 1 << 20], [2, ',', 7], [3, ';', 64], [4, '\t', 1], [5, '::', 33], [6, '|', 4096],
  ])('writes the bytes of the reference text (seed %i, delimiter %j, buffer %i bytes)', (seed, delimiter, size) => {
    const n = 500;
    const cols = randomColumns(seed, n);
    const { bytes, flushes } = encode(cols, n, delimiter, size);
    // compared as bytes (a lone surrogate becomes U+FFFD's three bytes in both), shown as text
    const want = Buffer.from(reference(cols, n, delimiter), 'utf8');
    expect(bytes.toString('utf8')).toBe(want.toString('utf8'));
    expect(bytes.equals(want)).toBe(true);
    // a buffer smaller than the output is emptied as it fills, more often the smaller it is
    if (size < 100) expect(flushes).toBeGreaterThan(n / 10);
    else if (size >= 1 << 20) expect(flushes).toBe(1);
  });

  // decimals of a few digits are written digit by digit (ByteBuffer.decimal); the text must be
  // String()'s, the shortest that reads back as the same double, for every kind of value
  it('writes every float the way String() does, a whole one below 1e21 with `.0`: short decimals, long fractions, tiny and huge values (seeded)', () => {
    const rnd = mulberry32(17);
    const values: number[] = [0.1, 0.2 + 0.1, 1 / 3, 2 / 3, -0.5, 1e-6, 1.5e-6, 9.99e-7, 0.000001234, 123456789.123, 1e15 - 0.5, 1e15 + 0.5, 2 ** 50 / 1000 + 0.001, 1e21, 1.7976931348623157e308, 5e-324, -1e-7, 39.781619, 7.648182, 12345.678901234];
    for (let i = 0; i < 4000; i++) {
      const digits = Math.floor(rnd() * 10);
      const mag = 10 ** Math.floor(rnd() * 14 - 4);
      const sign = rnd() < 0.3 ? -1 : 1;
      // a decimal of `digits` fraction digits as a CSV parse would give it, and a raw double
      values.push(sign * Number((rnd() * mag).toFixed(digits)), sign * rnd() * mag);
    }
    const col: Column = { dtype: 'float64', length: values.length, values: Float64Array.from(values), valid: null };
    const { bytes } = encode([col], values.length, ',', 64);
    expect(values.filter((v) => Number.isInteger(v) && Math.abs(v) < 1e21).length).toBeGreaterThan(100);
    expect(bytes.toString('utf8').split('\n').slice(0, -1)).toEqual(values.map(floatText));
  });

  it('a whole float64 reads `2.0` (as the CLI prints it), an int64 `2`; -0.0 keeps its sign; past 2^53 too, up to 1e21 (then String()\'s exponent)', () => {
    const floats: Column = { dtype: 'float64', length: 8, values: Float64Array.from([2, -3, 0, -0, 1e15 - 1, 1e15, 2 ** 60, 1e21]), valid: null };
    const ints: Column = { dtype: 'int64', length: 8, values: Float64Array.from([2, -3, 0, 0, 1e15 - 1, 1e15, 2 ** 52, 7]), valid: null };
    const { bytes } = encode([floats, ints], 8, ',', 16);
    expect(bytes.toString('utf8').split('\n').slice(0, -1)).toEqual([
      '2.0,2', '-3.0,-3', '0.0,0', '-0.0,0', '999999999999999.0,999999999999999', '1000000000000000.0,1000000000000000', `${2 ** 60}.0,${2 ** 52}`, '1e+21,7',
    ]);
  });

  it('a column of one precision, with values that have fewer digits, more, or none that fit: String()\'s text each', () => {
    // the writer tries the previous value's digit count first; trailing zeros make a shorter one
    const values = [39.781619, 13.890352, 7.5, 7.64, 7.648182, 0.000123, 0.1 + 0.2, 2.000001, 1e-7, 123456.7, 5.000010, -0.25, 8.1];
    const col: Column = { dtype: 'float64', length: values.length, values: Float64Array.from(values), valid: null };
    const { bytes } = encode([col], values.length, ',', 64);
    expect(bytes.toString('utf8').split('\n').slice(0, -1)).toEqual(values.map((v) => String(v)));
  });

  it('decimals just under and over a whole number keep their integer part (the floor of the value, not of a division)', () => {
    const values = [0.999999, 99.999999, 999999.999999, 1.000001, 4.999999999, 123456789.99, 0.9, 9.99, 1e-6, 2 - 1e-9, -0.999999, -99.5, 314159.265358];
    const col: Column = { dtype: 'float64', length: values.length, values: Float64Array.from(values), valid: null };
    const { bytes } = encode([col], values.length, ',', 64);
    expect(bytes.toString('utf8').split('\n').slice(0, -1)).toEqual(values.map((v) => String(v)));
  });

  it('writes every integer the way String() does, at each edge of the fast paths', () => {
    const values = Float64Array.from([...INTS, ...INTS.map((v) => -v), 2 ** 53 + 2, -(2 ** 53) - 2, 4294967295, 4294967296, 999999999999999]);
    const col: Column = { dtype: 'int64', length: values.length, values, valid: null };
    const { bytes } = encode([col], values.length, ',', 16);
    expect(bytes.toString('utf8').split('\n').slice(0, -1)).toEqual(Array.from(values, (v) => String(v)));
  });

  it('writes int32 arrays of numbers beside float64 ones: String()\'s digits, `.0` when the column is float64, nulls empty', () => {
    const ints = Int32Array.from([0, 7, -7, 10, 99, 100, -100, 65535, 2147483647, -2147483648, 123456789]);
    const n = ints.length;
    const valid = Uint8Array.from(ints, (_, i) => (i === 3 ? 0 : 1));
    const cols: Column[] = [
      { dtype: 'int64', length: n, values: ints, valid },
      { dtype: 'float64', length: n, values: Float64Array.from(ints, (v) => v / 4), valid: null },
      { dtype: 'float64', length: n, values: ints, valid: null },
    ];
    const { bytes } = encode(cols, n, ',', 16);
    expect(bytes.toString('utf8')).toBe(reference(cols, n, ','));
    expect(bytes.toString('utf8').split('\n')[9]).toBe('-2147483648,-536870912.0,-2147483648.0');
  });

  it('quotes dictionary entries that need it, whether the dictionary is encoded whole or row by row', () => {
    const dict = ['x,y', 'NA', 'ok', 'q"q'];
    const small: Column = { dtype: 'string', length: 4, values: Int32Array.from([0, 1, 2, 3]), valid: null, dict };
    const large: Column = { ...small, length: 2, values: Int32Array.from([3, 0]) };
    expect(encode([small], 4, ',', 64).bytes.toString()).toBe('"x,y"\n"NA"\nok\n"q""q"\n');
    expect(encode([large], 2, ',', 64).bytes.toString()).toBe('"q""q"\n"x,y"\n');
  });

  it('writes row by row the same text as quote() for every kind of string, with each delimiter (seeded)', () => {
    const rnd = mulberry32(17);
    const alphabet = ['a', 'Z', '0', ' ', ',', ';', '\t', '"', '\n', '\r', 'é', '€', '😀', '|', '.', '-'];
    const dict = [...['', 'NA', 'N/A', 'null', 'NULL', 'None', 'nan', '-1.#QNAN', 'NAN', 'Na', 'plain', 'id0000012345', 'a'.repeat(300)],
      ...Array.from({ length: 400 }, () => Array.from({ length: Math.floor(rnd() * 12) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(''))];
    // more entries than rows: the per-row path
    const n = 200;
    const col: Column = { dtype: 'string', length: n, values: Int32Array.from({ length: n }, (_, i) => (i * 37) % dict.length), valid: null, dict };
    for (const delimiter of [',', ';', '\t', '|', '||', '€']) {
      expect(encode([col, col], n, delimiter, 16).bytes.toString(), JSON.stringify(delimiter)).toBe(reference([col, col], n, delimiter));
    }
  });

  it('writes nothing for no columns', () => {
    expect(encode([], 5, ',', 64).bytes.length).toBe(0);
  });

  it('grows the buffer for one value larger than it', () => {
    const long = 'é'.repeat(5000);
    const col: Column = { dtype: 'string', length: 2, values: Int32Array.from([0, 1]), valid: null, dict: [long, 'b'] };
    expect(encode([col], 2, ',', 8).bytes.toString()).toBe(`${long}\nb\n`);
  });
});

describe('encodeCsvRows: a large dictionary shared by many batches (its entries encoded once)', () => {
  const rnd = mulberry32(31);
  // short ids, quoted ones, null spellings, non-ASCII and text longer than a slot
  const dict = [...Array.from({ length: 300 }, (_, k) => `id${String(k).padStart(10, '0')}`), 'NA', 'a,b', 'say "hi"', 'café', 'x'.repeat(15), 'y'.repeat(40), '', '日本語のテキスト'];
  const batch = (d: readonly string[], n: number): Column => ({
    dtype: 'string', length: n, values: Int32Array.from({ length: n }, () => Math.floor(rnd() * d.length)), valid: Uint8Array.from({ length: n }, () => (rnd() < 0.1 ? 0 : 1)), dict: d,
  });

  it('writes the reference text batch after batch, under each delimiter', () => {
    for (const delimiter of [',', ';', '||']) {
      for (let b = 0; b < 4; b++) {
        const col = batch(dict, 60);
        expect(encode([col, col], 60, delimiter, 32).bytes.toString(), `${JSON.stringify(delimiter)} batch ${b}`).toBe(reference([col, col], 60, delimiter));
      }
    }
  });

  it('writes a grown dictionary\'s new entries', () => {
    const d = dict.slice();
    for (let b = 0; b < 3; b++) {
      const col = batch(d, 60);
      expect(encode([col], 60, ',', 64).bytes.toString()).toBe(reference([col], 60, ','));
    }
    d.push('new,one', 'newtwo');
    // batches of 8 rows: large enough for the kept entries to be used (a dictionary at most 64 times the batch)
    const grown: Column = { dtype: 'string', length: 8, values: Int32Array.from([d.length - 2, d.length - 1, 3, 3, d.length - 2, 0, 1, 2]), valid: null, dict: d };
    expect(encode([grown], 8, ',', 64).bytes.toString()).toBe(reference([grown], 8, ','));
  });
});

describe('csvLines', () => {
  it.each([
    [7, ',', 1 << 20], [8, ';', 50], [9, '::', 1],
  ])('holds the reference text, each row between its ends, however often the encoder empties its buffer (seed %i, delimiter %j, buffer %i bytes)', (seed, delimiter, size) => {
    const n = 400;
    const cols = randomColumns(seed, n);
    const { bytes, ends } = csvLines(cols, n, delimiter, size);
    expect(Buffer.from(bytes).equals(Buffer.from(reference(cols, n, delimiter), 'utf8'))).toBe(true);
    expect(ends.length).toBe(n);
    // row by row (a quoted field may hold a newline: rows are cut at their ends, not at '\n')
    for (let i = 0; i < n; i += 37) {
      const row = Buffer.from(bytes.subarray(i === 0 ? 0 : ends[i - 1], ends[i])).toString('utf8');
      expect(row).toBe(Buffer.from(reference(cols.map((c) => sliceRow(c, i)), 1, delimiter), 'utf8').toString('utf8'));
    }
    expect(ends[n - 1]).toBe(bytes.length);
  });
});

/** Row i of a column, as a column of one row (same dictionary). */
function sliceRow(c: Column, i: number): Column {
  const values = c.values.slice(i, i + 1) as Column['values'];
  return { ...c, length: 1, values, valid: c.valid === null ? null : c.valid.slice(i, i + 1) };
}
