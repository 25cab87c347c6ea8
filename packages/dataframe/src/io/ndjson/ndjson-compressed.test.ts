/**
 * Compressed JSON lines: .jsonl.gz (node:zlib) and .ndjson.zst (written by DuckDB, an independent
 * encoder) give the plain file's answers, stream in several chunks, stop early for a head, and a
 * truncated file is an error naming the function, the file and how far it got.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, test } from 'vitest';
import { col, readNdjson } from '../../index.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-ndjson-z-'));
const N = 160_000; // ~7 MB of text: more than one 4 MiB read chunk
const plain = join(dir, 'events.jsonl');
const row = (i: number) => ({ id: i, city: ['Oslo', 'Lima', 'Pune'][i % 3], v: i % 7 === 0 ? null : (i * 37) % 1001, note: i % 11 === 0 ? 'a "quoted"\nline' : `n${i % 97}` });

beforeAll(async () => {
  const lines = Array.from({ length: N }, (_, i) => JSON.stringify(row(i)));
  writeFileSync(plain, `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'events.jsonl.gz'), gzipSync(readFileSync(plain)));
  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    await duck.run(`COPY (SELECT * FROM read_json('${plain}', format = 'newline_delimited')) TO '${join(dir, 'events.ndjson.zst')}' (FORMAT json, COMPRESSION zstd)`);
  } finally {
    duck.closeSync();
  }
}, 60_000);

const answer = async (path: string) => (await readNdjson(path).groupBy('city').agg(col('v').sum(), col('id').count().alias('n'), col('note').nUnique().alias('notes')).sort('city').compute()).toRows();

describe('readNdjson of compressed files', () => {
  test('.jsonl.gz and .ndjson.zst give the plain file\'s schema and answers', async () => {
    const want = await answer(plain);
    expect(want.reduce((s, r) => s + (r.n as number), 0)).toBe(N);
    for (const name of ['events.jsonl.gz', 'events.ndjson.zst']) {
      const p = join(dir, name);
      expect({ ...readNdjson(p).dtypes }).toEqual({ ...readNdjson(plain).dtypes });
      expect(await answer(p)).toEqual(want);
    }
  });

  test('the last rows come through whole, and a head stops early', async () => {
    const tail = (await readNdjson(join(dir, 'events.jsonl.gz')).filter(col('id').ge(N - 2)).compute()).toRows();
    expect(tail).toEqual([row(N - 2), row(N - 1)]);
    expect((await readNdjson(join(dir, 'events.ndjson.zst')).head(2)).toRows().map((r) => r.id)).toEqual([0, 1]);
  });

  test('a folder reads its compressed and plain JSON-lines files together', async () => {
    const sub = join(dir, 'mixed');
    mkdirSync(sub);
    writeFileSync(join(sub, 'a.jsonl'), '{"k":"x","v":1}\n{"k":"y","v":2}\n');
    writeFileSync(join(sub, 'b.JSONL.GZ'), gzipSync('{"k":"x","v":10}\n'));
    writeFileSync(join(sub, 'c.ndjson.zst'), readFileSync(join(dir, 'events.ndjson.zst')));
    const t = await readNdjson(sub).filter(col('k').isNotNull()).agg(col('v').sum()).compute();
    expect(t.toRows()).toEqual([{ v: 13 }]);
  });

  test('a truncated .gz is an error naming readNdjson, the file and how far it got', async () => {
    const whole = readFileSync(join(dir, 'events.jsonl.gz'));
    const cut = join(dir, 'cut.jsonl.gz');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.8)));
    await expect(readNdjson(cut).count()).rejects.toThrow(new RegExp(`^readNdjson: ${cut.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot decompress it: .*after \\d+ of its ${Math.floor(whole.length * 0.8)} compressed bytes`));
    const junk = join(dir, 'junk.jsonl.zst');
    writeFileSync(junk, Buffer.from('not zstd at all, just text\n'));
    expect(() => readNdjson(junk)).toThrow(/^readNdjson: .*junk\.jsonl\.zst: cannot decompress it/);
  });
});
