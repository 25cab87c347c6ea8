/**
 * Type inference from sampled values (infer-schema.ts), one column at a time: the shortcuts
 * taken for plain integers and ISO dates must give the types the general rules give.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InlineExecutor } from '@floe/scheduler';
import { readCsv } from '../../api/read-csv.js';
import { col } from '../../api/expr.js';
import { guessDateFormat } from './infer-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-infer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let k = 0;

function typeOf(values: string[], options: Parameters<typeof readCsv>[1] = {}): string {
  const path = join(dir, `c${k++}.csv`);
  writeFileSync(path, `x\n${values.join('\n')}\n`);
  return readCsv(path, options).schema[0].dtype;
}

describe('inferred column types', () => {
  it.each([
    [['1', '-2', '+3', '007'], 'int64'],
    [['123456789012345678', '-123456789012345678'], 'int64'], // 18 digits: the shortcut
    [['9223372036854775807', '-9223372036854775808'], 'int64'], // 19 digits inside int64
    [['9223372036854775808'], 'float64'], // past int64
    [[' 5', '6 '], 'int64'], // spaces around: trimmed
    [['1', '2.5'], 'float64'],
    [['1', '1e3'], 'float64'],
    [['1', 'x'], 'string'],
    [['1', '-'], 'string'],
    [['1', ''], 'int64'],
    [['true', 'FALSE'], 'bool'],
    [['"12"', '"-3"', '4'], 'int64'], // quoted numbers are numbers
    [['"12"', '""', '4'], 'int64'], // a quoted empty value is no value
    [['"1""2"', '4'], 'string'],
    [['12', 'NA', 'NaN', 'NULL', '1.#QNAN', '-1.#QNAN', '123'], 'int64'], // null tokens beside numbers of their lengths
    [['12', 'NB'], 'string'], // the length and first letter of NA, not NA
  ])('%j → %s', (values, dtype) => {
    expect(typeOf(values)).toBe(dtype);
  });

  it('takes custom null tokens that start like numbers', () => {
    expect(typeOf(['5', '-999', '17'], { nullValues: ['-999'] })).toBe('int64');
    expect(typeOf(['5', '-998', 'x9'], { nullValues: ['-999', 'x9'] })).toBe('int64');
    expect(typeOf(['5', '-998', 'x8'], { nullValues: ['-999', 'x9'] })).toBe('string');
  });

  it.each([
    [['2024-01-31', '1999-12-31'], 'timestamp'], // dates alone: a timestamp at midnight, as pandas
    [['2024-01-31', '2024-01-31 10:00:00'], 'timestamp'],
    [['2024-01-31T10:00:00.123Z', '2024-01-31 10:00:00+01:00'], 'timestamp'],
    [['"2024-01-31"', '2024-02-01 10:00:00'], 'timestamp'],
  ])('with parseDates: %j → %s', (values, dtype) => {
    expect(typeOf(values, { parseDates: ['x'] })).toBe(dtype);
  });

  it.each([
    [['2024-01-31', '2024-02-30']], // an impossible date
    [['2024-01-31', '2024-01-31é']], // not ASCII: not a date
    [['2024-01-31', '2024-01-3１']], // a fullwidth digit is no digit
  ])('with parseDates, %j is no date column: an error naming the value', (values) => {
    expect(() => typeOf(values, { parseDates: ['x'] })).toThrow(values[1]);
  });

  it.each([
    [['1.', '.5', '-.5e-3', '1E+5', '+2e7'], 'float64'],
    [['.', '1'], 'string'],
    [['1e', '2'], 'string'],
    [['1.5.2'], 'string'],
    [['e5'], 'string'],
    [['1.5', '1.5e+'], 'string'],
    [['x', '1.5', '2'], 'string'], // text first: the later numbers are only hashed
  ])('decimals read from their bytes: %j → %s', (values, dtype) => {
    expect(typeOf(values)).toBe(dtype);
  });

  it('a decimal typed from its bytes gets the type its text gets (a leading space takes the text path)', () => {
    // seeded: tokens over the characters a decimal is made of, and a few that are not
    let seed = 7;
    const rand = (n: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 16) % n; };
    const alphabet = '0123456789.eE+-x';
    const tokens = new Set<string>();
    for (let k = 0; k < 400 && tokens.size < 150; k++) {
      let t = '';
      for (let n = 1 + rand(6); n > 0; n--) t += alphabet[rand(alphabet.length)];
      tokens.add(t);
    }
    expect(tokens.size).toBe(150);
    for (const t of tokens) expect([t, typeOf(['0', t])]).toEqual([t, typeOf(['0', ` ${t}`])]);
  });

  it('a decimal comma dialect reads a point as text, from the bytes as from the text', () => {
    expect(typeOf(['1.5', '2'], { delimiter: ';', decimal: ',' })).toBe('string');
  });

  it('thousands and decimal separators count for numbers', () => {
    expect(typeOf(['"1,234"', '5'], { thousands: ',' })).toBe('int64');
    expect(typeOf(['1,5', '2'], { delimiter: ';', decimal: ',' })).toBe('float64');
  });
});

describe('samples of many files', () => {
  // 40 files of ~270 KB: the first ~31 (8 MiB) are sampled whole, the rest 64 KiB from the head
  const many = join(dir, 'many');
  const rows = (file: number): string => {
    const lines = ['x,y'];
    for (let i = 0; lines.length < 30_000; i++) lines.push(`${i},${file}`);
    // in the last file, a float 100 KB in: past a quarter sample, inside a whole one
    if (file === 39) lines[10_000] = '0.5,39';
    return `${lines.join('\n')}\n`;
  };
  const paths = (): string => join(many, '*.csv');

  it('every file is sampled, later ones less: a value past the smaller sample is found by the scan, with the fix', async () => {
    mkdirSync(many, { recursive: true });
    for (let f = 0; f < 40; f++) writeFileSync(join(many, `f${String(f).padStart(2, '0')}.csv`), rows(f));
    const df = readCsv(paths());
    expect(df.schema[0].dtype).toBe('int64');
    await expect(df.agg(col('x').sum()).compute({ executor: new InlineExecutor() })).rejects.toThrow(/f39\.csv, line 10001, column "x": value does not match the column's type int64.*"0\.5"/s);
  });

  it('sampleSize given: every file gets it', () => {
    expect(readCsv(paths(), { sampleSize: '256KB' }).schema[0].dtype).toBe('float64');
  });
});

describe('a tail sample that begins inside a quoted field', () => {
  it('counts nothing from it when its rows do not tokenize (a half-field must not make an int column float)', () => {
    const filler = Array.from({ length: 20_000 }, (_, i) => `${i},t`).join('\n');
    // the last 16 KiB (the tail of a 64 KiB sample) start inside this quoted field; read from there,
    // its lines look like 30 rows with a float (enough for a tail sample) and its last breaks the grammar
    const field = `"${'a'.repeat(20_000)}${'\n7.5,z'.repeat(30)}\n""q""x"`;
    const path = join(dir, 'tail-in-quotes.csv');
    writeFileSync(path, `x,y\n${filler}\n1,${field}\n2,end\n`);
    expect(readCsv(path, { sampleSize: '64KB' }).schema).toEqual([{ name: 'x', dtype: 'int64' }, { name: 'y', dtype: 'string' }]);
  });

  it('counts nothing from it when its rows tokenize both ways but type a column differently (multi-line fields whose lines look like rows)', async () => {
    // every row's note holds lines of the file's width: read from inside it, "see" and "end\"" typed id and v as text
    const path = join(dir, 'tail-rows-in-quotes.csv');
    writeFileSync(path, `id,v,note\n${Array.from({ length: 400 }, (_, i) => `${i},${i % 12},"line one\nsee,abc,too\nend"`).join('\n')}\n`);
    for (const sampleSize of ['4KB', '5KB', '6KB', '7KB', '9KB']) {
      const df = readCsv(path, { sampleSize });
      expect({ size: sampleSize, ...df.dtypes }).toEqual({ size: sampleSize, id: 'int64', v: 'int64', note: 'string' });
      expect((await df.agg(col('v').max(), col('id').max()).compute({ executor: new InlineExecutor() })).toRows()).toEqual([{ v: 11, id: 399 }]);
    }
  });

  it('still reads a tail with quoted fields on one line: a float at the end of the file types its column', () => {
    const path = join(dir, 'tail-quoted-float.csv');
    writeFileSync(path, `id,s\n${Array.from({ length: 3000 }, (_, i) => `${i},"s ${i}"`).join('\n')}\n2.5,"last"\n`);
    expect(readCsv(path, { sampleSize: '4KB' }).dtypes.id).toBe('float64');
  });

  it('still reads a tail whose widening value comes before its first quote (a field quoted only sometimes)', () => {
    const path = join(dir, 'tail-float-before-quote.csv');
    const rows = (k: number) => Array.from({ length: k }, (_, i) => `${i},plain`).join('\n');
    writeFileSync(path, `x,s\n${rows(5000)}\n2.5,plain\n${rows(50)}\n7,"a, b"\n${rows(50)}\n`);
    expect(readCsv(path, { sampleSize: '4KB' }).dtypes.x).toBe('float64');
  });
});

describe('guessDateFormat', () => {
  it('names the dayjs format of dates written the common other ways, and nothing for the rest', () => {
    const cases: [string, string | null][] = [
      ['01/15/2024', 'MM/DD/YYYY'], ['15/01/2024', 'DD/MM/YYYY'], ['1/2/2024 13:05', 'MM/DD/YYYY HH:mm'], ['15.01.2024', 'DD.MM.YYYY'],
      ['2024/01/15 08:00:01', 'YYYY/MM/DD HH:mm:ss'], ['12-Jun-98', 'D-MMM-YY'], ['12 Jun 1998', 'D MMM YYYY'], ['Monday', null], ['2024-13', null],
      ['20240105', 'YYYYMMDD'], ['20241305', null], ['12345678', null],
    ];
    for (const [v, f] of cases) expect([v, guessDateFormat(v)]).toEqual([v, f]);
  });
});
