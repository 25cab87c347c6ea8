/**
 * Zstandard-compressed CSV (files written by DuckDB, an independent encoder): one partition per
 * file, the same answers as the plain files, several frames read as one stream, and located
 * errors for truncated, corrupt and misnamed input.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, test } from 'vitest';
import { col, readCsv } from '../../index.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-zstd-'));
const N = 60_000;
// quoted fields with newlines and delimiters, µs timestamps, nulls
const rows = (lo: number, hi: number): string => Array.from({ length: hi - lo }, (_, k) => {
  const i = lo + k;
  return `${i},${['Oslo', 'Lima', 'Pune'][i % 3]},${i % 17 === 0 ? '"a, b\nc"' : i % 5 === 0 ? '' : `n${(i * 2654435761) % 1000003}`},2024-01-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00.${String(i % 1_000_000).padStart(6, '0')}`;
}).join('\n');
const header = 'id,city,note,t';

beforeAll(async () => {
  writeFileSync(join(dir, 'all.csv'), `${header}\n${rows(0, N)}\n`);
  writeFileSync(join(dir, 'head.csv'), `${header}\n${rows(0, N / 2)}\n`);
  writeFileSync(join(dir, 'tail.csv'), `${rows(N / 2, N)}\n`);
  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    // DuckDB copies the text byte for byte through a zstd-compressed CSV writer: read each line as one field
    for (const name of ['all', 'head', 'tail']) {
      await duck.run(`COPY (SELECT line FROM read_csv('${join(dir, `${name}.csv`)}', columns = {'line': 'VARCHAR'}, header = false, delim = '\\x01', quote = '', escape = '', new_line = '\\n', strict_mode = false))
        TO '${join(dir, `${name}.csv.zst`)}' (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\\x01', COMPRESSION zstd)`);
    }
  } finally {
    duck.closeSync();
  }
  // two files' frames one after another, as `cat a.zst b.zst` makes
  writeFileSync(join(dir, 'multi.csv.zst'), Buffer.concat([readFileSync(join(dir, 'head.csv.zst')), readFileSync(join(dir, 'tail.csv.zst'))]));
  // and by the zstd command (scripts/ensure-test-deps.mjs installs it): larger blocks than DuckDB's, which span read chunks
  for (const [name, level] of [['head', '-3'], ['tail', '-19']]) {
    const r = spawnSync('zstd', ['-q', '-f', level, join(dir, `${name}.csv`), '-o', join(dir, `${name}.cli.zst`)]);
    if (r.status !== 0) throw new Error(`zstd failed: ${r.stderr}`);
  }
  writeFileSync(join(dir, 'cli.csv.zst'), Buffer.concat([readFileSync(join(dir, 'head.cli.zst')), readFileSync(join(dir, 'tail.cli.zst'))]));
});

const answer = async (path: string) => {
  const df = readCsv(path, { parseDates: ['t'] });
  const t = await df.groupBy('city').agg(col('id').count().alias('n'), col('id').sum().alias('ids'), col('note').count().alias('notes'), col('t').max().alias('last')).sort('city').compute();
  return { dtypes: { ...df.dtypes }, rows: t.toRows(), partitions: df.npartitions };
};

describe('readCsv of .csv.zst', () => {
  test('the same answer as the plain file, one partition, microseconds kept', async () => {
    const plain = await answer(join(dir, 'all.csv'));
    const zst = await answer(join(dir, 'all.csv.zst'));
    expect(zst.rows).toEqual(plain.rows);
    expect(zst.dtypes).toEqual(plain.dtypes);
    expect(zst.partitions).toBe(1);
    expect((zst.rows as { n: number }[]).reduce((s, r) => s + r.n, 0)).toBe(N);
    expect(readCsv(join(dir, 'all.csv.zst')).explain()).toContain('zstd: one partition per file');
  });
  test('several frames read as one stream, from DuckDB and from the zstd command', async () => {
    const plain = (await answer(join(dir, 'all.csv'))).rows;
    expect((await answer(join(dir, 'multi.csv.zst'))).rows).toEqual(plain);
    expect((await answer(join(dir, 'cli.csv.zst'))).rows).toEqual(plain);
    // a schema sample larger than one read chunk of the compressed file
    expect(await readCsv(join(dir, 'cli.csv.zst'), { sampleSize: 4 << 20 }).count()).toBe(N);
  });
  test('a directory takes its .csv.zst files with the others', async () => {
    const d = mkdtempSync(join(tmpdir(), 'floe-zstd-dir-'));
    writeFileSync(join(d, 'a.csv'), `${header}\n${rows(0, 10)}\n`);
    writeFileSync(join(d, 'b.CSV.ZST'), readFileSync(join(dir, 'all.csv.zst')));
    expect(await readCsv(d).count()).toBe(N + 10);
  });
  test('a truncated file is an error naming the file and the compressed offset; a corrupt one an error naming the file', async () => {
    const good = readFileSync(join(dir, 'all.csv.zst'));
    const cut = join(dir, 'cut.csv.zst');
    writeFileSync(cut, good.subarray(0, good.length - 40));
    await expect(readCsv(cut).count()).rejects.toThrow(new RegExp(`readCsv: ${cut}: cannot decompress it: the compressed data ends early \\(the file is truncated\\), after \\d+ of its ${good.length - 40} compressed bytes`));
    const bad = join(dir, 'bad.csv.zst');
    const damaged = Buffer.from(good);
    damaged.fill(0xff, good.length >> 1, (good.length >> 1) + 256);
    writeFileSync(bad, damaged);
    // fzstd does not check the frame checksum: damaged literals may decode, and then the CSV reader's located error is what stops it
    await expect(readCsv(bad).count()).rejects.toThrow(new RegExp(`^(readCsv: )?${bad}(: cannot decompress it|, line \\d+: )`));
  });
  test('a .zst file that is not zstd, and zstd data named .csv, are clear errors', () => {
    const notZst = join(dir, 'plain.csv.zst');
    writeFileSync(notZst, 'a,b\n1,2\n');
    expect(() => readCsv(notZst)).toThrow(`readCsv: ${notZst}: cannot decompress it: it is not zstd data`);
    const misnamed = join(dir, 'zipped.csv');
    writeFileSync(misnamed, readFileSync(join(dir, 'all.csv.zst')));
    expect(() => readCsv(misnamed)).toThrow(`readCsv: ${misnamed} is zstd-compressed but not named .zst; name it ${misnamed}.zst`);
  });
});
