/**
 * Every command reads inputs by extension (CSV, gzip CSV, Parquet, Arrow IPC, JSON lines; a
 * directory by the one kind it holds, any case), and `floe convert` writes between them.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runMain as run } from './testing/run-main.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-kinds-'));
const text = 'k,v\na,1\nb,2\na,5\n';
mkdirSync(join(dir, 'upper'));
writeFileSync(join(dir, 'upper', 'A.CSV'), text);
writeFileSync(join(dir, 'upper', 'B.Csv'), 'k,v\nc,7\n');
// macOS's AppleDouble file beside a copied CSV, and a hidden file: not the folder's data
writeFileSync(join(dir, 'upper', '._A.CSV'), Buffer.from([0, 5, 22, 7, 0, 2, 0, 0]));
writeFileSync(join(dir, 'upper', '.draft.csv'), 'k,v\nz,100\n');
mkdirSync(join(dir, 'gz'));
writeFileSync(join(dir, 'gz', 'a.csv.gz'), gzipSync(text));
mkdirSync(join(dir, 'mixed'));
writeFileSync(join(dir, 'mixed', 'a.csv'), text);
writeFileSync(join(dir, 'mixed', 'b.jsonl'), '{"k":"a","v":1}\n');
writeFileSync(join(dir, 'events.jsonl'), '{"k":"a","v":1}\n{"k":"b","v":2}\n{"k":"a","v":5}\n');
writeFileSync(join(dir, 'events.jsonl.gz'), gzipSync('{"k":"a","v":1}\n{"k":"b","v":2}\n{"k":"a","v":5}\n'));

describe('.json files', () => {
  it('are read as JSON lines when they hold objects (a file, a glob, a directory), and refused, with the command that converts them, when they hold one array', async () => {
    mkdirSync(join(dir, 'json'));
    writeFileSync(join(dir, 'json', 'lines.json'), '{"a":1}\n{"a":2}\n');
    writeFileSync(join(dir, 'array.json'), '[{"a":1},{"a":2}]');
    expect((await run(['count', join(dir, 'json', 'lines.json'), '--no-progress'])).stdout).toBe('2\n');
    expect((await run(['agg', join(dir, 'json', '*.json'), '--agg', 'sum(a)', '--no-progress'])).stdout).toBe('sum_a\n3\n');
    expect((await run(['count', join(dir, 'json'), '--no-progress'])).stdout).toBe('2\n');
    expect(await run(['count', join(dir, 'array.json'), '--no-progress'])).toMatchObject({ code: 2, stderr: expect.stringContaining(`holds one JSON array, not JSON lines (an object a line); floe reads JSON lines: convert it first, e.g. jq -c '.[]'`) });
  });
});

describe('inputs by extension', () => {
  it('a directory of *.CSV files (any case) is read, not skipped; its hidden files are (._A.CSV, .draft.csv), as a glob skips them', async () => {
    expect(await run(['count', join(dir, 'upper')])).toMatchObject({ code: 0, stdout: '4\n' });
    expect(await run(['count', join(dir, 'upper', '*')])).toMatchObject({ code: 0, stdout: '4\n' });
  });
  it('a directory\'s .tsv files are read only when it has no .csv, as readCsv and floe sql read it (the CLI summed both)', async () => {
    const mixed = join(dir, 'csv-and-tsv');
    mkdirSync(mixed);
    writeFileSync(join(mixed, 'one.csv'), 'a,b\n1,2\n3,4\n');
    writeFileSync(join(mixed, 'two.tsv'), 'a\tb\n100\t200\n');
    expect(await run(['agg', mixed, '--agg', 'sum(a), count(*)'])).toEqual({ code: 0, stdout: 'sum_a,count\n4,2\n', stderr: '' });
    expect(await run(['sql', `select sum(a) s, count(*) n from '${mixed}'`])).toEqual({ code: 0, stdout: 's,n\n4,2\n', stderr: '' });
    const tsvOnly = join(dir, 'tsv-only');
    mkdirSync(tsvOnly);
    writeFileSync(join(tsvOnly, 'two.tsv'), 'a\tb\n100\t200\n');
    expect(await run(['agg', tsvOnly, '--agg', 'sum(a)'])).toEqual({ code: 0, stdout: 'sum_a\n100\n', stderr: '' });
  });
  it('convert to Parquet writes ISO date and timestamp text as dates (year() of the copy failed: the dates were text), a CSV copy keeps the text', async () => {
    const src = join(dir, 'days.csv');
    writeFileSync(src, 'id,d,ts,note\n1,2024-01-05,2024-01-05 10:00:00,2024-01-01\n2,2024-02-29,2024-02-29T10:30:00,soon\n');
    const lake = join(dir, 'days.parquet');
    expect((await run(['convert', src, lake])).code).toBe(0);
    expect(await run(['schema', lake])).toEqual({ code: 0, stdout: 'column,dtype\nid,int64\nd,date\nts,timestamp\nnote,string\n', stderr: '' });
    expect(await run(['agg', lake, '--by', 'year(d)', '--agg', 'count(*)'])).toEqual({ code: 0, stdout: 'd,count\n2024,2\n', stderr: '' });
    const kept = join(dir, 'days-text.parquet');
    expect((await run(['convert', src, kept, '--dtype', 'd=string'])).code).toBe(0);
    expect((await run(['schema', kept])).stdout).toBe('column,dtype\nid,int64\nd,string\nts,timestamp\nnote,string\n');
    const copy = join(dir, 'days-copy');
    expect((await run(['convert', src, `${copy}/`, '--to', 'csv'])).code).toBe(0);
    expect(readdirSync(copy).map((f) => readFileSync(join(copy, f), 'utf8')).join('')).toBe('id,d,ts,note\n1,2024-01-05,2024-01-05 10:00:00,2024-01-01\n2,2024-02-29,2024-02-29T10:30:00,soon\n');
  });
  it('a directory of .csv.gz files, and JSON lines', async () => {
    expect(await run(['count', join(dir, 'gz')])).toMatchObject({ code: 0, stdout: '3\n' });
    const r = await run(['agg', join(dir, 'events.jsonl'), '--by', 'k', '--agg', 'sum(v)', '--format', 'csv']);
    expect(r.stdout).toBe('k,sum_v\na,6\nb,2\n');
    const z = await run(['agg', join(dir, 'events.jsonl.gz'), '--by', 'k', '--agg', 'sum(v)', '--format', 'csv']);
    expect(z).toMatchObject({ code: 0, stdout: 'k,sum_v\na,6\nb,2\n' });
  });
  it('a directory of two kinds, or inputs of two kinds, is a usage error naming them', async () => {
    const r = await run(['count', join(dir, 'mixed')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('holds files of several kinds (1 CSV (.csv, .tsv, .csv.gz, .csv.zst), 1 JSON lines (.jsonl, .ndjson, .jsonl.gz, .jsonl.zst))');
    const two = await run(['count', join(dir, 'upper', 'A.CSV'), join(dir, 'events.jsonl')]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('the inputs are of different kinds');
  });
});

describe('floe convert', () => {
  it('CSV → Parquet → Arrow IPC → CSV keeps the answer; OUT.parquet is a folder of parts', async () => {
    const pq = join(dir, 'lake.parquet');
    const w = await run(['convert', join(dir, 'upper'), pq]);
    expect(w.code).toBe(0);
    expect(w.stderr).toMatch(/^wrote 4 rows to 2 parquet file\(s\) in .*lake\.parquet/); // one per input file
    expect(readdirSync(pq)).toEqual(['part-00000.parquet', 'part-00001.parquet']);
    const arrow = join(dir, 'lake.arrow');
    expect((await run(['convert', pq, arrow])).code).toBe(0);
    const back = join(dir, 'back');
    expect((await run(['convert', arrow, back, '--to', 'csv'])).code).toBe(0);
    const r = await run(['agg', back, '--by', 'k', '--agg', 'sum(v)', '--format', 'csv']);
    expect(r.stdout).toBe('k,sum_v\na,6\nb,2\nc,7\n');
    expect((await run(['agg', pq, '--by', 'k', '--agg', 'sum(v)', '--format', 'csv'])).stdout).toBe(r.stdout);
  });
  it('CSV reading options on Parquet input, a missing output, a contradicting --to: usage errors', async () => {
    const pq = join(dir, 'lake.parquet');
    expect((await run(['count', pq, '--delimiter', ';'])).stderr).toContain('--delimiter applies to CSV input; the input is Parquet');
    expect((await run(['convert', pq])).code).toBe(2);
    const toStdout = await run(['convert', pq, '-']);
    expect([toStdout.code, toStdout.stderr]).toEqual([2, expect.stringContaining('floe convert writes part files into a folder; it cannot write to stdout (-)')]);
    expect((await run(['convert', join(dir, 'upper'), join(dir, 'x.parquet'), '--to', 'csv'])).stderr).toContain('--to csv contradicts the output name');
    // a kind floe reads but does not write: refused, nothing written (it wrote Parquet into out.jsonl)
    for (const name of ['out.jsonl', 'out.ndjson', 'out.tsv', 'out.csv.gz']) {
      const r = await run(['convert', pq, join(dir, name)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`floe convert writes Parquet, Arrow IPC or CSV part files (name the output .parquet, .arrow or .csv, or a folder with --to), not .${name.split('.').pop()}`);
      expect(existsSync(join(dir, name))).toBe(false);
    }
  });
  it('floe schema of Parquet and JSON lines names their format (it was an internal error)', async () => {
    const pq = join(dir, 'schema.parquet');
    expect((await run(['convert', join(dir, 'upper'), pq])).code).toBe(0);
    const t = await run(['schema', pq, '--format', 'json']);
    expect(t.code).toBe(0);
    expect(JSON.parse(t.stdout)).toMatchObject({ columns: [{ name: 'k', dtype: 'string' }, { name: 'v', dtype: 'int64' }], partitions: 2, format: 'parquet', dialect: null });
    const j = await run(['schema', join(dir, 'events.jsonl'), '--format', 'csv']);
    expect(j).toMatchObject({ code: 0, stdout: 'column,dtype\nk,string\nv,int64\n' });
  });
});

describe('JSON lines dates', () => {
  const events = join(dir, 'dated.jsonl');
  writeFileSync(events, '{"ts":"2024-01-03T10:00:00Z","n":1}\n{"ts":"2025-02-03 11:00:00","n":2}\n{"ts":"2025-05-01","n":4}\n');
  it('--parse-dates reads ISO text as timestamps; year(ts) in --by does it alone, as for CSV', async () => {
    expect((await run(['schema', events, '--parse-dates', 'ts', '--format', 'csv'])).stdout).toBe('column,dtype\nts,timestamp\nn,int64\n');
    expect((await run(['schema', events, '--parse-dates', '*', '--format', 'csv'])).stdout).toBe('column,dtype\nts,timestamp\nn,int64\n');
    expect((await run(['agg', events, '--by', 'year(ts)', '--agg', 'sum(n)', '--format', 'csv'])).stdout).toBe('ts,sum_n\n2024,1\n2025,6\n');
    const bad = await run(['count', events, '--parse-dates', 'tss']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--parse-dates: no column "tss"');
    // --dtype gives a column's type (a key the sample typed otherwise, or none held); the other CSV options do not apply
    expect((await run(['schema', events, '--dtype', 'n=float64', '--dtype', 'late=int64', '--format', 'csv'])).stdout).toBe('column,dtype\nts,string\nn,float64\nlate,int64\n');
    expect((await run(['count', events, '--dtype', 'n=date'])).stderr).toBe('floe: error: --dtype n=date: JSON lines read dates as timestamps; write --dtype n=timestamp\n');
    expect((await run(['count', events, '--delimiter', ';'])).stderr).toContain('--delimiter applies to CSV input; the input is JSON lines');
  });
  it('--on-bad-lines skip / warn drop JSON lines that are not objects, as the error advises; pad is for CSV', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"v":1}\n{"v":2\n{"v":4}\n');
    const strict = await run(['count', bad]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`${bad} line 2: the line is not valid JSON`);
    expect(await run(['count', bad, '--on-bad-lines', 'skip'])).toMatchObject({ code: 0, stdout: '2\n' });
    expect(await run(['agg', bad, '--agg', 'sum(v)', '--on-bad-lines', 'skip', '--format', 'csv'])).toMatchObject({ code: 0, stdout: 'sum_v\n5\n' });
    const pad = await run(['count', bad, '--on-bad-lines', 'pad']);
    expect(pad.code).toBe(2);
    expect(pad.stderr).toContain('--on-bad-lines pad applies to CSV input (rows with too few fields); JSON lines take error, skip or warn');
  });
});

describe('an option given two values', () => {
  it('says that the second, taken for a path, is an expression, and how to pass both', async () => {
    const csv = join(dir, 'two-values.csv');
    writeFileSync(csv, text);
    const r = await run(['agg', csv, '--by', 'k', '--agg', 'sum(v)', 'mean(v)']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"mean\(v\)" is not a file: it looks like an expression.*--agg 'sum\(c\)' --agg 'mean\(a\)'/);
    // listed in one value, or repeated, both are taken
    for (const argv of [['--agg', 'sum(v),mean(v)'], ['--agg', 'sum(v)', '--agg', 'mean(v)']]) {
      expect(await run(['agg', csv, '--by', 'k', ...argv, '--format', 'csv'])).toMatchObject({ code: 0, stdout: 'k,sum_v,mean_v\na,6,3.0\nb,2,2.0\n' });
    }
  });

  it('says where a column named among the paths goes, and where an order goes', async () => {
    const csv = join(dir, 'col-as-path.csv');
    writeFileSync(csv, text);
    expect(await run(['unique', csv, 'k'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no such file or directory: k (if k is a column, it goes in an option, e.g. --by k)') });
    expect(await run(['sort', csv, '--by', 'v', '--desc'])).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option '--desc'; an order is written with its key: floe sort --by 'c desc'") });
  });

  it('reads a file whose name looks like an expression when it exists', async () => {
    const odd = join(dir, 'f(x)');
    writeFileSync(odd, text);
    expect(await run(['count', odd])).toMatchObject({ code: 0, stdout: '3\n' });
  });
});

