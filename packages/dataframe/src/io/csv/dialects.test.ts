/**
 * CSV as people write it: the fixtures under /fixtures/dialects, each read through readCsv at
 * several blocksizes (every range boundary for the small ones, so a comment line or an escaped
 * quote straddles one) with exact expected tables, and where a tokenizer option is involved,
 * the raw fields checked against csv-parse configured with the matching options (the oracle).
 * The CLI reads the same files with the matching flags in packages/cli/src/dialects.e2e.test.ts.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { InlineExecutor } from '@floe/scheduler';
import { describe, expect, it } from 'vitest';
import { col, readCsv, type ReadCsvOptions } from '../../index.js';
import { readCsvAnyBlocksize } from '../../api/read-csv.js';
import type { CellValue } from '../../table/table.js';

const DIR = fileURLToPath(new URL('../../../../../fixtures/dialects/', import.meta.url));
const fx = (name: string): string => join(DIR, name);
const inline = new InlineExecutor();

type Rows = Record<string, CellValue>[];

/** The rows at the default blocksize, after checking every blocksize from 1 to `upTo` gives the same. */
async function rowsOf(name: string, opts: ReadCsvOptions = {}, upTo = 12): Promise<Rows> {
  const whole = (await readCsv(fx(name), opts).compute({ executor: inline })).toRows();
  for (let blocksize = 1; blocksize <= upTo; blocksize++) {
    expect((await readCsvAnyBlocksize(fx(name), { ...opts, blocksize }).compute({ executor: inline })).toRows(), `${name} at blocksize ${blocksize}`).toEqual(whole);
  }
  return whole;
}

const schemaOf = (name: string, opts: ReadCsvOptions = {}): string[] => readCsv(fx(name), opts).schema.map((f) => `${f.name}:${f.dtype}`);

/** csv-parse's records of a fixture, with the options that match floe's. */
function oracle(name: string, options: Record<string, unknown>): string[][] {
  return parse(readFileSync(fx(name)), { bom: true, skip_empty_lines: true, relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r'], ...options }) as string[][];
}

/** floe's rows as strings, for comparison with the oracle's fields (nulls as ''). */
async function stringsOf(name: string, opts: ReadCsvOptions, upTo = 40): Promise<string[][]> {
  const names = readCsv(fx(name), opts).schema.map((f) => f.name);
  const asText = { ...opts, dtypes: Object.fromEntries(names.map((n) => [n, 'string' as const])), nullValues: [] };
  const rows = await rowsOf(name, asText, upTo);
  return rows.map((r) => names.map((n) => (r[n] === null ? '' : String(r[n]))));
}

describe('headers as exports write them', () => {
  it('a trailing delimiter on every line is not a column (pandas would add an all-empty "Unnamed: 2")', async () => {
    expect(schemaOf('trailing-delimiter.csv')).toEqual(['a:int64', 'b:string']);
    expect(await rowsOf('trailing-delimiter.csv')).toEqual([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
    expect(readCsv(fx('trailing-delimiter.csv')).plan.kind === 'scan' && (readCsv(fx('trailing-delimiter.csv')).plan as { source: { dialect: { trailingDelimiter: boolean } } }).source.dialect.trailingDelimiter).toBe(true);
  });

  it('a trailing delimiter on data rows only is detected from the sample, or refused with the option that reads it', async () => {
    expect(await rowsOf('trailing-delimiter-data-only.csv')).toEqual([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
    await expect(readCsv(fx('trailing-delimiter-data-only.csv'), { trailingDelimiter: false }).compute({ executor: inline })).rejects.toThrow(
      `${fx('trailing-delimiter-data-only.csv')}, line 2: expected 2 fields (as in the header), found 3: the row ends with a delimiter. pass trailingDelimiter: true (--trailing-delimiter) to read rows that end with a delimiter`,
    );
  });

  it('a value past the sample under a header read with a trailing delimiter names the option that reads it as a column (it suggested dropping the row)', async () => {
    const p = join(tmpdir(), `floe-trailing-late-${process.pid}.csv`);
    writeFileSync(p, `a,b,\n${Array.from({ length: 30_000 }, (_, i) => `${i},1,${i === 25_000 ? 'kept' : ''}`).join('\n')}\n`);
    await expect(readCsv(p).compute({ executor: inline })).rejects.toThrow(
      `${p}, line 25002: expected 2 fields (as in the header), found 3: its last field has a value where the header ends with a delimiter, read as a trailing one. pass trailingDelimiter: false (--no-trailing-delimiter) to read that last field as a column`,
    );
    const rows = (await readCsv(p, { trailingDelimiter: false }).filter(col('Unnamed: 2').isNotNull()).compute({ executor: inline })).toRows();
    rmSync(p);
    expect(rows).toEqual([{ a: 25000, b: 1, 'Unnamed: 2': 'kept' }]);
  });

  it("Excel's first line sep=; names the delimiter and is skipped (it was read as the header: sep=, Unnamed: 1)", async () => {
    expect(schemaOf('excel-sep.csv', { decimal: ',' })).toEqual(['name:string', 'amount:float64']);
    expect(await rowsOf('excel-sep.csv', { decimal: ',' })).toEqual([{ name: 'ann', amount: 1.5 }, { name: 'bob', amount: 2 }]);
    // a delimiter given wins; the line is still not a row
    expect(await rowsOf('excel-sep.csv', { delimiter: ';', header: false, names: ['n', 'a'] })).toEqual([{ n: 'name', a: 'amount' }, { n: 'ann', a: '1,5' }, { n: 'bob', a: '2' }]);
  });

  it('duplicate and empty names are made unique as pandas does (a, a.1, Unnamed: 2)', async () => {
    expect(schemaOf('duplicate-names.csv')).toEqual(['a:int64', 'a.1:int64', 'Unnamed: 2:int64', 'b:int64']);
    expect(await rowsOf('duplicate-names.csv')).toEqual([{ a: 1, 'a.1': 2, 'Unnamed: 2': 3, b: 4 }, { a: 5, 'a.1': 6, 'Unnamed: 2': 7, b: 8 }]);
  });

  it('names equal after NFC normalisation are duplicates; names are NFC; spaces are kept and shown quoted', () => {
    expect(schemaOf('nfc-nfd-names.csv')).toEqual(['café:int64', 'café.1:int64', ' id :int64']);
    expect(() => readCsv(fx('nfc-nfd-names.csv'), { dtypes: { id: 'string' } })).toThrow(
      'readCsv: dtypes names the column "id", which is not in the header (did you mean " id "?); columns: "café", "café.1", " id "',
    );
  });

  it('header: false with names, and without names (column_1, …)', async () => {
    const opts = { header: false, names: ['key', 'name', 'balance'], delimiter: '|' } as const;
    expect(schemaOf('no-header.tbl', opts)).toEqual(['key:int64', 'name:string', 'balance:float64']);
    expect(await rowsOf('no-header.tbl', opts)).toEqual([
      { key: 1, name: 'Customer#1', balance: 12.5 }, { key: 2, name: 'Customer#2', balance: 7.25 }, { key: 3, name: 'Customer#3', balance: 0 },
    ]);
    expect(schemaOf('no-header.tbl', { header: false })).toEqual(['column_1:int64', 'column_2:string', 'column_3:float64']);
    expect(() => readCsv(fx('no-header.tbl'), { header: false, names: ['a', 'b'] })).toThrow(`readCsv: names has 2 names but the first row of ${fx('no-header.tbl')} has 3 fields`);
    // names given are taken as given: one twice is refused, not renamed (pandas refuses them too)
    expect(() => readCsv(fx('no-header.tbl'), { header: false, names: ['a', 'b', 'a'], delimiter: '|' })).toThrow('readCsv: names gives "a" twice; name each column once');
  });

  it('by default a first row of numbers over number columns is data (as DuckDB reads it; it lost a row to the names); header: true keeps it as names', async () => {
    expect(schemaOf('numbers-no-header.csv')).toEqual(['column_1:float64', 'column_2:float64', 'column_3:float64', 'column_4:int64']);
    expect((await rowsOf('numbers-no-header.csv')).map((r) => r.column_1)).toEqual([5.1, 4.9, 4.7]);
    expect(schemaOf('numbers-no-header.csv', { header: true })).toEqual(['5.1:float64', '3.5:float64', '1.4:float64', '0:int64']);
    const t = (name: string, text: string): string => { const p = join(tmpdir(), `floe-dialects-${process.pid}-${name}`); writeFileSync(p, text); return p; };
    // two columns or fewer of numbers are data even when they read 0,1 / 1,2 (labels of 0/1, an edge list)
    expect(readCsv(t('labels.csv', '1\n0\n1\n1\n')).schema.map((f) => f.name)).toEqual(['column_1']);
    expect(readCsv(t('edges.csv', '1,2\n1,3\n2,4\n')).schema.map((f) => f.name)).toEqual(['column_1', 'column_2']);
    expect(readCsv(t('one-line.csv', '1,2,3\n')).schema.map((f) => f.name)).toEqual(['column_1', 'column_2', 'column_3']);
    // one column whose values hold a ; or | now and then: still one column
    expect((await readCsv(t('one-col.csv', 'comment\nhello; world\nfine\nok\nyes\n')).compute({ executor: inline })).toRows()).toHaveLength(4);
    // a ragged end is a row error, not "skip the first 151 lines"
    const ragged = t('ragged-end.csv', `a,b,c\n${Array.from({ length: 150 }, (_, i) => `${i},1,2`).join('\n')}\n1,2,3,4\n5,6,7,8\n9,9,9,9\n`);
    await expect(readCsv(ragged).compute({ executor: inline })).rejects.toThrow('line 152: expected 3 fields (as in the header), found 4');
    // a file of one line of numbers is one row (it was a header over no rows)
    expect(await rowsOf('one-number.csv')).toEqual([{ column_1: 42 }]);
    // pandas' labels of a frame made from an array (to_csv(index=False): 0,1,2) are a header
    expect(schemaOf('pandas-array-labels.csv')).toEqual(['0:float64', '1:float64', '2:int64']);
    // a text column, or a name that is not a number, keeps the first row as the header
    expect(schemaOf('padded-numbers.csv')).toEqual(['id:int64', 'v:int64']);
    expect(schemaOf('no-header.tbl', { delimiter: '|' })).toEqual(['1:int64', 'Customer#1:string', '12.5:float64']);
  });

  it("header: 'auto' reads a first row typed like the rest as data, and a first row of names as the header", async () => {
    expect(schemaOf('header-auto-data.csv', { header: 'auto' })).toEqual(['column_1:int64', 'column_2:float64', 'column_3:string']);
    expect(await rowsOf('header-auto-data.csv', { header: 'auto' })).toEqual([{ column_1: 1, column_2: 2.5, column_3: 'x' }, { column_1: 3, column_2: 4.5, column_3: 'y' }]);
    expect(schemaOf('header-auto-header.csv', { header: 'auto' })).toEqual(['id:int64', 'v:int64']);
  });
});

describe('tokenizer options, against csv-parse with the same options', () => {
  it('a comment prefix that starts with the delimiter is refused (every row with an empty first field was skipped as a comment)', () => {
    const p = join(tmpdir(), `floe-comment-${process.pid}.csv`);
    writeFileSync(p, 'a,b\n1,2\n,3\n');
    expect(() => readCsv(p, { comment: ',' })).toThrow(`readCsv: the comment prefix "," starts with the delimiter ",": every row whose first field is empty would be skipped; pass another comment prefix: comment: '#' (--comment '#')`);
    expect(() => readCsv(p, { comment: ';', delimiter: ';' })).toThrow(/comment prefix ";" starts with the delimiter ";"/);
    rmSync(p);
  });

  it("comment: '#' skips comment lines anywhere, at every blocksize (comment lines with quotes straddle range boundaries)", async () => {
    const opts = { comment: '#' };
    expect(await stringsOf('comments.csv', opts)).toEqual(oracle('comments.csv', { comment: '#', comment_no_infix: true }).slice(1));
    expect(await rowsOf('comments.csv', opts)).toEqual([{ id: 1, v: 10 }, { id: 2, v: 20 }, { id: 3, v: 30 }]);
  });

  it('skipRows skips leading junk lines before the header', async () => {
    expect(await rowsOf('skip-rows.csv', { skipRows: 2 })).toEqual([{ id: 1, v: 10 }, { id: 2, v: 20 }]);
    expect(() => readCsv(fx('skip-rows.csv'), { skipRows: 9 })).toThrow(`readCsv: ${fx('skip-rows.csv')} has fewer than 10 lines; skipRows: 9 skips them all`);
  });

  it("escape: '\\\\' reads backslash-escaped quotes (MySQL), also when one straddles a range boundary", async () => {
    const opts = { escape: '\\' };
    expect(await stringsOf('backslash-escape.csv', opts)).toEqual(oracle('backslash-escape.csv', { escape: '\\' }).slice(1));
    expect((await rowsOf('backslash-escape.csv', opts)).map((r) => r.text)).toEqual(['say "hi"', 'back\\slash', 'multi\nline "q"', 'plain']);
  });

  it("escape: '\\\\' — a bad value in a row with an escaped quote is reported as such, not as a row of the wrong width (nor dropped by onBadLines: 'skip')", async () => {
    const path = join(tmpdir(), `floe-escape-width-${process.pid}.csv`);
    writeFileSync(path, 'a,s,n\n1,"x",2\n1,"a\\",b",oops\n3,"y",4\n');
    try {
      for (const onBadLines of ['error', 'skip'] as const) {
        await expect(readCsv(path, { escape: '\\', onBadLines, dtypes: { n: 'int64' } }).compute({ executor: inline }))
          .rejects.toThrow(/line 3, column "n": value does not match the column's type int64.*"oops"/);
      }
      // a row that is too wide is still one
      writeFileSync(path, 'a,s,n\n1,"x",2\n1,"a\\",b",5,6\n3,"y",4\n');
      const t = await readCsv(path, { escape: '\\', onBadLines: 'skip' }).compute({ executor: inline });
      expect([t.toRows(), t.skippedRows]).toEqual([[{ a: 1, s: 'x', n: 2 }, { a: 3, s: 'y', n: 4 }], 1]);
    } finally {
      rmSync(path, { force: true });
    }
  });

  it("quote: \"'\" quotes with single quotes (a double quote is then a plain character)", async () => {
    expect(await stringsOf('single-quote.csv', { quote: "'" })).toEqual(oracle('single-quote.csv', { quote: "'", escape: "'" }).slice(1));
    expect((await rowsOf('single-quote.csv', { quote: "'" })).map((r) => r.text)).toEqual(['a,b', "it's", '"double"']);
  });

  it("a multi-character delimiter ('||')", async () => {
    const opts = { delimiter: '||' };
    expect(await stringsOf('multi-char-delimiter.csv', opts)).toEqual(oracle('multi-char-delimiter.csv', { delimiter: '||' }).slice(1));
    expect(await rowsOf('multi-char-delimiter.csv', opts)).toEqual([{ id: 1, name: 'a|b', v: 1.5 }, { id: 2, name: 'x||y', v: 2 }, { id: 3, name: 'z', v: null }]);
  });

  it('a quote inside an unquoted field is read literally by default (as DuckDB, Python csv, pandas); strictQuotes refuses it', async () => {
    expect(await stringsOf('literal-quote.csv', {})).toEqual(oracle('literal-quote.csv', { relax_quotes: true }).slice(1));
    expect(await rowsOf('literal-quote.csv')).toEqual([{ id: 1, lat: '37°36\'37.8"N' }, { id: 2, lat: '12°0\'0.0"S' }]);
    expect(() => readCsv(fx('literal-quote.csv'), { strictQuotes: true })).toThrow(`${fx('literal-quote.csv')}, line 2: a quote inside an unquoted field`);
  });
});

describe('numbers and ragged rows', () => {
  it("decimal: ',' with thousands: '.' (European exports)", async () => {
    const opts = { delimiter: ';', decimal: ',', thousands: '.' };
    expect(schemaOf('decimal-comma.csv', opts)).toEqual(['name:string', 'v:float64', 'n:int64']);
    expect(await rowsOf('decimal-comma.csv', opts)).toEqual([{ name: 'x', v: 1234.5, n: 1000 }, { name: 'y', v: 2.25, n: 12 }]);
    expect(schemaOf('decimal-comma.csv', { delimiter: ';' })).toEqual(['name:string', 'v:string', 'n:float64']);
  });

  it("thousands: ','", async () => {
    expect(await rowsOf('thousands.csv', { thousands: ',' })).toEqual([{ id: 1, v: 1234 }, { id: 2, v: 12345678 }, { id: 3, v: 5 }]);
  });

  it('numbers with spaces around them are numbers (as DuckDB reads them)', async () => {
    expect(schemaOf('padded-numbers.csv')).toEqual(['id:int64', 'v:int64']);
    expect(await rowsOf('padded-numbers.csv')).toEqual([{ id: 5, v: 7 }, { id: 6, v: 8 }]);
  });

  it("NaN is a float's value when nullValues leaves it out (as Polars and DuckDB read it; it was a type error), and null by default (pandas)", async () => {
    expect(schemaOf('nan-values.csv', { nullValues: [''] })).toEqual(['id:int64', 'v:string']);
    expect(await rowsOf('nan-values.csv', { nullValues: ['', 'NA'] })).toEqual([
      { id: 1, v: 1.5 }, { id: 2, v: NaN }, { id: 3, v: NaN }, { id: 4, v: null }, { id: 5, v: Infinity }, { id: 6, v: null },
    ]);
    expect((await rowsOf('nan-values.csv')).map((r) => r.v)).toEqual([1.5, null, null, null, Infinity, null]);
    // past the sample, through the fast row scanner
    const big = join(tmpdir(), `floe-nan-${process.pid}.csv`);
    writeFileSync(big, `v\n${Array.from({ length: 30_000 }, (_, i) => (i % 1000 === 999 ? 'NaN' : String(i / 4))).join('\n')}\n`);
    const v = (await readCsv(big, { nullValues: [''] }).compute({ executor: inline })).toRows().map((r) => r.v as number);
    rmSync(big);
    expect(v.filter((x) => Number.isNaN(x)).length).toBe(30);
    expect(v[1]).toBe(0.25);
  });

  it("onBadLines: 'pad' fills the fields missing from short rows with nulls", async () => {
    expect(await rowsOf('short-rows.csv', { onBadLines: 'pad' })).toEqual([{ a: 1, b: 2, c: 3 }, { a: 4, b: 5, c: null }, { a: 6, b: null, c: null }]);
  });

  it('a short junk row is a field-count error, not a type error, and onBadLines skip drops it', async () => {
    await expect(readCsv(fx('junk-footer.csv'), { sampleSize: 12 }).compute({ executor: inline })).rejects.toThrow(
      `${fx('junk-footer.csv')}, line 4: expected 2 fields (as in the header), found 1`,
    );
    expect((await readCsv(fx('junk-footer.csv'), { sampleSize: 12, onBadLines: 'skip' }).compute({ executor: inline })).toRows()).toEqual([{ id: 1, v: 10 }, { id: 2, v: 20 }]);
  });

  it('a file of one column reads a blank line as a null row (as DuckDB and Polars; how writeCsv writes a null there)', async () => {
    expect(await rowsOf('one-column-blank-lines.csv')).toEqual([{ v: 1 }, { v: null }, { v: 3 }, { v: null }, { v: 5 }, { v: null }]);
    expect(await readCsv(fx('one-column-blank-lines.csv')).count()).toBe(6);
    expect((await readCsv(fx('one-column-blank-lines.csv'), { dtypes: { v: 'string' } }).compute({ executor: inline })).toRows().map((r) => r.v)).toEqual(['1', null, '3', null, '5', null]);
    // the general tokenizer (a comment prefix): comment lines are still skipped, blank ones are rows
    expect(await rowsOf('one-column-comments.csv', { comment: '#' })).toEqual([{ name: 'ann' }, { name: null }, { name: 'bob' }, { name: '' }, { name: null }]);
  });

  it('blank lines before the header do not hide the delimiter (every candidate counted 0 fields on them: one column of "x;y;z")', async () => {
    expect(schemaOf('blank-line-before-header.csv')).toEqual(['x:int64', 'y:int64', 'z:int64']);
    expect(await rowsOf('blank-line-before-header.csv')).toEqual([{ x: 1, y: 2, z: 3 }, { x: 4, y: 5, z: 6 }]);
    expect(await rowsOf('comment-blank-then-header.tsv', { comment: '#' })).toEqual([{ x: 1, y: 2, z: 3 }]);
  });

  it('# metadata lines before the header are named with the options that skip them (the first was read as a one-column header); a header that starts with # is kept', async () => {
    expect(() => readCsv(fx('metadata-lines.csv'))).toThrow(`readCsv: ${fx('metadata-lines.csv')}: the first line starts with # and has 2 fields, but the other lines have 3 (split by ","): if # starts comment lines, pass comment: '#' (--comment '#'), or skipRows: 3 (--skip-rows 3)`);
    const want = [{ id: 1, name: 'x', v: 2.5 }, { id: 2, name: 'y', v: 3 }];
    expect(await rowsOf('metadata-lines.csv', { comment: '#' })).toEqual(want);
    expect(await rowsOf('metadata-lines.csv', { skipRows: 3 })).toEqual(want);
    // a # header read another way is not refused: trailing delimiters, R row names, bad lines dropped
    const text = (name: string, t: string): string => { const p = join(tmpdir(), `floe-dialects-${process.pid}-${name}`); writeFileSync(p, t); return p; };
    expect((await readCsv(text('hash-trailing.csv', '#id,v\n1,2,\n3,4,\n')).compute({ executor: inline })).toRows()).toEqual([{ '#id': 1, v: 2 }, { '#id': 3, v: 4 }]);
    expect(readCsv(text('hash-rownames.csv', '#a,b\nr1,1,2\nr2,3,4\n')).schema.map((f) => f.name)).toEqual(['Unnamed: 0', '#a', 'b']);
    expect((await readCsv(text('hash-skip.csv', '#,name\n1,ann\n2,bob,extra\n'), { onBadLines: 'skip' }).compute({ executor: inline })).toRows()).toEqual([{ '#': 1, name: 'ann' }]);
  });

  it("R's write.table (a header one field shorter than every row, which starts with its row name) reads the row names as a first column Unnamed: 0, as pandas", async () => {
    expect(schemaOf('r-row-names.txt')).toEqual(['Unnamed: 0:int64', 'a:string', 'b:float64']);
    expect(await rowsOf('r-row-names.txt')).toEqual([{ 'Unnamed: 0': 1, a: 'x', b: 2.5 }, { 'Unnamed: 0': 2, a: 'y', b: 3 }]);
    // a title one field short of the header is not R's header: its next line is text over numbers
    expect(() => readCsv(fx('title-one-field-short.csv'))).toThrow('the first line has fewer fields than the 3 rows after them (3, split by ","): if they are a title or notes, pass skipRows: 1');
  });

  it("a header of one name over two fields of digits (`Betrag` over `1,5`): R's row names, said once with the --decimal fix; with decimal ',' a one-column file of decimal commas", async () => {
    const p = join(tmpdir(), `floe-dialects-${process.pid}-betrag.csv`);
    writeFileSync(p, 'Betrag\n1,5\n2,5\n3,25\n');
    const warnings: string[] = [];
    const onWarning = (w: Error) => { if (w.name === 'FloeWarning') warnings.push(w.message); };
    process.on('warning', onWarning);
    try {
      expect(readCsv(p).schema.map((f) => f.name)).toEqual(['Unnamed: 0', 'Betrag']);
      readCsv(p);
      await new Promise((r) => setImmediate(r));
      expect(warnings).toEqual([`${p}: its header has one name ("Betrag") and its rows two fields of digits (1,5): read as R's row names and that column; if they are numbers with a decimal comma, pass decimal: ',' (--decimal ,)`]);
    } finally {
      process.off('warning', onWarning);
    }
    // decimal ',' on it was refused as a comma-separated file (it has one name, without a comma)
    expect((await readCsv(p, { decimal: ',' }).agg(col('Betrag').sum().alias('s')).compute({ executor: inline })).toRows()).toEqual([{ s: 7.25 }]);
    const two = join(tmpdir(), `floe-dialects-${process.pid}-ab.csv`);
    writeFileSync(two, 'a,b\n1,2\n3,4\n');
    expect(() => readCsv(two, { decimal: ',' })).toThrow(/looks comma-separated/);
  });

  it("a title or # lines over a ';' file: the delimiter is the one most lines share, and the lines are named with the option that skips them (it read one text column)", async () => {
    expect(() => readCsv(fx('title-line-semicolon.csv'))).toThrow(`readCsv: ${fx('title-line-semicolon.csv')}: the first line has fewer fields than the 3 rows after them (3, split by ";"): if they are a title or notes, pass skipRows: 1 (--skip-rows 1) to start at the header`);
    expect(await rowsOf('title-line-semicolon.csv', { skipRows: 1 })).toEqual([{ station: 'A', temp: 1.5, rain: 0 }, { station: 'B', temp: 2.5, rain: 3 }]);
    expect(() => readCsv(fx('hash-lines-semicolon.csv'))).toThrow(`readCsv: ${fx('hash-lines-semicolon.csv')}: the first line starts with # and has 1 field, but the other lines have 3 (split by ";"): if # starts comment lines, pass comment: '#' (--comment '#')`);
    expect(await rowsOf('hash-lines-semicolon.csv', { comment: '#' })).toEqual([{ id: 1, name: 'Britain', population: 67 }, { id: 2, name: 'France', population: 68 }]);
  });

  it("quote: '' reads quotes as plain characters (IMDB's title.basics.tsv); the error after a closing quote names it", async () => {
    expect(() => readCsv(fx('literal-quotes.tsv'))).toThrow(
      `${fx('literal-quotes.tsv')}, line 2: unexpected character " " after a closing quote. a quoted field must end at a delimiter or the end of the line; if quotes are plain characters in this file, pass quote: '' (--quote '')`,
    );
    expect(await rowsOf('literal-quotes.tsv', { quote: '' })).toEqual([{ title: '"Swing it" magistern', year: 1940 }, { title: 'Say "hi"', year: 1950 }, { title: '"Quoted"', year: 1960 }]);
    // a NUL where a field starts, past the sample, is an error (it stands for the absent quote: it swallowed rows)
    const nul = join(tmpdir(), `floe-dialects-${process.pid}-nul.tsv`);
    writeFileSync(nul, `a\tb\n${Array.from({ length: 30_000 }, (_, i) => `${i}\tx`).join('\n')}\n1\t\u0000y\n2\tz\n`);
    await expect(readCsv(nul, { quote: '', sampleSize: 4096 }).count()).rejects.toThrow('line 30002: a NUL byte (binary data, not text)');
    expect(() => readCsv(fx('literal-quotes.tsv'), { quote: 'ab' })).toThrow("readCsv: quote must be one ASCII character other than a newline (or '' for no quoting), got \"ab\"");
  });

  it('spaces between a closing quote and the delimiter or line end are dropped (as DuckDB; they were an error)', async () => {
    expect(await rowsOf('spaces-after-quote.csv')).toEqual([{ a: 'onions', b: ',' }, { a: 'x', b: 'y' }]);
  });

  it("encoding: 'latin1' reads a Windows/Excel export (é as one byte, € as 0x80) transcoded to UTF-8, also gzip-compressed; without it the error names the option", async () => {
    const want = [{ ville: 'Montréal', prix: 12.5, note: 'très bien' }, { ville: 'Zürich', prix: 8, note: '€ 3' }, { ville: 'São Paulo', prix: 7.25, note: null }];
    expect(await rowsOf('latin1.csv', { encoding: 'latin1', decimal: ',' })).toEqual(want);
    const gz = join(tmpdir(), `floe-dialects-${process.pid}-latin1.csv.gz`);
    writeFileSync(gz, gzipSync(readFileSync(fx('latin1.csv'))));
    expect((await readCsv(gz, { encoding: 'windows-1252', decimal: ',' }).compute({ executor: inline })).toRows()).toEqual(want);
    await expect(readCsv(fx('latin1.csv'), { decimal: ',' }).compute({ executor: inline })).rejects.toThrow("pass encoding: 'latin1' (--encoding latin1) for a Windows or Excel export");
  });

  it('line numbers count lone-CR line ends', async () => {
    await expect(readCsv(fx('cr-only-short-row.csv'), { sampleSize: 8 }).compute({ executor: inline })).rejects.toThrow(`${fx('cr-only-short-row.csv')}, line 4: expected 2 fields`);
  });
});

describe('input that is not UTF-8 CSV is named, not read as garbage', () => {
  it('UTF-16 with a byte order mark', () => {
    expect(() => readCsv(fx('utf16.csv'))).toThrow(`readCsv: ${fx('utf16.csv')} is UTF-16 text (it starts with the byte order mark FF FE, little-endian); floe reads UTF-8`);
  });
});
