/**
 * The catalogue of bad input, one test per case, each with the exact behaviour: an error that
 * names where and what (and how to fix it), or a defined reading of the bytes.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { col, readCsv, CsvError, when } from './index.js';
import { InlineExecutor } from '@floe/scheduler';
import { readCsvAnyBlocksize } from './api/read-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-bad-'));
function file(name: string, text: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const rows = async (p: string, opts: Parameters<typeof readCsv>[1] = {}) => (await readCsv(p, opts).compute()).toRows();
/** Partitions of a few bytes (below readCsv's floor), to test row alignment. */
const tinyRows = async (p: string, opts: Parameters<typeof readCsv>[1] = {}) => (await readCsvAnyBlocksize(p, opts).compute()).toRows();

describe('paths', () => {
  test('a path that does not exist', () => {
    expect(() => readCsv(join(dir, 'nope.csv'))).toThrow(`readCsv: no such file or directory: ${join(dir, 'nope.csv')}`);
  });
  test('not a path: a Buffer, undefined, an object, a list holding a number, an empty string', () => {
    expect(() => readCsv(Buffer.from('a,b\n1,2\n') as never)).toThrow('readCsv takes a path, a glob or a list of them (strings or file: URLs), got a Buffer of 8 bytes (file contents: readCsv reads files, so write them to a file first, or build rows with fromRows())');
    expect(() => readCsv(undefined as never)).toThrow('readCsv takes a path, a glob or a list of them (strings or file: URLs), got undefined');
    expect(() => readCsv({ path: 'x.csv' } as never)).toThrow('readCsv takes a path, a glob or a list of them (strings or file: URLs), got an object (Object)');
    expect(() => readCsv([7, join(dir, 'x.csv')] as never)).toThrow('readCsv: path 1 of the list is number 7, not a string');
    expect(() => readCsv('')).toThrow('readCsv: an empty path');
  });
  test('a file named twice (overlapping globs, or a glob and the file) is read once', async () => {
    const d = join(dir, 'twice');
    mkdirSync(d);
    writeFileSync(join(d, 'a.csv'), 'x\n1\n2\n');
    writeFileSync(join(d, 'b.csv'), 'x\n3\n');
    expect(await readCsv([join(d, '*.csv'), join(d, 'a.csv'), join(d, 'a*.csv')]).count()).toBe(3);
    expect(readCsv([join(d, 'a.csv'), join(d, 'a.csv')]).files.map((f) => f.path)).toEqual([join(d, 'a.csv')]);
  });
  test('a file: URL is its path, alone or in a list; another URL is refused, naming it', async () => {
    const p = file('by-url.csv', 'k,v\na,1\nb,2\n');
    const url = new URL(`file://${p}`);
    expect(await readCsv(url).count()).toBe(2);
    expect(readCsv([url, p]).files.map((f) => f.path)).toEqual([p]);
    expect(() => readCsv(new URL('https://example.com/data.csv'))).toThrow('readCsv reads local files; got the URL https://example.com/data.csv');
  });
  test('writeCsv takes a file: URL for its folder, and refuses another URL', async () => {
    const p = file('to-url.csv', 'k,v\na,1\nb,2\n');
    const out = join(dir, 'out-by-url');
    const res = await readCsv(p).writeCsv(new URL(`file://${out}/`), { executor: new InlineExecutor() });
    expect(res.rows).toBe(2);
    expect(readdirSync(out).filter((f) => f.endsWith('.csv'))).toHaveLength(1);
    await expect(readCsv(p).writeCsv(new URL('s3://bucket/out/'))).rejects.toThrow('writeCsv writes local files; got the URL s3://bucket/out/');
  });
  test('a write without a folder, or with something else, names what it got (it was Node\'s "paths[0]" argument error)', async () => {
    const df = readCsv(file('no-dir.csv', 'k,v\na,1\n'));
    const loose = df as unknown as Record<string, (dir?: unknown) => Promise<unknown>>;
    await expect(loose.writeCsv()).rejects.toThrow('writeCsv(dir) takes the folder to write its part files into, as a path or a file: URL; got undefined');
    await expect(loose.writeNdjson(123)).rejects.toThrow('writeNdjson(dir) takes the folder to write its part files into, as a path or a file: URL; got number 123');
    await expect(loose.writeParquet('')).rejects.toThrow('writeParquet(dir) takes the folder to write its part files into, as a path or a file: URL; got an empty string');
  });
  test('a glob that matches nothing', () => {
    expect(() => readCsv(join(dir, 'zzz-*.csv'))).toThrow(`readCsv: the pattern ${JSON.stringify(join(dir, 'zzz-*.csv'))} matched no files`);
  });
  test('a directory without CSV files', () => {
    const d = join(dir, 'empty-dir');
    mkdirSync(d);
    writeFileSync(join(d, 'notes.txt'), 'x');
    expect(() => readCsv(d)).toThrow(`readCsv: the directory ${d} contains no .csv, .csv.gz, .csv.zst, .tsv, .tsv.gz or .tsv.zst files`);
  });
  test('a directory of .tsv files (and no .csv) reads them; beside .csv files they are left out', async () => {
    const d = join(dir, 'tsv-dir');
    mkdirSync(d);
    writeFileSync(join(d, 'a.tsv'), 'k\tv\nx\t1\n');
    writeFileSync(join(d, 'B.TSV'), 'k\tv\ny\t2\n');
    expect(await readCsv(d).agg(col('v').sum()).compute().then((t) => t.toRows())).toEqual([{ v: 3 }]);
    writeFileSync(join(d, 'c.csv'), 'k,v\nz,10\n');
    expect(await readCsv(d).agg(col('v').sum()).compute().then((t) => t.toRows())).toEqual([{ v: 10 }]);
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
  test('a header and no rows, grouped by a string key: no groups (no partitions must not crash the gather)', async () => {
    const p = file('header-only-groups.csv', 'k,v\n');
    const t = await readCsv(p, { dtypes: { k: 'string', v: 'int64' } }).groupBy('k').agg(col('v').sum()).compute();
    expect([t.numRows, t.schema]).toEqual([0, [{ name: 'k', dtype: 'string' }, { name: 'v', dtype: 'int64' }]]);
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
    expect(await tinyRows(p, { blocksize: 1000 })).toEqual([{ a: 1, b: long }, { a: 2, b: 'short' }]);
  });
  test('a single line with no newline at the end', async () => {
    expect(await rows(file('no-eol.csv', 'a,b\n1,2'))).toEqual([{ a: 1, b: 2 }]);
  });
  test('mixed CRLF and LF line endings', async () => {
    expect(await tinyRows(file('mixed-eol.csv', 'a,b\r\n1,x\n2,y\r\n3,z\n'), { blocksize: 3 })).toEqual([{ a: 1, b: 'x' }, { a: 2, b: 'y' }, { a: 3, b: 'z' }]);
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
    expect((err as Error).message).toBe(`${p}, line 25002, column "x": value does not match the column's type int64 (inferred from the sampled rows) (value "1e5"). fix: readCsv(..., { dtypes: { "x": 'float64' } }) or --dtype x=float64, or onTypeMismatch: 'widen' (--on-type-mismatch widen)`);
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
  test('one name where a list is expected (parseDates, nullValues) is that one name, not its letters', async () => {
    const p = file('one-name.csv', 'when,a\n2024-01-03,NA\n2024-02-04,N\n2024-03-05,A\n');
    // nullValues: 'NA' used to null "N" and "A" and keep "NA": a silent wrong answer
    expect(await rows(p, { nullValues: 'NA' })).toEqual(await rows(p, { nullValues: ['NA'] }));
    expect((await rows(p, { nullValues: 'NA' })).map((r) => r.a)).toEqual([null, 'N', 'A']);
    expect(readCsv(p, { parseDates: 'when' }).dtypes.when).toBe('timestamp');
  });
  test('dates that do not parse: an error with the location, or null with dateErrors', async () => {
    const body = Array.from({ length: 20_000 }, (_, i) => `2020-01-01 00:00:${String(i % 60).padStart(2, '0')},${i}`);
    body[15_000] = '31/12/2020,15000';
    const p = file('bad-date.csv', `d,x\n${body.join('\n')}\n`);
    await expect(readCsv(p, { parseDates: ['d'], sampleSize: 4096 }).compute()).rejects.toThrow(`${p}, line 15002, column "d": value is not an ISO date/time (timestamp) (value "31/12/2020")`);
    const t = await readCsv(p, { parseDates: ['d'], sampleSize: 4096, dateErrors: 'null' }).agg(col('d').count(), col('*').count().alias('n')).compute();
    expect(t.toRows()).toEqual([{ d: 19_999, n: 20_000 }]);
  });
  test('a text column summed: the error names the value that made it text, or that there were no rows', async () => {
    const p = file('text-col.csv', 'k,v\n1,2\n2,n/a?\n3,4\n');
    expect(() => readCsv(p).agg(col('v').sum())).toThrow(`sum() needs a numeric column, but col("v") is string (inferred from the value "n/a?" at ${p} line 3)`);
    expect(readCsv(p).typeNotes).toEqual({ v: `inferred from the value "n/a?" at ${p} line 3` });
    // several columns made text on different lines (CRLF, a blank line, a quoted line break): each its own line
    const m = file('text-cols.csv', 'a,b,c\r\n1,x,3\r\n\r\n2,5,"two\nlines"\r\ny,6,7\r\n');
    expect(readCsv(m).typeNotes).toEqual({ a: `inferred from the value "y" at ${m} line 6`, b: `inferred from the value "x" at ${m} line 2`, c: `inferred from the value "two\\nlines" at ${m} line 4` });
    const h = file('header-only-sum.csv', 'a,b\n');
    expect(() => readCsv(h).agg(col('b').sum())).toThrow(
      `sum() needs a numeric column, but col("b") is string (the files have no data rows to infer types from; pass dtypes: { "b": 'float64' } (--dtype b=float64) to give it a type)`);
    expect((await readCsv(h, { dtypes: { b: 'float64' } }).agg(col('b').sum()).compute()).toRows()).toEqual([{ b: 0 }]); // an empty sum is 0, as in Polars
  });
  test('errors that recommend a library option name its CLI flag too', async () => {
    const p = file('not-dates.csv', 'd\n2020-01-01\nsoon\n');
    expect(() => readCsv(p, { parseDates: ['d'] })).toThrow(`readCsv: parseDates column "d" has values that are not ISO dates, e.g. "soon" at ${p} line 3; pass dateErrors: 'null' (--date-errors null) to read them as null`);
  });
  test('a column name that does not exist lists the columns and the closest match', () => {
    const p = file('cols.csv', 'price,quantity\n1,2\n');
    expect(() => readCsv(p).select(col('quantty'))).toThrow('column "quantty" not found (did you mean "quantity"?); available columns: "price", "quantity"');
  });
});

describe('names that are also JavaScript object keys', () => {
  test('columns named constructor, toString, valueOf, hasOwnProperty and __proto__ are ordinary columns', async () => {
    const p = file('proto-names.csv', 'constructor,toString,valueOf,hasOwnProperty,__proto__\n2010-01-01 00:00:00,2,3,4,5\n2011-06-01 00:00:00,7,8,9,10\n');
    const df = readCsv(p, { parseDates: ['constructor'], dtypes: { toString: 'int64' as const } });
    expect(df.schema.map((f) => f.dtype)).toEqual(['timestamp', 'int64', 'int64', 'int64', 'int64']);
    const t = await df.groupBy(col('constructor').dt.year()).agg(col('valueOf').sum(), col('__proto__').max(), col('hasOwnProperty').mean()).compute();
    // ['__proto__'] (computed) is an own key; a literal `__proto__:` would set the prototype
    expect(t.toRows()).toEqual([{ constructor: 2010, valueOf: 3, ['__proto__']: 5, hasOwnProperty: 4 }, { constructor: 2011, valueOf: 8, ['__proto__']: 10, hasOwnProperty: 9 }]);
    expect(Object.hasOwn(t.toRows()[0], '__proto__')).toBe(true);
    expect(t.toArrow().schema.fields.map((f) => f.name)).toEqual(['constructor', 'valueOf', '__proto__', 'hasOwnProperty']);
    expect((await readCsv(p).compute()).toRows()[1]).toEqual({ constructor: '2011-06-01 00:00:00', toString: 7, valueOf: 8, hasOwnProperty: 9, ['__proto__']: 10 });
  });
});

describe('sizes', () => {
  test('a table of 150 000 rows prints its head and tail (no stack overflow)', async () => {
    const p = file('tall.csv', `i\n${Array.from({ length: 150_000 }, (_, i) => i).join('\n')}\n`);
    const lines = (await readCsv(p).compute()).toString({ maxRows: 4 }).split('\n');
    expect(lines.slice(0, 1).concat(lines.slice(6))).toEqual(['shape: (150000, 1)', '│      0 │', '│      1 │', '│ …      │', '│ 149998 │', '│ 149999 │', '└────────┘']);
  });
  test('a blocksize below 64 KiB is raised to it, with a warning', async () => {
    const p = file('small-blocks.csv', 'a\n1\n');
    const warnings: string[] = [];
    const onWarning = (w: Error): void => { warnings.push(w.message); };
    process.on('warning', onWarning);
    try {
      expect(readCsv(p, { blocksize: 1 }).blocksize).toBe(64 * 1024);
      expect(readCsv(p, { blocksize: '64KB' }).blocksize).toBe(64 * 1024);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual(['blocksize 1 bytes is below the minimum of 64 KiB; using 64 KiB']);
  });
  test('an and-chain of 5000 terms is a balanced tree; a 1000-deep arithmetic chain is refused with the limit', async () => {
    const p = file('deep.csv', 'a\n1\n2\n');
    let where = col('a').gt(0);
    for (let i = 1; i < 5000; i++) where = where.and(col('a').gt(0));
    expect(await readCsv(p).filter(where).count()).toBe(2);
    let sum = col('a');
    for (let i = 0; i < 1000; i++) sum = sum.add(1);
    expect(() => readCsv(p).filter(sum.gt(0))).toThrow("an expression is nested 1002 levels deep (1000 nested 'add' starting at col(\"a\")); the limit is 1000. and/or chains may be any length; split other long chains into steps (withColumns)");
  });
  test('and-chains and deep arithmetic inside when(), isIn() and string functions are balanced and limited too', async () => {
    const p = file('deep-when.csv', 'a\n1\n2\n');
    let cond = col('a').gt(0);
    for (let i = 1; i < 5000; i++) cond = cond.and(col('a').gt(0));
    const out = await readCsv(p).withColumns(when(cond, 1, 0).alias('w')).select('w').compute();
    expect(out.toRows()).toEqual([{ w: 1 }, { w: 1 }]);
    let sum = col('a');
    for (let i = 0; i < 1000; i++) sum = sum.add(1);
    expect(() => readCsv(p).filter(sum.isIn([5]))).toThrow('an expression is nested 1002 levels deep');
    expect(() => readCsv(p).withColumns(when(sum.gt(0), 1, 0).alias('w'))).toThrow('the limit is 1000');
  });
});

describe('files that change or hide', () => {
  test('a file truncated after readCsv planned it: "file changed while reading", not a hang', async () => {
    const p = file('truncated.csv', `a\n${Array.from({ length: 20_000 }, (_, i) => i).join('\n')}\n`);
    const df = readCsv(p);
    const size = statSync(p).size;
    truncateSync(p, 1000);
    await expect(df.count()).rejects.toThrow(`${p}: file changed while reading: it was ${size} bytes when the query was planned, now 1000. floe reads a file in byte ranges planned when readCsv() opened it`);
  });
  test('a folder\'s files ending in .CSV (any case) are read', async () => {
    const d = join(dir, 'upper-ext');
    mkdirSync(d);
    writeFileSync(join(d, 'a.csv'), 'x\n1\n');
    writeFileSync(join(d, 'B.CSV'), 'x\n2\n');
    writeFileSync(join(d, 'c.Csv'), 'x\n3\n');
    writeFileSync(join(d, 'notes.txt'), 'x\n4\n');
    expect(readCsv(d).files.map((f) => f.path)).toEqual([join(d, 'B.CSV'), join(d, 'a.csv'), join(d, 'c.Csv')]);
    expect(await readCsv(d).agg(col('x').sum()).compute().then((t) => t.toRows())).toEqual([{ x: 6 }]);
  });
});

describe('type inference', () => {
  test('rows longer than the sample: the sample grows to whole rows, so numbers stay numbers (max is 100, not "9")', async () => {
    const blob = 'x'.repeat(5000);
    const p = file('long-rows.csv', `id,v,blob\n${Array.from({ length: 30 }, (_, i) => `${i},${[9, 100, 55][i % 3]},${blob}`).join('\n')}\n`);
    const df = readCsv(p, { sampleSize: 1024 });
    expect(df.schema).toEqual([{ name: 'id', dtype: 'int64' }, { name: 'v', dtype: 'int64' }, { name: 'blob', dtype: 'string' }]);
    expect((await df.agg(col('v').max()).compute()).toRows()).toEqual([{ v: 100 }]);
  });
  test('skipped bad lines do not vote on types: a junk footer neither fails nor widens a column', async () => {
    const p = file('junk-footer.csv', 'a,b\n1,2\n3,4\nTotal rows: 2\n');
    expect(readCsv(p, { onBadLines: 'skip' }).schema).toEqual([{ name: 'a', dtype: 'int64' }, { name: 'b', dtype: 'int64' }]);
    const t = await readCsv(p, { onBadLines: 'skip', onTypeMismatch: 'widen' }).compute();
    expect(t.schema).toEqual([{ name: 'a', dtype: 'int64' }, { name: 'b', dtype: 'int64' }]);
    expect([t.toRows(), t.skippedRows]).toEqual([[{ a: 1, b: 2 }, { a: 3, b: 4 }], 1]);
    // a row with the right number of fields still fails on its bad value (here, between the samples)
    const body = Array.from({ length: 1000 }, (_, i) => (i === 500 ? 'Total,2' : `${i},2`));
    const q = file('bad-value.csv', `a,b\n${body.join('\n')}\n`);
    await expect(readCsv(q, { onBadLines: 'skip', sampleSize: 8 }).compute()).rejects.toThrow(/line 502, column "a": value does not match the column's type int64/);
  });
  test('a junk row cut by the reader\'s 1 MiB window is still skipped whole', async () => {
    const rows: string[] = [];
    let bytes = 4;
    for (let i = 0; bytes < (1 << 20) - 20; i++) { const r = `${i},${i % 7}`; rows.push(r); bytes += r.length + 1; }
    rows.push(`junk ${'z'.repeat(100)}`); // straddles byte 1 048 576
    rows.push('1,1');
    const p = file('junk-at-window.csv', `a,b\n${rows.join('\n')}\n`);
    const t = await readCsv(p, { onBadLines: 'skip', dtypes: { a: 'int64', b: 'int64' } }).agg(col('*').count().alias('n')).compute();
    expect([t.toRows(), t.skippedRows]).toEqual([[{ n: rows.length - 1 }], 1]);
  });
});

describe('writeCsv temp folders', () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const writer = (out: string): string => `
    const m = await import(${JSON.stringify(join(root, 'packages/dataframe/dist/index.js'))});
    const src = ${JSON.stringify(join(dir, 'to-write.csv'))};
    await m.readCsv(src, { blocksize: '64KB' }).filter(m.col('a').gt(-1)).writeCsv(${JSON.stringify(out)});`;
  const hidden = (d: string): string[] => readdirSync(d).filter((n) => n.startsWith('.floe-tmp-'));
  /** The 2 M-row file the children read (written once, by whichever test runs first). */
  const source = (): string => {
    const p = join(dir, 'to-write.csv');
    if (!existsSync(p)) writeFileSync(p, `a\n${Array.from({ length: 2_000_000 }, (_, i) => i).join('\n')}\n`);
    return p;
  };

  async function killWhileWriting(out: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    mkdirSync(out, { recursive: true });
    const child = spawn(process.execPath, ['--input-type=module', '-e', writer(out)], { stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (code, sig) => res({ code, signal: sig })));
    for (let i = 0; i < 600 && hidden(out).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(hidden(out)).toHaveLength(1);
    child.kill(signal);
    return exited;
  }

  test('SIGTERM or SIGINT during writeCsv removes the temp folder, and the process still dies of the signal', async () => {
    source();
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const out = join(dir, `killed-${signal}`);
      expect(await killWhileWriting(out, signal)).toEqual({ code: null, signal });
      expect({ signal, left: readdirSync(out) }).toEqual({ signal, left: [] });
    }
  }, 120_000);

  test('SIGINT during a writeCsv that spills (a sort on a small budget) removes its temp and spill folders, and the process dies of it (each cleanup took the other for the application and the signal was ignored)', async () => {
    const out = join(dir, 'killed-spilling');
    const spill = join(dir, 'spill-base');
    mkdirSync(out, { recursive: true });
    mkdirSync(spill, { recursive: true });
    const code = `
      const m = await import(${JSON.stringify(join(root, 'packages/dataframe/dist/index.js'))});
      await m.readCsv(${JSON.stringify(source())}, { blocksize: '64KB' }).sort('a', { descending: true }).writeCsv(${JSON.stringify(out)}, { memoryLimit: '1MB' });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: 'ignore', env: { ...process.env, FLOE_SPILL_DIR: spill } });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (c, sig) => res({ code: c, signal: sig })));
    const spilling = (): boolean => readdirSync(spill).some((d) => d.startsWith('floe-spill-') && readdirSync(join(spill, d)).length > 0);
    for (let i = 0; i < 600 && !(hidden(out).length > 0 && spilling()); i++) await new Promise((r) => setTimeout(r, 50));
    expect([hidden(out).length, spilling()]).toEqual([1, true]);
    child.kill('SIGINT');
    expect(await exited).toEqual({ code: null, signal: 'SIGINT' });
    expect([readdirSync(out), readdirSync(spill)]).toEqual([[], []]);
  }, 120_000);

  test('an application that handles SIGINT itself keeps its persisted data (it was deleted under it); exiting removes it', async () => {
    const spill = join(dir, 'persist-base');
    mkdirSync(spill, { recursive: true });
    const code = `
      const m = await import(${JSON.stringify(join(root, 'packages/dataframe/dist/index.js'))});
      const p = await m.readCsv(${JSON.stringify(source())}, { blocksize: '1MB' }).filter(m.col('a').lt(100000)).persist({ memoryLimit: '64KB' });
      process.on('SIGINT', async () => { console.log('rows', await p.count()); process.exit(0); });
      console.log('ready');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FLOE_SPILL_DIR: spill } });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    const exited = new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
    for (let i = 0; i < 600 && !stdout.includes('ready'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(spill).filter((d) => d.startsWith('floe-persist-'))).toHaveLength(1);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toBe('ready\nrows 100000\n');
    expect(readdirSync(spill)).toEqual([]);
  }, 120_000);

  test('after SIGKILL (nothing can run) the next writeCsv into the folder removes the stale temp folder', async () => {
    const out = join(dir, 'killed-hard');
    expect(await killWhileWriting(out, 'SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(hidden(out)).toHaveLength(1);
    await readCsv(file('small-out.csv', 'a\n1\n')).writeCsv(out);
    expect(readdirSync(out)).toEqual(['part-00000.csv']);
  }, 120_000);
});
