/** readNdjson: schema inferred from the head, typed columns, located errors, onBadLines. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { col, readNdjson } from '../../index.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-ndjson-'));
const write = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

describe('readNdjson', () => {
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
  test('a malformed line is an error naming file and line, or skipped with onBadLines', async () => {
    const p = write('bad.jsonl', '{"a":1}\n{"a":2\n[3]\n{"a":4}\n');
    expect(() => readNdjson(p)).toThrow(`${p} line 2: the line is not valid JSON`);
    const df = readNdjson(p, { onBadLines: 'skip' });
    const t = await df.compute();
    expect(t.toRows()).toEqual([{ a: 1 }, { a: 4 }]);
    expect(t.skippedRows).toBe(2);
  });
  test('an option of readCsv (parseDates) is refused by name, and cast() turns the text into a timestamp', async () => {
    const p = write('times.jsonl', '{"t":"2015-03-04 10:00:00","v":1}\n{"t":"2016-07-08T11:30:00","v":2}\n');
    expect(() => readNdjson(p, { parseDates: ['t'] } as never)).toThrow(/readNdjson: unknown option "parseDates"; options are onBadLines .*cast\('timestamp'\)/);
    const t = await readNdjson(p).groupBy(col('t').cast('timestamp').dt.year()).agg(col('v').sum()).sort('t').compute();
    expect(t.toRows()).toEqual([{ t: 2015, v: 1 }, { t: 2016, v: 2 }]);
  });
  test('a value of another type than the sample is a located error', async () => {
    const lines = [...Array.from({ length: 10 }, (_, i) => JSON.stringify({ a: i })), ...Array.from({ length: 20000 }, () => JSON.stringify({ a: 'x'.repeat(20) }))];
    const p = write('drift.jsonl', `${lines.join('\n')}\n`);
    // the sample (256 KiB) sees both: the column mixes types
    expect(() => readNdjson(p)).toThrow('column "a" mixes numbers and string');
    const late = write('late.jsonl', `${[...Array.from({ length: 40000 }, (_, i) => JSON.stringify({ a: i })), JSON.stringify({ a: 'x' })].join('\n')}\n`);
    await expect(readNdjson(late).compute()).rejects.toThrow(/late\.jsonl lines \d+–40001: column "a" mixes numbers and string x/);
  });
});
