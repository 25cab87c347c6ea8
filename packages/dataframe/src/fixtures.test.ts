/**
 * The hand-made CSVs under /fixtures, each named after what it tests, read through readCsv
 * with exact expected results — at the default blocksize and at tiny ones (1 and 3 bytes),
 * which must give the same rows.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { col, readCsv, shutdown, CsvError, type ReadCsvOptions } from './index.js';
import { readCsvAnyBlocksize } from './api/read-csv.js';
import type { CellValue } from './table/table.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const fx = (name: string): string => join(FIXTURES, name);
const outRoot = mkdtempSync(join(tmpdir(), 'floe-fixtures-'));

afterAll(async () => {
  await shutdown();
  rmSync(outRoot, { recursive: true, force: true });
});

type Rows = Record<string, CellValue>[];

/** Reads a fixture at the default blocksize and at 1 and 3 bytes; all must agree. */
async function rowsOf(name: string, opts: ReadCsvOptions = {}): Promise<Rows> {
  const whole = (await readCsv(fx(name), opts).compute()).toRows();
  for (const blocksize of [1, 3]) {
    expect((await readCsvAnyBlocksize(fx(name), { ...opts, blocksize }).compute()).toRows(), `${name} at blocksize ${blocksize}`).toEqual(whole);
  }
  return whole;
}

function schemaOf(name: string, opts: ReadCsvOptions = {}): string[] {
  return readCsv(fx(name), opts).schema.map((f) => `${f.name}:${f.dtype}`);
}

describe('fixtures', () => {
  it('quoted-newlines.csv: newlines, escaped quotes and commas inside quotes', async () => {
    expect(schemaOf('quoted-newlines.csv')).toEqual(['id:int64', 'comment:string', 'score:int64']);
    expect(await rowsOf('quoted-newlines.csv')).toEqual([
      { id: 1, comment: 'first line\nsecond line', score: 10 },
      { id: 2, comment: 'he said "hi"\non two lines', score: 20 },
      { id: 3, comment: 'comma, inside', score: 30 },
      { id: 4, comment: 'ends with newline\n', score: 40 },
    ]);
  });

  it('crlf.csv: CRLF rows; CRLF inside quotes is kept', async () => {
    expect(schemaOf('crlf.csv')).toEqual(['city:string', 'temp:float64']);
    expect(await rowsOf('crlf.csv')).toEqual([
      { city: 'Oslo', temp: -3.5 },
      { city: 'Rio\r\nde Janeiro', temp: 31 },
      { city: 'Lima', temp: null },
    ]);
  });

  it('bom.csv: the BOM is not part of the first column name', async () => {
    expect(schemaOf('bom.csv')).toEqual(['name:string', 'qty:int64']);
    expect(await rowsOf('bom.csv')).toEqual([{ name: 'widget', qty: 3 }, { name: 'gadget', qty: 4 }]);
  });

  it('semicolon.csv: `;` is sniffed; commas are data', async () => {
    expect(schemaOf('semicolon.csv')).toEqual(['product:string', 'price:float64', 'note:string']);
    expect(await rowsOf('semicolon.csv')).toEqual([
      { product: 'apple', price: 1.25, note: 'red; sweet' },
      { product: 'pear', price: 0.5, note: 'green, ripe' },
      { product: 'fig', price: null, note: null },
    ]);
  });

  it('tab.csv: tab is sniffed', async () => {
    expect(schemaOf('tab.csv')).toEqual(['a:int64', 'b:string', 'c:float64']);
    expect(await rowsOf('tab.csv')).toEqual([{ a: 1, b: 'x y', c: 2.5 }, { a: 2, b: 'tab\there', c: -1 }]);
  });

  it('pipe.csv: `|` is sniffed', async () => {
    expect(await rowsOf('pipe.csv')).toEqual([{ k: 'alpha', v: 1 }, { k: 'be|ta', v: 2 }, { k: 'gamma', v: 3 }]);
  });

  it('an explicit delimiter overrides sniffing', async () => {
    const t = await readCsv(fx('bom.csv'), { delimiter: ';' }).compute();
    expect(t.schema.map((f) => `${f.name}:${f.dtype}`)).toEqual(['name,qty:string']);
    expect(t.toRows()).toEqual([{ 'name,qty': 'widget,3' }, { 'name,qty': 'gadget,4' }]);
  });

  it('no-trailing-newline.csv: the last row (ending in a quoted field) is read', async () => {
    expect(await rowsOf('no-trailing-newline.csv')).toEqual([{ x: 1, y: 2 }, { x: 3, y: 4 }]);
  });

  it('null-tokens.csv: unquoted NA spellings are null, quoted ones and "" are values', async () => {
    expect(schemaOf('null-tokens.csv')).toEqual(['label:string', 'value:int64']);
    expect(await rowsOf('null-tokens.csv')).toEqual([
      { label: 'empty', value: null },
      ...Array.from({ length: 7 }, () => ({ label: null, value: null })),
      { label: 'NA', value: 5 },
      { label: '', value: 6 },
      { label: 'real', value: 7 },
    ]);
    const t = await readCsv(fx('null-tokens.csv')).agg(col('value').sum().alias('s'), col('value').mean().alias('m'), col('value').count().alias('c'), col('*').count().alias('n')).compute();
    expect(t.toRows()).toEqual([{ s: 18, m: 6, c: 3, n: 11 }]);
  });

  it('blank-lines.csv: blank lines (LF and CRLF) are skipped', async () => {
    expect(await rowsOf('blank-lines.csv')).toEqual([{ a: 1, b: 2 }, { a: 3, b: 4 }]);
  });

  it('header-only.csv: no rows; count 0; empty aggregates', async () => {
    expect(schemaOf('header-only.csv')).toEqual(['a:string', 'b:string', 'c:string']);
    expect(await rowsOf('header-only.csv')).toEqual([]);
    expect(await readCsv(fx('header-only.csv')).count()).toBe(0);
    const t = await readCsv(fx('header-only.csv'), { dtypes: { a: 'int64' } }).agg(col('a').sum().alias('s'), col('a').mean().alias('m'), col('*').count().alias('n')).compute();
    expect(t.toRows()).toEqual([{ s: 0, m: null, n: 0 }]);
  });

  it('mixed-line-endings.csv: LF and CRLF in one file, no final newline', async () => {
    expect(await rowsOf('mixed-line-endings.csv')).toEqual([
      { n: 1, s: 'one' }, { n: 2, s: 'two' }, { n: 3, s: 'th\r\nree' }, { n: 4, s: 'four' },
    ]);
  });

  it('unicode.csv: multi-byte text with a BOM', async () => {
    expect(await rowsOf('unicode.csv')).toEqual([
      { nom: 'élève', ville: 'Montréal' },
      { nom: '日本', ville: '東京' },
      { nom: 'ü, Ω', ville: 'x' },
    ]);
    const t = await readCsv(fx('unicode.csv')).groupBy('nom').agg(col('*').count().alias('n')).compute();
    expect(t.column('nom').toArray()).toEqual(['élève', 'ü, Ω', '日本']);
  });

  it('timestamps.csv: ISO timestamps (space or T) as UTC; dt.year() groups', async () => {
    expect(schemaOf('timestamps.csv', { parseDates: ['ts'] })).toEqual(['ts:timestamp', 'amount:int64']);
    expect(await rowsOf('timestamps.csv', { parseDates: ['ts'] })).toEqual([
      { ts: new Date(Date.UTC(2023, 11, 31, 23, 59, 59)), amount: 1 },
      { ts: new Date(Date.UTC(2024, 0, 1)), amount: 2 },
      { ts: new Date(Date.UTC(2024, 1, 29, 12, 30)), amount: 3 },
      { ts: null, amount: 4 },
      { ts: new Date(Date.UTC(2024, 6, 4, 8)), amount: 5 },
    ]);
    const t = await readCsvAnyBlocksize(fx('timestamps.csv'), { parseDates: ['ts'], blocksize: 7 })
      .groupBy(col('ts').dt.year().alias('year')).agg(col('amount').sum().alias('s'), col('*').count().alias('n')).compute();
    expect(t.toRows()).toEqual([{ year: 2023, s: 1, n: 1 }, { year: 2024, s: 10, n: 3 }]);
  });

  it('timestamps.csv: withColumns(dt.year()) keeps the timestamp column and adds only the new one', async () => {
    const df = readCsv(fx('timestamps.csv'), { parseDates: ['ts'] }).withColumns(col('ts').dt.year().alias('year'));
    expect(df.schema.map((f) => f.name)).toEqual(['ts', 'amount', 'year']);
    const t = await df.compute();
    expect(t.schema.map((f) => f.name)).toEqual(['ts', 'amount', 'year']);
    expect(t.toRows()[0]).toEqual({ ts: new Date(Date.UTC(2023, 11, 31, 23, 59, 59)), amount: 1, year: 2023 });
  });

  it('widen-int-float/: int in one file, float in another → float64 for all', async () => {
    const df = readCsv(fx('widen-int-float'));
    expect(df.schema.map((f) => `${f.name}:${f.dtype}`)).toEqual(['k:string', 'v:float64']);
    expect((await df.compute()).toRows()).toEqual([{ k: 'a', v: 1 }, { k: 'b', v: 2 }, { k: 'a', v: 2.5 }, { k: 'b', v: -10 }]);
    expect((await df.groupBy('k').agg(col('v').sum().alias('s')).compute()).toRows()).toEqual([{ k: 'a', s: 3.5 }, { k: 'b', s: -8 }]);
  });

  async function raggedError(): Promise<Error & { line?: number; file?: string }> {
    try {
      await readCsv(fx('ragged-row.csv')).compute();
    } catch (e) {
      return e as Error;
    }
    throw new Error('expected ragged-row.csv to fail');
  }

  it('ragged-row.csv: a short row fails with its file and line', async () => {
    const err = await raggedError();
    expect(err.name).toBe('CsvError');
    expect(err.line).toBe(3);
    expect(err.file).toBe(fx('ragged-row.csv'));
    expect(err.message).toMatch(/expected 2 fields/);
  });

  it('ragged-row.csv: the error from compute() is an instance of the exported CsvError (as readCsv\'s own errors are)', async () => {
    expect(await raggedError()).toBeInstanceOf(CsvError);
  });

  it('wide-ints.csv: int64 past 2^53 is exact in rows and sums', async () => {
    expect(await rowsOf('wide-ints.csv')).toEqual([
      { id: 9007199254740993n, v: 1 },
      { id: 9007199254740992n, v: 2 }, // beyond Number.MAX_SAFE_INTEGER: a bigint
      { id: -9223372036854775808n, v: 3 },
      { id: 9223372036854775807n, v: 4 },
      { id: 1, v: 5 },
    ]);
    const t = await readCsv(fx('wide-ints.csv')).agg(col('id').sum().alias('s'), col('id').count().alias('c')).compute();
    expect(t.toRows()).toEqual([{ s: 18014398509481985n, c: 5 }]);
  });

  it('wide-ints.csv: min/max of int64 past 2^53 are exact', async () => {
    const t = await readCsv(fx('wide-ints.csv')).filter(col('v').lte(2)).agg(col('id').min().alias('lo'), col('id').max().alias('hi')).compute();
    expect(t.toRows()).toEqual([{ lo: 9007199254740992n, hi: 9007199254740993n }]);
  });

  it('wide-ints.csv: int64 group keys past 2^53 stay distinct and exact', async () => {
    const t = await readCsv(fx('wide-ints.csv')).groupBy('id').agg(col('v').sum().alias('v')).compute();
    expect(t.toRows()).toEqual([
      { id: -9223372036854775808n, v: 3 },
      { id: 1, v: 5 },
      { id: 9007199254740992n, v: 2 },
      { id: 9007199254740993n, v: 1 },
      { id: 9223372036854775807n, v: 4 },
    ]);
  });

  it('wide-ints.csv: row-level arithmetic and comparisons on int64 past 2^53 are exact', async () => {
    const t = await readCsv(fx('wide-ints.csv')).filter(col('v').lte(2))
      .withColumns(col('id').add(0).alias('same'), col('id').gt(9007199254740992).alias('above')).compute();
    expect(t.toRows()).toEqual([
      { id: 9007199254740993n, v: 1, same: 9007199254740993n, above: true },
      { id: 9007199254740992n, v: 2, same: 9007199254740992n, above: false },
    ]);
  });

  it('cr-only-line-endings.csv: lone-CR rows (which the tokenizer accepts) are read once at every blocksize', async () => {
    expect(await rowsOf('cr-only-line-endings.csv')).toEqual([{ a: 1, b: 'x' }, { a: 2, b: 'y' }, { a: 3, b: 'z' }, { a: 4, b: 'w' }]);
  });

  it('strings-that-spell-null.csv: writeCsv keeps quoted "NA"/"null" values readable as values', async () => {
    const df = readCsv(fx('strings-that-spell-null.csv'));
    const rows = (await df.compute()).toRows();
    expect(rows).toEqual([{ id: 1, s: 'NA' }, { id: 2, s: 'null' }, { id: 3, s: '' }, { id: 4, s: null }, { id: 5, s: 'ok' }]);
    const out = mkdtempSync(join(outRoot, 'spell-'));
    await df.writeCsv(out);
    expect((await readCsv(out, { dtypes: { s: 'string' } }).compute()).toRows()).toEqual(rows);
  });

  it('header-only.csv: writeCsv writes a readable file with the header', async () => {
    const out = mkdtempSync(join(outRoot, 'empty-'));
    const res = await readCsv(fx('header-only.csv')).writeCsv(out);
    expect(res.rows).toBe(0);
    const files = readdirSync(out);
    expect(files.length).toBeGreaterThan(0);
    expect(readFileSync(join(out, files[0]), 'utf8')).toBe('a,b,c\n');
  });
});
