/** Writing into a folder that already holds part files: the folder ends up holding one result. */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { col, fromColumns, readCsv } from '../index.js';

describe('stale part files', () => {
  test('writeCsv of 2 parts over 7 removes the 5 old ones, so the next read is right', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-parts-'));
    const out = join(dir, 'out');
    const seven = fromColumns({ v: Array.from({ length: 7000 }, (_, i) => i) }, { blocksize: 8000 });
    expect((await seven.writeCsv(out)).files.length).toBe(7);
    writeFileSync(join(out, 'README.txt'), 'not a part file');
    const two = fromColumns({ v: Array.from({ length: 2000 }, (_, i) => i) }, { blocksize: 8000 });
    expect((await two.writeCsv(out)).files.length).toBe(2);
    expect(readdirSync(out).sort()).toEqual(['README.txt', 'part-00000.csv', 'part-00001.csv']);
    expect((await readCsv(out).agg(col('v').count()).compute()).toRows()).toEqual([{ v: 2000 }]);
  });
  test('a whole result (an aggregate) replaces earlier parts too, and CSV parts replace Parquet parts', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'floe-parts-')), 'out');
    await fromColumns({ v: Array.from({ length: 3000 }, (_, i) => i) }, { blocksize: 8000 }).writeParquet(out);
    await fromColumns({ v: [1, 2, 3] }).agg(col('v').sum()).writeCsv(out);
    expect(readdirSync(out)).toEqual(['part-00000.csv']);
  });
});
