/** Writing into a folder that already holds part files: the folder ends up holding one result. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
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

describe('a folder that holds the query\'s input', () => {
  test('is refused before anything is written (readCsv(dir)….writeCsv(dir) replaced the inputs with the result); another folder, or a subfolder, is fine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-inplace-'));
    for (let i = 0; i < 4; i++) writeFileSync(join(dir, `part-0000${i}.csv`), `k,v\na,${i}\nb,${i * 10}\n`);
    const before = readdirSync(dir).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
    const q = readCsv(dir).groupBy('k').agg(col('v').sum());
    await expect(q.writeCsv(dir)).rejects.toThrow(/^writeCsv: .* holds this query's input .*part-00000\.csv; write the result to another folder/);
    await expect(q.writeParquet(`${dir}/`)).rejects.toThrow(/^writeParquet: /);
    // through a symlink to the same folder
    const link = join(mkdtempSync(join(tmpdir(), 'floe-inplace-link-')), 'same');
    symlinkSync(dir, link);
    await expect(q.writeCsv(link)).rejects.toThrow(/holds this query's input/);
    expect(readdirSync(dir).sort().map((f) => readFileSync(join(dir, f), 'utf8'))).toEqual(before);
    const sub = join(dir, 'out');
    mkdirSync(sub);
    expect((await q.writeCsv(sub)).rows).toBe(2);
    expect(readFileSync(join(sub, 'part-00000.csv'), 'utf8')).toBe('k,v\na,6\nb,60\n');
  });
});

describe('a path that is a file', () => {
  test('a path that is a file is refused, saying the writer writes a folder (it was EEXIST from mkdir); the file is left as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-onto-file-'));
    const file = join(dir, 'out.parquet');
    writeFileSync(file, 'keep me');
    const q = fromColumns({ v: [1, 2] });
    await expect(q.writeParquet(file)).rejects.toThrow(`writeParquet: ${file} is a file; writeParquet writes a folder of part files (part-00000.parquet, …) — give a folder path, e.g. "${join(dir, 'out')}/"`);
    await expect(q.writeCsv(file)).rejects.toThrow(`writeCsv: ${file} is a file`);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });
});

describe('a write that fails', () => {
  test('takes away the folders it made (a new out/ stayed behind, empty), and leaves a folder that was there as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-failed-write-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'k,v\na,1\nb,2,3\n'); // a ragged row: an error
    await expect(readCsv(bad).writeCsv(join(dir, 'new', 'deeper', 'out'))).rejects.toThrow(/bad\.csv/);
    expect(readdirSync(dir)).toEqual(['bad.csv']);
    mkdirSync(join(dir, 'kept'));
    await expect(readCsv(bad).writeCsv(join(dir, 'kept', 'out'))).rejects.toThrow(/bad\.csv/);
    expect(readdirSync(dir).sort()).toEqual(['bad.csv', 'kept']);
    expect(readdirSync(join(dir, 'kept'))).toEqual([]);
  });
});

describe('a CSV round trip keeps float64', () => {
  test('a whole float64 is written `2.0` (as the CLI prints it), so readCsv reads the column back as float64, not int64', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'floe-float-')), 'out');
    await fromColumns({ k: ['a', 'a', 'b'], v: [1, 3, 2] }).groupBy('k').agg(col('v').mean(), col('v').sum().alias('s')).writeCsv(out);
    expect(readFileSync(join(out, 'part-00000.csv'), 'utf8')).toBe('k,v,s\na,2.0,4\nb,2.0,2\n');
    expect(readCsv(out).schema.map((f) => `${f.name}: ${f.dtype}`)).toEqual(['k: string', 'v: float64', 's: int64']);
  });
});
