/** readNdjson: schema inferred from the head, typed columns, located errors, onBadLines. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { col, readNdjson } from '../../index.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-ndjson-'));
const write = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

describe('readNdjson', () => {
  test('a nested object or array is its JSON text, a string column (one such key made the whole file unreadable)', async () => {
    const p = join(dir, 'nested.jsonl');
    writeFileSync(p, '{"a":1,"meta":{"x":1,"tags":["u","v"]},"list":[1,"b"]}\n{"a":2,"meta":null,"list":[]}\n{"a":3,"meta":"plain","list":[{"k":true}]}\n');
    const df = readNdjson(p);
    expect({ ...df.dtypes }).toEqual({ a: 'int64', meta: 'string', list: 'string' });
    expect((await df.compute()).toRows()).toEqual([
      { a: 1, meta: '{"x":1,"tags":["u","v"]}', list: '[1,"b"]' },
      { a: 2, meta: null, list: '[]' },
      { a: 3, meta: 'plain', list: '[{"k":true}]' },
    ]);
    expect((await df.agg(col('a').sum().alias('s')).compute()).toRows()).toEqual([{ s: 6 }]);
  });
  test('columns in first-seen key order, typed by their values; a missing key is null', async () => {
    const p = write('a.jsonl', '{"id":1,"name":"ann","x":1.5}\n\n{"id":2,"x":2,"ok":true}\n{"id":3,"name":"bob","x":null,"ok":false}\n');
    const df = readNdjson(p);
    expect({ ...df.dtypes }).toEqual({ id: 'int64', name: 'string', x: 'float64', ok: 'bool' });
    expect((await df.compute()).toRows()).toEqual([
      { id: 1, name: 'ann', x: 1.5, ok: null }, { id: 2, name: null, x: 2, ok: true }, { id: 3, name: 'bob', x: null, ok: false },
    ]);
  });
  test('several files aggregate together; a folder reads its .jsonl and .ndjson files', async () => {
    const sub = join(dir, 'events');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(sub);
    writeFileSync(join(sub, 'a.jsonl'), Array.from({ length: 100 }, (_, i) => JSON.stringify({ k: `k${i % 3}`, v: i })).join('\n'));
    writeFileSync(join(sub, 'b.ndjson'), Array.from({ length: 50 }, (_, i) => JSON.stringify({ k: `k${i % 3}`, v: 1000 + i })).join('\n'));
    const t = await readNdjson(sub).groupBy('k').agg(col('v').count()).sort('k').compute();
    expect(t.toRows()).toEqual([{ k: 'k0', v: 51 }, { k: 'k1', v: 50 }, { k: 'k2', v: 49 }]);
  });
  test('integers past 2^53 are exact (JSON.parse made them doubles: 9007199254740993 summed as …992); digits inside strings are text; past int64 a double', async () => {
    const p = write('big.jsonl', [
      '{"id":1,"big":9007199254740993,"s":"12345678901234567890 in text","f":1.5}',
      '{"id":2,"big":9223372036854775807,"s":"x \\" 9007199254740993","f":12345678901234567890}',
      '{"id":3,"big":-9223372036854775808,"s":"floe-int64:1","f":2}',
      '{"id":4,"big":12,"s":null,"f":-1e20}',
    ].join('\n'));
    const df = readNdjson(p);
    expect({ ...df.dtypes }).toEqual({ id: 'int64', big: 'int64', s: 'string', f: 'float64' });
    const t = await df.compute();
    expect(t.column('big').toArray()).toEqual([9007199254740993n, 9223372036854775807n, -9223372036854775808n, 12]);
    expect(t.column('s').toArray()).toEqual(['12345678901234567890 in text', 'x " 9007199254740993', 'floe-int64:1', null]);
    expect(t.column('f').toArray()).toEqual([1.5, Number('12345678901234567890'), 2, -1e20]);
    expect((await df.agg(col('big').sum()).compute()).toRows()).toEqual([{ big: 9007199254741004n }]);
    // a float column whose whole values are written as digits (1e17: JS and Python write it so) stays float64
    const fl = await readNdjson(write('floats.jsonl', '{"f":0.5}\n{"f":100000000000000000}\n{"f":0.30000000000000004}\n')).compute();
    expect(fl.schema).toEqual([{ name: 'f', dtype: 'float64' }]);
    expect(fl.column('f').toArray()).toEqual([0.5, 1e17, 0.30000000000000004]);
    // a NUL escape beside such an integer: a located error, not a rounded value (nor a string taken for a number)
    const nul = write('nul.jsonl', '{"s":"\\u0000floe-int64:1","v":1}\n{"s":"\\u0000x","v":9007199254740993}\n');
    expect(() => readNdjson(nul)).toThrow(`${nul} line 2: the line holds an integer past 2^53 and a \\u0000 escape`);
    expect((await readNdjson(write('nul2.jsonl', '{"s":"\\u0000floe-int64:1","v":1}\n')).compute()).toRows()).toEqual([{ s: '\u0000floe-int64:1', v: 1 }]);
    // whole numbers past int64, and nothing else: a double column (as int64 they were written wrapped, 1.2e19 → −6.1e18)
    const past = await readNdjson(write('past.jsonl', '{"v":12345678901234567890}\n{"v":1}\n{"v":-1e19}\n')).compute();
    expect(past.schema).toEqual([{ name: 'v', dtype: 'float64' }]);
    expect(past.column('v').toArray()).toEqual([12345678901234567000, 1, -1e19]);
  });
  test('a malformed line is an error naming file and line, or skipped with onBadLines', async () => {
    const p = write('bad.jsonl', '{"a":1}\n{"a":2\n[3]\n{"a":4}\n');
    expect(() => readNdjson(p)).toThrow(`${p} line 2: the line is not valid JSON`);
    const df = readNdjson(p, { onBadLines: 'skip' });
    const t = await df.compute();
    expect(t.toRows()).toEqual([{ a: 1 }, { a: 4 }]);
    expect(t.skippedRows).toBe(2);
  });
  test('an option of readCsv that JSON lines do not take is refused by name', () => {
    const p = write('opts.jsonl', '{"v":1}\n');
    expect(() => readNdjson(p, { delimiter: ';' } as never)).toThrow('readNdjson: unknown option "delimiter"; options are onBadLines, parseDates and dtypes');
    expect(() => readNdjson(p, { dtypes: { v: 'date' } } as never)).toThrow("readNdjson: dtypes.v must be one of int64, float64, bool, string, timestamp, got \"date\" (JSON lines read dates as 'timestamp')");
    expect(() => readNdjson(p, { dtypes: ['v'] } as never)).toThrow('readNdjson: dtypes must be an object of column name to type');
    expect(() => readNdjson(p, { parseDates: 5 } as never)).toThrow('readNdjson: parseDates must be a list of column names or true, got 5');
  });
  test('parseDates reads ISO text as timestamps (named, one name, or every column whose sample is all dates); a non-date is a located error', async () => {
    const p = write('times.jsonl', '{"t":"2015-03-04 10:00:00","v":1,"s":"x"}\n{"t":"2016-07-08T11:30:00.123456Z","v":2,"s":"y"}\n{"t":null,"v":3,"s":"z"}\n');
    for (const parseDates of [['t'], 't', true] as (string[] | string | boolean)[]) {
      const df = readNdjson(p, { parseDates });
      expect({ ...df.dtypes }).toEqual({ t: 'timestamp', v: 'int64', s: 'string' });
      const t = await df.groupBy(col('t').dt.year()).agg(col('v').sum()).sort('t').compute();
      expect(t.toRows()).toEqual([{ t: 2015, v: 1 }, { t: 2016, v: 2 }]);
    }
    // microseconds kept, as readCsv keeps them
    const rows = (await readNdjson(p, { parseDates: ['t'] }).select('t').compute()).toRows();
    expect(rows.map((r) => (r.t === null ? null : (r.t as Date).toISOString()))).toEqual(['2015-03-04T10:00:00.000Z', '2016-07-08T11:30:00.123Z', null]);
    expect(await readNdjson(p, { parseDates: ['t'] }).select(col('t').dt.second()).compute().then((x) => x.column('t').toArray())).toEqual([0, 0, null]);
    // text as before without it: cast() converts
    expect(readNdjson(p).dtypes.t).toBe('string');
    expect(() => readNdjson(p, { parseDates: ['tt'] })).toThrow('readNdjson: parseDates names "tt", which is not a key of the sampled lines; did you mean "t"? (keys: t, v, s)');
    expect(() => readNdjson(p, { parseDates: ['v'] })).toThrow(/parseDates column "v" holds int64 values, not date text/);
    const late = write('late-date.jsonl', `${[...Array.from({ length: 30000 }, (_, i) => JSON.stringify({ t: '2020-01-01', i })), JSON.stringify({ t: 'soon', i: 1 })].join('\n')}\n`);
    await expect(readNdjson(late, { parseDates: ['t'] }).compute()).rejects.toThrow(/late-date\.jsonl lines \d+–30001: column "t" \(parseDates\) holds "soon", which is not an ISO date or timestamp/);
  });
  test('a value of another type than the sample is a located error', async () => {
    const lines = [...Array.from({ length: 10 }, (_, i) => JSON.stringify({ a: i })), ...Array.from({ length: 20000 }, () => JSON.stringify({ a: 'x'.repeat(20) }))];
    const p = write('drift.jsonl', `${lines.join('\n')}\n`);
    // the sample (256 KiB) sees both: the column mixes types
    // named by file and line (1-based, blank lines counted), not by its index in the sample of all files
    expect(() => readNdjson(p)).toThrow(`readNdjson: column "a" mixes numbers and string xxxxxxxxxxxxxxxxxxxx (${p} line 11); give each column one type`);
    const other = write('other.jsonl', '\n{"b":1}\n{"a":"y"}\n');
    expect(() => readNdjson([write('one.jsonl', '{"a":1}\n'), other])).toThrow(`column "a" mixes numbers and string y (${other} line 3)`);
    const late = write('late.jsonl', `${[...Array.from({ length: 40000 }, (_, i) => JSON.stringify({ a: i })), JSON.stringify({ a: 'x' })].join('\n')}\n`);
    await expect(readNdjson(late).compute()).rejects.toThrow(/late\.jsonl lines \d+–40001: column "a" mixes numbers and string x \(line 40001\)/);
  });
  test('a key first met past the sample is an error naming it and its line (its values were dropped without a word); dtypes reads it', async () => {
    const lines = Array.from({ length: 40000 }, (_, i) => JSON.stringify(i === 30000 ? { i, v: i, extra: 7 } : { i, v: i }));
    const p = write('late-key.jsonl', `${lines.join('\n')}\n`);
    expect(readNdjson(p).schema.map((f) => f.name)).toEqual(['i', 'v']);
    await expect(readNdjson(p).select('i').compute()).rejects.toThrow(`${p} line 30001: key "extra" is not a column (the columns are the keys in the first 256 KiB of each file: i, v); its values would be lost — name it and its type to read it: dtypes: { "extra": 'int64' } (--dtype extra=int64)`);
    const df = readNdjson(p, { dtypes: { extra: 'int64' } });
    expect({ ...df.dtypes }).toEqual({ i: 'int64', v: 'int64', extra: 'int64' });
    expect((await df.filter(col('extra').isNotNull()).compute()).toRows()).toEqual([{ i: 30000, v: 30000, extra: 7 }]);
  });
  test('a key the sample typed otherwise (only nulls, or whole numbers before a fraction) is a located error with the dtypes that reads it', async () => {
    const nulls = write('late-null.jsonl', `${Array.from({ length: 40000 }, (_, i) => JSON.stringify({ i, w: i < 30000 ? null : i })).join('\n')}\n`);
    await expect(readNdjson(nulls).compute()).rejects.toThrow(`${nulls} line 30001: column "w" holds int64 values (30000) but was sampled as string from the first 256 KiB; read it as int64: dtypes: { "w": 'int64' } (--dtype w=int64)`);
    expect((await readNdjson(nulls, { dtypes: { w: 'int64' } }).agg(col('w').sum()).compute()).toRows()).toEqual([{ w: 349995000 }]);
    const floats = write('late-float.jsonl', `${Array.from({ length: 40000 }, (_, i) => JSON.stringify({ v: i === 35000 ? 2.5 : 1 })).join('\n')}\n`);
    await expect(readNdjson(floats).compute()).rejects.toThrow(`${floats} line 35001: column "v" holds float64 values (2.5) but was sampled as int64 from the first 256 KiB; read it as float64: dtypes: { "v": 'float64' } (--dtype v=float64)`);
    expect((await readNdjson(floats, { dtypes: { v: 'float64' } }).agg(col('v').sum()).compute()).toRows()).toEqual([{ v: 40001.5 }]);
    // a column given as string takes numbers and booleans as their text; a timestamp, ISO text
    const mixed = write('as-text.jsonl', '{"c":1,"t":"2020-01-02"}\n{"c":"a","t":null}\n{"c":true,"t":"2021-03-04 05:06:07"}\n');
    const t = await readNdjson(mixed, { dtypes: { c: 'string', t: 'timestamp' } }).compute();
    expect(t.toRows()).toEqual([{ c: '1', t: new Date('2020-01-02T00:00:00Z') }, { c: 'a', t: null }, { c: 'true', t: new Date('2021-03-04T05:06:07Z') }]);
  });
  test('a column whose numbers are written as floats (1.0, as Python, DuckDB and Polars write doubles) is float64, though the sample holds only whole ones', async () => {
    const lines = [...Array.from({ length: 20000 }, (_, i) => JSON.stringify({ i }).replace('}', ', "x": 1.0, "e": 2e3, "s": "{\\"i\\": 3.5}"}')), '{"i": -1, "x": 2.5, "e": 1, "s": "a"}'];
    const p = write('floats.jsonl', `${lines.join('\n')}\n`);
    const df = readNdjson(p).select('i', 'x', 'e', 's');
    // i stays int64: a float inside a string (even one spelling "i": 3.5) is text
    expect({ ...df.dtypes }).toEqual({ i: 'int64', x: 'float64', e: 'float64', s: 'string' });
    expect((await df.agg(col('x').max().alias('x'), col('x').count().alias('n'), col('e').sum().alias('e')).compute()).toRows()).toEqual([{ x: 2.5, n: 20001, e: 20000 * 2000 + 1 }]);
  });
  test("a first line longer than the sample is sampled whole: its keys are columns (with a file of short lines beside it, its long key went missing)", async () => {
    const long = write('long-first.jsonl', `${JSON.stringify({ i: 1, s: 'a'.repeat(300_000) })}\n{"i":2,"s":"b"}\n`);
    const small = write('small.jsonl', '{"i":5}\n');
    const df = readNdjson([small, long]);
    expect({ ...df.dtypes }).toEqual({ i: 'int64', s: 'string' });
    const rows = (await df.select('i', col('s').str.len().alias('len')).compute()).toRows();
    expect(rows).toEqual([{ i: 5, len: null }, { i: 1, len: 300_000 }, { i: 2, len: 1 }]);
    expect({ ...readNdjson(long).dtypes }).toEqual({ i: 'int64', s: 'string' });
  });
});
