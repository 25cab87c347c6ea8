/**
 * End to end: runs the real, built `floe` binary as a subprocess on generated seed data and
 * checks stdout, stderr and the exit code of every command and format (vitest.global-setup.ts
 * brings dist/ up to date before any test file starts). stdout is a pipe here, so the
 * default format is CSV and no progress is drawn.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, lstatSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { col, corr, readCsv, shutdown } from 'floe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeedYear } from '../../../scripts/gen-seed.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');
const ROWS = 50_000;

let dir: string;
let data: string;

function floe(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const csvLines = (s: string): string[][] => s.trimEnd().split('\n').map((l) => l.split(','));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-cli-e2e-'));
  data = join(dir, 'data');
  for (const year of [2010, 2011]) generateSeedYear(join(data, `${year}.csv`), year, { rows: ROWS, seed: 7 });
}, 180_000);

afterAll(async () => {
  await shutdown();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('floe agg', () => {
  it('matches the library for --by year(Date) --agg sum(*), as JSON', async () => {
    const r = floe('agg', data, '--by', 'year(Date)', '--agg', 'sum(*)', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lib = await readCsv(join(data, '*.csv'), { parseDates: ['Date'] }).groupBy(col('Date').dt.year()).sum().compute();
    expect(JSON.parse(r.stdout)).toEqual(lib.toRows());
    expect(lib.toRows().map((row) => row.Date)).toEqual([2010, 2011]);
  });

  it('computes nunique, median, quantile, first, last and corr like the library, on several workers', async () => {
    const r = floe('agg', data, '--by', 'year(Date) as y', '--agg', 'nunique(X0), median(X1), quantile(X2, 0.9), first(X3), last(X3), corr(X0, X1)', '--format', 'json', '--blocksize', '256KB', '--workers', '2');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lib = await readCsv(join(data, '*.csv'), { parseDates: ['Date'], blocksize: '256KB' }).groupBy(col('Date').dt.year().alias('y')).agg(
      col('X0').nUnique().alias('nunique_X0'), col('X1').median().alias('median_X1'), col('X2').quantile(0.9).alias('quantile_X2_0.9'),
      col('X3').first().alias('first_X3'), col('X3').last().alias('last_X3'), corr(col('X0'), col('X1')).alias('corr_X0_X1'),
    ).compute();
    expect(JSON.parse(r.stdout)).toEqual(lib.toRows());
    expect(Object.keys(lib.toRows()[0])).toEqual(['y', 'nunique_X0', 'median_X1', 'quantile_X2_0.9', 'first_X3', 'last_X3', 'corr_X0_X1']);
  });

  it('prints CSV by default in a pipe: keys in --by order, aggregates in --agg order, sorted by key', () => {
    const r = floe('agg', data, '--by', 'hour(Date) as h, year(Date) as y', '--agg', 'count(*), max(X0) - min(X1) as range', '--agg', 'mean(X2)');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const [header, ...rows] = csvLines(r.stdout);
    expect(header).toEqual(['h', 'y', 'count', 'range', 'mean_X2']);
    // 50 000 seconds from midnight: hours 0..13 of Jan 1 in each year
    expect(rows.map((row) => `${row[0]}/${row[1]}`)).toEqual(Array.from({ length: 14 }, (_, h) => [`${h}/2010`, `${h}/2011`]).flat());
    expect(rows.slice(0, 13).every((row) => row[2] === '3600')).toBe(true);
    expect(rows.reduce((s, row) => s + Number(row[2]), 0)).toBe(2 * ROWS);
  });

  it('filters with --where, comparing dates as dates', () => {
    const r = floe('agg', data, '--agg', 'count(*)', '--where', "Date < '2010-01-01 01:00:00' or (X0 >= 200 and X1 is not null)", '--parse-dates', 'Date');
    expect(r).toEqual({ code: 0, stdout: 'count\n3600\n', stderr: '' });
  });

  it('rows whose key is null are left out, and kept as a group of their own with --keep-null-keys', () => {
    const file = join(dir, 'null-keys.csv');
    writeFileSync(file, 'd,v\n2020-01-01,1\n,2\n2021-03-01,3\n,4\n');
    expect(floe('agg', file, '--by', 'year(d)', '--agg', 'sum(v)', '--parse-dates', 'd')).toEqual({ code: 0, stdout: 'd,sum_v\n2020,1\n2021,3\n', stderr: '' });
    expect(floe('agg', file, '--by', 'year(d)', '--agg', 'sum(v)', '--parse-dates', 'd', '--keep-null-keys')).toEqual({ code: 0, stdout: 'd,sum_v\n2020,1\n2021,3\n,6\n', stderr: '' });
    expect(floe('agg', '--help').stdout).toContain('--keep-null-keys');
  });

  it('a box table written to a file holds every row (a terminal gets the first and last 50)', () => {
    const file = join(dir, 'table.txt');
    expect(floe('head', data, '-n', '250', '--format', 'table', '--output', file)).toEqual({ code: 0, stdout: '', stderr: '' });
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n').filter((l) => l.startsWith('│ 20')).length).toBe(250);
    expect(text).not.toContain('more rows not shown');
    expect(floe('head', data, '-n', '250', '--format', 'table').stdout).toContain('… 150 more rows not shown');
  });

  it('writes ndjson and a box table on request', () => {
    const nd = floe('agg', data, '--by', 'year(Date) as year', '--agg', 'count(*)', '--format', 'ndjson');
    expect(nd).toEqual({ code: 0, stdout: '{"year":2010,"count":50000}\n{"year":2011,"count":50000}\n', stderr: '' });
    const table = floe('agg', data, '--by', 'year(Date) as year', '--agg', 'count(*)', '--format', 'table');
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n').slice(0, 9)).toEqual([
      'shape: (2, 2)',
      '┌───────┬───────┐',
      '│ year  ┆ count │',
      '│ ---   ┆ ---   │',
      '│ int64 ┆ int64 │',
      '╞═══════╪═══════╡',
      '│  2010 ┆ 50000 │',
      '│  2011 ┆ 50000 │',
      '└───────┴───────┘',
    ]);
  });

  it('writes --output through a temporary file, printing nothing', () => {
    const out = join(dir, 'out', 'result.json');
    execFileSync('mkdir', ['-p', join(dir, 'out')]);
    const r = floe('agg', data, '--by', 'year(Date)', '--agg', 'sum(X0)', '--output', out, '--workers', '2');
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const rows = JSON.parse(readFileSync(out, 'utf8')) as Record<string, number>[];
    expect(rows.map((row) => Object.keys(row))).toEqual([['Date', 'sum_X0'], ['Date', 'sum_X0']]);
    expect(readdirSync(join(dir, 'out'))).toEqual(['result.json']);
  });

  it('prints the plan with --explain and reads nothing', () => {
    const r = floe('agg', data, '--by', 'year(Date)', '--agg', 'sum(X0)', '--explain');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Aggregate /);
    expect(r.stdout).toContain('CsvScan 2 file(s)');
    expect(r.stderr).toBe('');
  });
});

describe('floe schema, head, count, describe', () => {
  it('schema prints the columns as CSV, and files and partitions as JSON', () => {
    expect(floe('schema', data)).toEqual({ code: 0, stdout: 'column,dtype\nDate,string\nX0,int64\nX1,int64\nX2,int64\nX3,int64\nX4,int64\n', stderr: '' });
    const r = floe('schema', join(data, '*.csv'), '--parse-dates', 'Date', '--blocksize', '1MB', '--format', 'json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { columns: { name: string; dtype: string }[]; files: { path: string; bytes: number }[]; bytes: number; partitions: number };
    expect(s.columns[0]).toEqual({ name: 'Date', dtype: 'timestamp' });
    expect(s.files.map((f) => f.path)).toEqual([join(data, '2010.csv'), join(data, '2011.csv')]);
    expect(s.bytes).toBe(s.files[0].bytes + s.files[1].bytes);
    expect(s.partitions).toBe(4);
  });

  it('schema on a terminal-style table lists the files', () => {
    const r = floe('schema', data, '--format', 'table');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^2 files, [\d.]+ MiB, 1 partition|^2 files, [\d.]+ MiB, 2 partitions/);
    expect(r.stdout).toContain(join(data, '2010.csv'));
    expect(r.stdout).toContain('│ X4     ┆ int64  │');
  });

  it('head prints the first rows in each format', () => {
    expect(floe('head', data, '-n', '2')).toEqual({ code: 0, stdout: `Date,X0,X1,X2,X3,X4\n${readFileSync(join(data, '2010.csv'), 'utf8').split('\n').slice(1, 3).join('\n')}\n`, stderr: '' });
    const json = floe('head', data, '-n', '3', '--format', 'json', '--parse-dates', 'Date');
    expect(JSON.parse(json.stdout).map((r: { Date: string }) => r.Date)).toEqual(['2010-01-01 00:00:00', '2010-01-01 00:00:01', '2010-01-01 00:00:02']);
    const nd = floe('head', data, '-n', '1', '--format', 'ndjson', '--where', 'X0 > 98');
    expect(nd.code).toBe(0);
    expect(JSON.parse(nd.stdout).X0).toBe(99);
    expect(floe('head', data).stdout.trimEnd().split('\n')).toHaveLength(11);
  });

  it('count prints the bare number, or a one-row table with --format', () => {
    expect(floe('count', data)).toEqual({ code: 0, stdout: `${2 * ROWS}\n`, stderr: '' });
    expect(floe('count', data, '--where', 'year(Date) = 2011')).toEqual({ code: 0, stdout: `${ROWS}\n`, stderr: '' });
    expect(floe('count', data, '--format', 'csv')).toEqual({ code: 0, stdout: `count\n${2 * ROWS}\n`, stderr: '' });
    expect(floe('count', data, '--format', 'json').stdout).toBe(`[\n{"count":${2 * ROWS}}\n]\n`);
    // a file named .json gets JSON, as --format json prints it (it got a bare number); another file the number
    expect(floe('count', data, '--output', join(dir, 'count.json'))).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(join(dir, 'count.json'), 'utf8')).toBe(`[\n{"count":${2 * ROWS}}\n]\n`);
    expect(floe('count', data, '--output', join(dir, 'count.txt'))).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(join(dir, 'count.txt'), 'utf8')).toBe(`${2 * ROWS}\n`);
  });

  it("describe prints the library's describe(): one row per statistic, one column per input column", async () => {
    const r = floe('describe', data, '--parse-dates', 'Date', '--format', 'json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.map((row) => row.statistic)).toEqual(['count', 'nulls', 'mean', 'std', 'min', '25%', '50%', '75%', 'max']);
    expect(Object.keys(rows[0])).toEqual(['statistic', 'Date', 'X0', 'X1', 'X2', 'X3', 'X4']);
    expect(rows.map((row) => row.Date)).toEqual([`${2 * ROWS}`, '0', expect.any(String), null, '2010-01-01 00:00:00', expect.any(String), expect.any(String), expect.any(String), '2011-01-01 13:53:19']);
    const lib = (await readCsv(join(data, '*.csv'), { parseDates: ['Date'] }).describe()).toRows();
    expect(rows.map((row) => row.X0)).toEqual(lib.map((row) => row.X0));
    expect(rows.map((row) => row.Date)).toEqual(lib.map((row) => row.Date));
    expect(rows[4].X0).toBe(0);
    expect(rows[8].X0).toBe(99);
    const table = floe('describe', data, '--format', 'table', '--no-percentiles');
    expect(table.stdout).toMatch(/│ string +┆ string +┆ float64 +┆/);
    expect(table.stdout).not.toContain('any');
    expect(table.stdout).not.toContain('25%');
  });

  it('--date-format reads a column written in another format', () => {
    const p = join(dir, 'eu.csv');
    writeFileSync(p, 'Day,v\n15/01/2020,1\n16/01/2020,2\n01/02/2021,3\n');
    expect(floe('agg', p, '--date-format', 'Day=DD/MM/YYYY', '--by', 'year(Day)', '--agg', 'sum(v)')).toEqual({ code: 0, stdout: 'Day,sum_v\n2020,3\n2021,3\n', stderr: '' });
    const bad = floe('head', p, '--date-format', 'Day=D-MMM-YY');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${p}, line 2, column "Day": value does not match the date format "D-MMM-YY" (value "15/01/2020")`);
    expect(floe('head', p, '--date-format', 'Dya=DD/MM/YYYY')).toMatchObject({ code: 2, stderr: expect.stringContaining('--date-format: no column "Dya"') });
  });
});

describe('floe errors', () => {
  it('exit 2 with one line for usage errors', () => {
    const cases: [string[], RegExp][] = [
      [['agg', data], /^floe: error: required option '--agg <AGGS>' not specified; see 'floe agg --help'\n$/],
      [['agg', data, '--agg', 'sum(X0)', '--fromat', 'json'], /^floe: error: unknown option '--fromat' \(Did you mean --format\?\); see 'floe agg --help'\n$/],
      // a misspelt option before a missing required one (it said "required option '--agg' not specified")
      [['agg', data, '--bye', 'X0'], /^floe: error: unknown option '--bye' \(Did you mean --by\?\); see 'floe agg --help'\n$/],
      [['agg', data, '--agg', 'sum(X0)', '--format', 'xml'], /^floe: error: option '--format <FMT>' argument 'xml' is invalid\. Allowed choices are table, csv, json, ndjson; see/],
      [['agg', data, '--agg', 'sum(X0', '--by', 'year(Date)'], /^floe: error: --agg: unexpected end of text at column 7; expected '\)'/],
      [['agg', data, '--agg', 'sum(X9)'], /^floe: error: --agg: unknown column "X9" at column 5; did you mean "X0"\?\n$/],
      [['agg', data, '--by', 'X0, X0 % 7', '--agg', 'count(*)'], /^floe: error: two output columns would be named "X0"; rename one with 'as'/],
      [['count', data, '--where', 'X0 > 5)'], /^floe: error: --where: unexpected '\)' at column 7; it has no matching '\('\n$/],
      [['count', data, '--dtype', 'Nope=int64'], /^floe: error: --dtype: no column "Nope" in the files/],
      [['head', data, '-n', 'ten'], /^floe: error: option '-n, --rows <N>' argument 'ten' is invalid/],
      [['frobnicate', data], /^floe: error: unknown command 'frobnicate'/],
    ];
    for (const [args, stderr] of cases) {
      const r = floe(...args);
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(r.stderr).toMatch(stderr);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('never evaluates an expression as JavaScript', () => {
    const marker = join(dir, 'pwned');
    const attempts = [
      'process.exit(1)',
      "require('fs')",
      "constructor.constructor('x')()",
      '${1}',
      `require('fs').writeFileSync('${marker}', '')`,
      "X0 > 1; process.exit(0)",
    ];
    for (const where of attempts) {
      const r = floe('count', data, '--where', where);
      expect({ where, code: r.code, stdout: r.stdout }).toEqual({ where, code: 2, stdout: '' });
      expect(r.stderr).toMatch(/^floe: error: --where: .* at column \d+/);
    }
    expect(floe('agg', data, '--agg', "constructor.constructor('x')()").code).toBe(2);
    expect(existsSync(marker)).toBe(false);
  });

  it('--on-bad-lines: an error naming the line by default, or skip, or warn on stderr', () => {
    const p = join(dir, 'ragged.csv');
    writeFileSync(p, 'a,b\n1,2\n3\n4,5\n');
    const strict = floe('count', p);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe(`floe: error: ${p}, line 3: expected 2 fields (as in the header), found 1. fix the row, or pass onBadLines: 'skip' (--on-bad-lines skip) to drop such rows, or 'pad' (--on-bad-lines pad) to fill the missing fields with nulls\n`);
    expect(floe('count', p, '--on-bad-lines', 'skip')).toEqual({ code: 0, stdout: '2\n', stderr: '' });
    expect(floe('count', p, '--on-bad-lines', 'warn')).toEqual({ code: 0, stdout: '2\n', stderr: `floe: skipped 1 row(s) with the wrong number of fields (first at ${p}:3)\n` });
    expect(floe('count', p, '--on-bad-lines', 'maybe').code).toBe(2);
  });

  it('--encoding latin1 reads a Windows export (é as one byte), in the commands and in sql', () => {
    const p = join(root, 'fixtures/dialects/latin1.csv');
    const bad = floe('agg', p, '--by', 'ville', '--agg', 'count(*)', '--decimal', ',');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("invalid UTF-8 bytes in a text value (value \"Montréal\"). fix the file's encoding (floe reads UTF-8), or pass encoding: 'latin1' (--encoding latin1)");
    expect(floe('agg', p, '--by', 'ville', '--agg', 'count(*)', '--decimal', ',', '--encoding', 'latin1', '--format', 'csv')).toEqual({ code: 0, stdout: 'ville,count\nMontréal,1\nSão Paulo,1\nZürich,1\n', stderr: '' });
    expect(floe('sql', `select note from '${p}' where ville = 'Zürich'`, '--encoding', 'latin1', '--format', 'csv')).toEqual({ code: 0, stdout: 'note\n€ 3\n', stderr: '' });
  });

  it('exit 1 with one line for a missing path', () => {
    const missing = join(dir, 'nope');
    expect(floe('count', missing)).toEqual({ code: 1, stdout: '', stderr: `floe: error: no such file or directory: ${missing}\n` });
    expect(floe('agg', join(dir, 'nope*.csv'), '--agg', 'count(*)').stderr).toMatch(/^floe: error: the pattern ".*nope\*\.csv" matched no files\n$/);
  });

  it('exit 1 naming file, line and column for bad data, with the stack under --verbose', () => {
    const bad = join(dir, 'bad.csv');
    const lines = ['a,b'];
    for (let i = 0; i < 300_000; i++) lines.push(i === 150_000 ? 'oops,1' : `${i},${i % 7}`);
    writeFileSync(bad, `${lines.join('\n')}\n`);
    const r = floe('agg', bad, '--agg', 'sum(a)');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^floe: error: .*bad\.csv, line 150002, column "a": .*"oops"/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    const verbose = floe('agg', bad, '--agg', 'sum(a)', '--verbose');
    expect(verbose.code).toBe(1);
    expect(verbose.stderr.split('\n')[0]).toBe(r.stderr.trimEnd());
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  it('a full disk (stdout or --output on /dev/full) is one error line and exit 1, and the device stays a device', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [bin, 'head', data, '-n', '20000'], { cwd: dir, stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 60_000 });
      expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 1, stderr: 'floe: error: cannot write the result to stdout: no space left on the device\n' });
    } finally {
      closeSync(full);
    }
    const link = join(dir, 'full-link.csv');
    symlinkSync('/dev/full', link);
    expect(floe('count', data, '--output', link)).toEqual({ code: 1, stdout: '', stderr: `floe: error: cannot write ${link}: no space left on the device\n` });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('--output /dev/stdout (or /dev/fd/1, /dev/stderr) writes into what the shell opened: appended to a log, into a pipe', () => {
    const log = join(dir, 'append.log');
    writeFileSync(log, 'keep me\n');
    const fd = openSync(log, 'a');
    try {
      const r = spawnSync(process.execPath, [bin, 'count', data, '--output', '/dev/stdout'], { cwd: dir, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 60_000 });
      expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(log, 'utf8')).toBe(`keep me\n${2 * ROWS}\n`);
    expect(floe('count', data, '--output', '/dev/fd/1')).toEqual({ code: 0, stdout: `${2 * ROWS}\n`, stderr: '' });
    expect(floe('count', data, '--output', '/dev/stderr')).toEqual({ code: 0, stdout: '', stderr: `${2 * ROWS}\n` });
  });

  it('a result cut short by a closed pipe (| head -1) leaves none of its part files behind', () => {
    const spill = mkdtempSync(join(tmpdir(), 'floe-e2e-spill-'));
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" sort "${data}" --by 'X0 desc' | head -1`], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, FLOE_SPILL_DIR: spill } });
    expect({ code: r.status, stdout: r.stdout }).toEqual({ code: 0, stdout: 'Date,X0,X1,X2,X3,X4\n' });
    expect(readdirSync(spill)).toEqual([]);
    rmSync(spill, { recursive: true, force: true });
  });

  it('exit 0 for --help and --version', () => {
    const help = floe('--help');
    expect(help.code).toBe(0);
    for (const cmd of ['agg', 'schema', 'head', 'count', 'describe']) expect(help.stdout).toContain(`  ${cmd} [options] <paths...>`);
    expect(floe('--version')).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });
});
