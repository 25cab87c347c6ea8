/**
 * The catalogue of bad input, one test per case, each with the exact behaviour: an error that
 * names where and what (and how to fix it), or a defined reading of the bytes.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { col, readCsv, CsvError } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-bad-'));
function file(name: string, text: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const rows = async (p: string, opts: Parameters<typeof readCsv>[1] = {}) => (await readCsv(p, opts).compute()).toRows();

describe('paths', () => {
  test('a path that does not exist', () => {
    expect(() => readCsv(join(dir, 'nope.csv'))).toThrow(`readCsv: no such file or directory: ${join(dir, 'nope.csv')}`);
  });
  test('a glob that matches nothing', () => {
    expect(() => readCsv(join(dir, 'zzz-*.csv'))).toThrow(`readCsv: the pattern ${JSON.stringify(join(dir, 'zzz-*.csv'))} matched no files`);
  });
  test('a directory without CSV files', () => {
    const d = join(dir, 'empty-dir');
    mkdirSync(d);
    writeFileSync(join(d, 'notes.txt'), 'x');
    expect(() => readCsv(d)).toThrow(`readCsv: the directory ${d} contains no .csv files`);
  });
  test('an unreadable file', () => {
    const p = file('secret.csv', 'a\n1\n');
    chmodSync(dir, 0o755); // the directory is searchable by anyone; the file is not readable
    chmodSync(p, 0o000);
    // root reads everything, so the check runs as an unprivileged user
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const script = `import(${JSON.stringify(join(root, 'packages/dataframe/dist/index.js'))}).then((m) => { try { m.readCsv(${JSON.stringify(p)}); } catch (e) { console.log(e.message); } });`;
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', ...asUser });
    expect(r.stdout.trim()).toBe(`readCsv: cannot open ${p}: EACCES`);
  });
});

describe('headers', () => {
  test('an empty file', () => {
    const p = file('empty.csv', '');
    expect(() => readCsv(p)).toThrow(`readCsv: ${p} is empty (expected a header row)`);
  });
  test('a header and no rows: zero rows, every column a string', async () => {
    const p = file('header-only.csv', 'a,b\n');
    const t = await readCsv(p).compute();
    expect(t.numRows).toBe(0);
    expect(t.schema).toEqual([{ name: 'a', dtype: 'string' }, { name: 'b', dtype: 'string' }]);
  });
  test('a duplicate column name is made unique as pandas does', () => {
    const p = file('dup.csv', 'a,b,a\n1,2,3\n');
    expect(readCsv(p).schema.map((f) => f.name)).toEqual(['a', 'b', 'a.1']);
  });
  test('an empty column name becomes "Unnamed: i" (0-based, as in pandas)', () => {
    const p = file('noname.csv', 'a,,c\n1,2,3\n');
    expect(readCsv(p).schema.map((f) => f.name)).toEqual(['a', 'Unnamed: 1', 'c']);
  });
  test('files in one glob with different headers name both files', () => {
    const d = join(dir, 'mixed-headers');
    mkdirSync(d);
    writeFileSync(join(d, '1.csv'), 'a,b\n1,2\n');
    writeFileSync(join(d, '2.csv'), 'a,c\n1,2\n');
    expect(() => readCsv(join(d, '*.csv'))).toThrow(`readCsv: files have different headers: ${join(d, '1.csv')} has [a, b] but ${join(d, '2.csv')} has [a, c]`);
  });
  test('a column typed int in one file and float or text in another is widened', async () => {
    const d = join(dir, 'widen');
    mkdirSync(d);
    writeFileSync(join(d, '1.csv'), 'k,x,y\na,1,1\n');
    writeFileSync(join(d, '2.csv'), 'k,x,y\nb,2.5,two\n');
    const df = readCsv(join(d, '*.csv'));
    expect(df.schema).toEqual([{ name: 'k', dtype: 'string' }, { name: 'x', dtype: 'float64' }, { name: 'y', dtype: 'string' }]);
    expect((await df.compute()).toRows()).toEqual([{ k: 'a', x: 1, y: '1' }, { k: 'b', x: 2.5, y: 'two' }]);
  });
});

describe('rows and quoting', () => {
  test('too many / too few fields: an error with file, line and both counts', async () => {
    const p = file('ragged.csv', 'a,b\n1,2\n3,4,5\n');
    const err = await readCsv(p).count().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CsvError);
    expect((err as Error).message).toBe(`${p}, line 3: expected 2 fields (as in the header), found 3. fix the row, or pass onBadLines: 'skip' (--on-bad-lines skip) to drop such rows`);
  });
  test("onBadLines 'skip' reports the count", async () => {
    const p = file('ragged-skip.csv', 'a,b\n1,2\n3\n4,5\n');
    const t = await readCsv(p, { onBadLines: 'skip' }).compute();
    expect([t.numRows, t.skippedRows]).toEqual([2, 1]);
  });
  test('an unterminated quote at end of file', () => {
    const p = file('unterminated.csv', 'a,b\n1,"x\n');
    expect(() => readCsv(p)).toThrow(`${p}, line 2: unterminated quoted field: a \`"\` opens a field that never closes. close the quote, or double a literal quote inside a quoted field ("")`);
  });
  test('a quote inside an unquoted field: literal by default, an error with strictQuotes', async () => {
    const p = file('stray-quote.csv', 'a,b\n1,x"y\n');
    expect(await rows(p)).toEqual([{ a: 1, b: 'x"y' }]);
    expect(() => readCsv(p, { strictQuotes: true })).toThrow(`${p}, line 2: a quote inside an unquoted field (value "x\\""). quote the whole field and double the inner quote, e.g. "say ""hi""", or leave strictQuotes off (the default) to read it literally`);
  });
  test('a field longer than the blocksize is read whole, once', async () => {
    const long = 'x'.repeat(200_000);
    const p = file('long-field.csv', `a,b\n1,"${long}"\n2,short\n`);
    expect(await rows(p, { blocksize: 1000 })).toEqual([{ a: 1, b: long }, { a: 2, b: 'short' }]);
  });
  test('a single line with no newline at the end', async () => {
    expect(await rows(file('no-eol.csv', 'a,b\n1,2'))).toEqual([{ a: 1, b: 2 }]);
  });
  test('mixed CRLF and LF line endings', async () => {
    expect(await rows(file('mixed-eol.csv', 'a,b\r\n1,x\n2,y\r\n3,z\n'), { blocksize: 3 })).toEqual([{ a: 1, b: 'x' }, { a: 2, b: 'y' }, { a: 3, b: 'z' }]);
  });
  test('a UTF-8 byte order mark is not part of the first column name', async () => {
    const p = file('bom.csv', '\ufeffa,b\n1,2\n');
    expect(readCsv(p).columns).toEqual(['a', 'b']);
    expect(await rows(p)).toEqual([{ a: 1, b: 2 }]);
  });
  test('invalid UTF-8 bytes: an error with the location, or U+FFFD with utf8-lossy', async () => {
    const p = file('bad-utf8.csv', Buffer.concat([Buffer.from('s\nok\nx'), Buffer.from([0xff, 0xfe]), Buffer.from('y\n')]));
    await expect(readCsv(p).compute()).rejects.toThrow(`${p}, line 3, column "s": invalid UTF-8 bytes in a text value`);
    expect(await rows(p, { encoding: 'utf8-lossy' })).toEqual([{ s: 'ok' }, { s: 'x\ufffd\ufffdy' }]);
  });
});

describe('values', () => {
  test('a value later in a file that contradicts the inferred type stops the run with the fix', async () => {
    const body = Array.from({ length: 30_000 }, (_, i) => `${i}`);
    body[25_000] = '1e5';
    const p = file('late-float.csv', `x\n${body.join('\n')}\n`);
    const err = await readCsv(p, { sampleSize: 2048 }).agg(col('x').sum()).compute().catch((e: unknown) => e);
    expect((err as Error).message).toBe(`${p}, line 25002, column "x": value does not match the column's type int64 (inferred from the sampled rows) (value "1e5"). fix: readCsv(..., { dtypes: { "x": 'float64' } }) or --dtype x=float64, or onTypeMismatch: 'widen'`);
    const widened = await readCsv(p, { sampleSize: 2048, onTypeMismatch: 'widen' }).agg(col('x').max()).compute();
    expect(widened.toRows()).toEqual([{ x: 100_000 }]);
  });
  test('an integer beyond int64', async () => {
    const p = file('huge.csv', 'x\n1\n');
    writeFileSync(p, 'x\n1\n99999999999999999999\n');
    await expect(readCsv(p, { dtypes: { x: 'int64' } }).compute()).rejects.toThrow(`${p}, line 3, column "x": integer out of the int64 range (value "99999999999999999999"). read the column as float64 or string: dtypes: { "x": 'float64' }`);
    expect(readCsv(p).schema).toEqual([{ name: 'x', dtype: 'float64' }]); // inference widens it
  });
  test('NaN and infinity spellings', async () => {
    const p = file('specials.csv', 'x\n1.5\ninf\n-inf\nInfinity\nNaN\nnan\n');
    expect((await readCsv(p).compute()).column('x').toArray()).toEqual([1.5, Infinity, -Infinity, Infinity, null, null]);
  });
  test('dates that do not parse: an error with the location, or null with dateErrors', async () => {
    const body = Array.from({ length: 20_000 }, (_, i) => `2020-01-01 00:00:${String(i % 60).padStart(2, '0')},${i}`);
    body[15_000] = '31/12/2020,15000';
    const p = file('bad-date.csv', `d,x\n${body.join('\n')}\n`);
    await expect(readCsv(p, { parseDates: ['d'], sampleSize: 4096 }).compute()).rejects.toThrow(`${p}, line 15002, column "d": value is not an ISO date/time (timestamp) (value "31/12/2020")`);
    const t = await readCsv(p, { parseDates: ['d'], sampleSize: 4096, dateErrors: 'null' }).agg(col('d').count(), col('*').count().alias('n')).compute();
    expect(t.toRows()).toEqual([{ d: 19_999, n: 20_000 }]);
  });
  test('a column name that does not exist lists the columns and the closest match', () => {
    const p = file('cols.csv', 'price,quantity\n1,2\n');
    expect(() => readCsv(p).select(col('quantty'))).toThrow('column "quantty" not found (did you mean "quantity"?); available columns: "price", "quantity"');
  });
});
