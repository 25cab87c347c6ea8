/**
 * Gzip-compressed CSV: one partition per file, the same answers as the plain files, mixed
 * plain and compressed files, and located errors for corrupt, truncated and misnamed input.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { col, readCsv } from '../../index.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-gzip-'));
// deterministic rows: 3 files of 4 000 rows, with quoted fields holding newlines and delimiters
const csvText = (file: number): string => {
  const lines = ['id,city,note,t'];
  for (let i = 0; i < 4000; i++) {
    const id = file * 4000 + i;
    lines.push(`${id},${['Oslo', 'Lima', 'Pune'][id % 3]},${id % 17 === 0 ? '"a, b\nc"' : id % 5 === 0 ? '' : `n${id % 7}`},2024-01-${String(1 + (id % 28)).padStart(2, '0')}T10:00:00`);
  }
  return `${lines.join('\n')}\n`;
};
for (let f = 0; f < 3; f++) {
  writeFileSync(join(dir, `part${f}.csv`), csvText(f));
  // the second file as two gzip members (what `cat a.gz b.gz` makes)
  const text = csvText(f);
  const cut = text.indexOf('\n', text.length >> 1) + 1;
  writeFileSync(join(dir, `part${f}.csv.gz`), f === 1 ? Buffer.concat([gzipSync(text.slice(0, cut)), gzipSync(text.slice(cut))]) : gzipSync(text));
}

const answer = async (pattern: string) => {
  const df = readCsv(join(dir, pattern), { parseDates: ['t'] });
  const t = await df.groupBy('city').agg(col('id').count().alias('n'), col('id').sum().alias('ids'), col('note').count().alias('notes'), col('t').max().alias('last')).sort('city').compute();
  return { dtypes: { ...df.dtypes }, rows: t.toRows(), partitions: df.npartitions };
};

describe('readCsv of .csv.gz', () => {
  test('a directory means its .csv and .csv.gz files (any case), not its .tsv or other files', async () => {
    const d = mkdtempSync(join(tmpdir(), 'floe-gzip-dir-'));
    writeFileSync(join(d, 'a.csv'), 'x\n1\n');
    writeFileSync(join(d, 'b.CSV.GZ'), gzipSync('x\n2\n'));
    writeFileSync(join(d, 'c.tsv'), 'x\n4\n');
    writeFileSync(join(d, 'notes.txt'), 'x\n100\n');
    expect((await readCsv(d).agg(col('x').sum()).compute()).toRows()).toEqual([{ x: 3 }]);
  });
  test('the same answer as the plain files; one partition per file; two gzip members read as one', async () => {
    const plain = await answer('*.csv');
    const gz = await answer('*.csv.gz');
    expect(gz.rows).toEqual(plain.rows);
    expect(gz.dtypes).toEqual(plain.dtypes);
    expect(gz.partitions).toBe(3);
    expect((gz.rows as { n: number }[]).reduce((s, r) => s + r.n, 0)).toBe(12000);
  });
  test('plain and compressed files together', async () => {
    const df = readCsv([join(dir, 'part0.csv'), join(dir, 'part1.csv.gz'), join(dir, 'part2.csv')]);
    expect(await df.count()).toBe(12000);
    expect(df.explain()).toContain('gzip: one partition per file');
  });
  test('a corrupt member is an error naming the file and the compressed offset; a truncated file too', async () => {
    // big and hard to compress, so the damage lies past the part read to infer the schema
    const rows = Array.from({ length: 240000 }, (_, i) => `${i},${(i * 2654435761) % 1000003},${(i * 40503) % 65537}`);
    const good = gzipSync(`a,b,c\n${rows.join('\n')}\n`);
    const bad = join(dir, 'bad.csv.gz');
    const damaged = Buffer.from(good);
    damaged.fill(0x55, good.length >> 1, (good.length >> 1) + 64);
    writeFileSync(bad, damaged);
    await expect(readCsv(bad).count()).rejects.toThrow(new RegExp(`readCsv: ${bad}: cannot decompress it: the compressed data is corrupt \\(zlib: .*\\), after \\d+ of its ${good.length} compressed bytes`));
    const cut = join(dir, 'cut.csv.gz');
    writeFileSync(cut, good.subarray(0, good.length - 40));
    await expect(readCsv(cut).count()).rejects.toThrow(`readCsv: ${cut}: cannot decompress it: the compressed data ends early (the file is truncated)`);
  });
  test('a bad row inside a gzip file names the .gz file and the line', async () => {
    const path = join(dir, 'badrow.csv.gz');
    // past the inference sample, so the worker's scan of the decompressed text finds it
    const rows = Array.from({ length: 30000 }, (_, i) => `${i},${(i * 2654435761) % 1000003}`);
    writeFileSync(path, gzipSync(`a,b\n${rows.join('\n')}\n3,"x\n`));
    const err = await readCsv(path, { sampleSize: 16384 }).count().then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(new RegExp(`^${path}, line 30002: unterminated quoted field`));
  });
  test('a .gz file that is not gzip, and gzip data named .csv, are clear errors', () => {
    const notGz = join(dir, 'plain.csv.gz');
    writeFileSync(notGz, 'a,b\n1,2\n');
    expect(() => readCsv(notGz)).toThrow(`readCsv: ${notGz}: cannot decompress it: it is not gzip data`);
    const misnamed = join(dir, 'zipped.csv');
    writeFileSync(misnamed, gzipSync('a,b\n1,2\n'));
    expect(() => readCsv(misnamed)).toThrow(`readCsv: ${misnamed} is gzip-compressed but not named .gz; name it ${misnamed}.gz`);
    // Parquet or Arrow read as CSV (piped in): named, not "a NUL byte at offset 7"
    const pq = join(dir, 'data-from-stdin.csv');
    writeFileSync(pq, Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(20), Buffer.from('PAR1')]));
    expect(() => readCsv(pq)).toThrow(`readCsv: ${pq} is a Parquet file (it starts with PAR1); read it with readParquet`);
    const ipc = join(dir, 'arrow-from-stdin.csv');
    writeFileSync(ipc, Buffer.concat([Buffer.from('ARROW1'), Buffer.alloc(20)]));
    expect(() => readCsv(ipc)).toThrow(`readCsv: ${ipc} is an Arrow IPC file; read it with readIpc`);
  });
  test('gzip of binary or UTF-16 data is refused like the plain file', () => {
    const utf16 = join(dir, 'u16.csv.gz');
    writeFileSync(utf16, gzipSync(Buffer.from('\ufeffa,b\n1,2\n', 'utf16le')));
    expect(() => readCsv(utf16)).toThrow(`readCsv: ${utf16} is UTF-16 text`);
  });
  test("a decompressed file left by a worker that never ran its cleanup (terminated by a cancel) is removed when the process ends", async () => {
    const tmp = mkdtempSync(join(dir, 'tmp-'));
    const root = fileURLToPath(new URL('../../../../../', import.meta.url));
    // the child reads a .gz (arming the sweep), then leaves a folder as a killed worker would, and exits
    const code = `
      const m = await import(${JSON.stringify(join(root, 'packages/dataframe/dist/index.js'))});
      const fs = await import('node:fs');
      console.log(await m.readCsv(${JSON.stringify(join(dir, 'part0.csv.gz'))}).count());
      fs.mkdirSync(${JSON.stringify(tmp)} + '/floe-gunzip-' + process.pid + '-left');
      fs.writeFileSync(${JSON.stringify(tmp)} + '/floe-gunzip-' + process.pid + '-left/data.csv', 'a\\n1\\n');
      fs.mkdirSync(${JSON.stringify(tmp)} + '/floe-gunzip-1-other-process');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8' });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '4000\n', '']);
    expect(readdirSync(tmp)).toEqual(['floe-gunzip-1-other-process']);
  });
});
