/**
 * writeNdjson: a JSON object a row, keys in column order, values as floe prints them in JSON —
 * every digit of an int64 past 2^53, microseconds of a timestamp, a date's day, NaN as null,
 * strings escaped (quotes, line feeds, non-ASCII) — and one part file per partition, in order.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { InlineExecutor } from '@floe/scheduler';
import { readCsvAnyBlocksize } from '../../api/read-csv.js';
import { readCsv } from '../../index.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-ndjson-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const executor = new InlineExecutor();

const lines = (out: string): string[] => readdirSync(out).filter((f) => f.endsWith('.ndjson')).sort()
  .flatMap((f) => readFileSync(join(out, f), 'utf8').split('\n').filter((l) => l !== ''));

describe('writeNdjson', () => {
  test('every type, nulls and the values JSON cannot hold', async () => {
    const p = join(dir, 'types.csv');
    writeFileSync(p, 'id,big,f,ok,t,d,s\n1,9007199254740993,1.5,true,2021-03-04 05:06:07.123456,2021-03-04,"say ""hi"", ü"\n2,,NaN,false,,,\n3,-5,3.0,,1900-01-01 00:00:00,1899-12-31,"two\nlines"\n');
    const out = join(dir, 'types');
    const res = await readCsv(p, { parseDates: ['t'], dtypes: { d: 'date' } }).writeNdjson(out, { executor });
    expect(res.rows).toBe(3);
    expect(lines(out)).toEqual([
      '{"id":1,"big":9007199254740993,"f":1.5,"ok":true,"t":"2021-03-04 05:06:07.123456","d":"2021-03-04","s":"say \\"hi\\", ü"}',
      '{"id":2,"big":null,"f":null,"ok":false,"t":null,"d":null,"s":null}',
      '{"id":3,"big":-5,"f":3,"ok":null,"t":"1900-01-01 00:00:00","d":"1899-12-31","s":"two\\nlines"}',
    ]);
  });

  test('floats as String() writes them: whole ones without a point, -0 as 0, exponents where it uses them', async () => {
    const p = join(dir, 'floats.csv');
    const texts = ['-0.0', '3.0', '1e21', '1e-7', '123456789.123', '0.1', '-2.5e-3', '9007199254740993.0', 'inf'];
    writeFileSync(p, `f\n${texts.join('\n')}\n`);
    const out = join(dir, 'floats');
    await readCsv(p, { dtypes: { f: 'float64' } }).writeNdjson(out, { executor });
    const expected = texts.map((t) => { const v = Number(t === 'inf' ? 'Infinity' : t); return `{"f":${Number.isFinite(v) ? String(v) : 'null'}}`; });
    expect(lines(out)).toEqual(expected);
  });

  test('a part a partition, in order: the rows JSON.parse gives back', async () => {
    const p = join(dir, 'many.csv');
    writeFileSync(p, `k,v\n${Array.from({ length: 20_000 }, (_, i) => `k${i % 97},${i}`).join('\n')}\n`);
    const out = join(dir, 'many');
    const res = await readCsvAnyBlocksize(p, { blocksize: 64 * 1024 }).writeNdjson(out, { executor });
    expect(res.files.length).toBeGreaterThan(1);
    expect(res.files.every((f) => /part-\d{5}\.ndjson$/.test(f))).toBe(true);
    expect(lines(out).map((l) => JSON.parse(l) as unknown)).toEqual(Array.from({ length: 20_000 }, (_, i) => ({ k: `k${i % 97}`, v: i })));
  });
});
