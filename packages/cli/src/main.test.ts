/**
 * main() in-process, with fake terminals and pipes: which format is chosen, what goes to
 * which stream, and the exit codes. (cli.e2e.test.ts runs the built binary.)
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from './testing/run-main.js';

const run = (argv: string[], tty: { stdout?: boolean; stderr?: boolean } = {}) => runMain(argv, tty);

let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-main-'));
  file = join(dir, 'small.csv');
  writeFileSync(file, 'k,v,when\na,1,2010-01-01 00:00:00\nb,2,2010-06-01 12:00:00\na,,2011-01-01 00:00:00\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('main', () => {
  it('prints a box table when stdout is a terminal', async () => {
    const r = await run(['agg', file, '--by', 'k', '--agg', 'sum(v), count(*)', '--no-progress'], { stdout: true, stderr: true });
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'shape: (2, 3)',
        '┌────────┬───────┬───────┐',
        '│ k      ┆ sum_v ┆ count │',
        '│ ---    ┆ ---   ┆ ---   │',
        '│ string ┆ int64 ┆ int64 │',
        '╞════════╪═══════╪═══════╡',
        '│ a      ┆     1 ┆     2 │',
        '│ b      ┆     2 ┆     1 │',
        '└────────┴───────┴───────┘',
        '',
      ].join('\n'),
    });
  });

  it('prints CSV when stdout is a pipe, and nothing on stderr', async () => {
    const r = await run(['agg', file, '--by', 'year(when) as y', '--agg', 'mean(v)']);
    expect(r).toEqual({ code: 0, stdout: 'y,mean_v\n2010,1.5\n2011,\n', stderr: '' });
  });

  it('draws progress only on stderr, and erases it before the result is printed', async () => {
    const r = await run(['count', file], { stdout: true, stderr: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('3\n');
    // drawn only if the query outlives the bar's delay; erased either way
    if (r.stderr !== '') expect(r.stderr).toMatch(/^\r\x1b\[2K.*tasks.*\r\x1b\[2K$/s);
  });

  it('returns 2 for usage errors and 1 for runtime errors, with one line on stderr', async () => {
    const usage = await run(['agg', file, '--agg', 'sum(v']);
    expect(usage).toEqual({ code: 2, stdout: '', stderr: "floe: error: --agg: unexpected end of text at column 6; expected ')' to close the '(' at column 4\n" });
    const missing = await run(['count', join(dir, 'nope.csv')]);
    expect(missing).toEqual({ code: 1, stdout: '', stderr: `floe: error: no such file or directory: ${join(dir, 'nope.csv')}\n` });
  });

  it('adds the stack with --verbose', async () => {
    const r = await run(['count', join(dir, 'nope.csv'), '--verbose']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`floe: error: no such file or directory: ${join(dir, 'nope.csv')}`);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('prints help to stdout with exit 0, and usage to stderr with exit 2 when no command is given', async () => {
    const help = await run(['agg', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: floe agg [options] <paths...>');
    expect(help.stdout).toContain('count(*)              count');
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: floe');
    // help for a command that does not exist names it (commander printed the whole help, naming nothing)
    expect(await run(['help', 'nosuch'])).toEqual({ code: 2, stdout: '', stderr: "floe: error: unknown command 'nosuch'; the commands: agg, schema, head, count, describe, sort, unique, sql, convert, worker\n" });
    expect((await run(['help', 'agg'])).stdout).toContain('Usage: floe agg [options] <paths...>');
  });
});

describe('bad input from issue 10 (crashes, hangs, silent wrong answers)', () => {
  const write = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('columns named constructor, toString, valueOf, hasOwnProperty, __proto__ work in every command', async () => {
    const p = write('proto.csv', 'constructor,toString,valueOf,hasOwnProperty,__proto__\n1,2,3,4,5\n6,7,8,9,10\n');
    expect(await run(['count', p])).toEqual({ code: 0, stdout: '2\n', stderr: '' });
    expect(await run(['head', p, '--format', 'ndjson'])).toEqual({ code: 0, stdout: '{"constructor":1,"toString":2,"valueOf":3,"hasOwnProperty":4,"__proto__":5}\n{"constructor":6,"toString":7,"valueOf":8,"hasOwnProperty":9,"__proto__":10}\n', stderr: '' });
    expect(await run(['agg', p, '--by', 'constructor', '--agg', 'sum(valueOf), max(__proto__)'])).toEqual({ code: 0, stdout: 'constructor,sum_valueOf,max___proto__\n1,3,5\n6,8,10\n', stderr: '' });
    const described = (await run(['describe', p])).stdout.split('\n');
    expect(described[0]).toBe('statistic,constructor,toString,valueOf,hasOwnProperty,__proto__');
    expect(described[3]).toBe('mean,3.5,4.5,5.5,6.5,7.5');
  });

  it('head -n 130000: every row in a pipe; on a terminal, 100 rows and how many were left out', async () => {
    const p = write('tall.csv', `i\n${Array.from({ length: 130_000 }, (_, i) => i).join('\n')}\n`);
    const piped = await run(['head', p, '-n', '130000']);
    expect(piped.code).toBe(0);
    expect(piped.stdout.split('\n')).toHaveLength(130_002);
    const tty = await run(['head', p, '-n', '130000', '--no-progress'], { stdout: true });
    const lines = tty.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => /^│ +\d+ │$/.test(l))).toHaveLength(100);
    expect(lines.at(-1)).toBe('… 129900 more rows not shown; for every row use --format csv, or --output FILE');
  });

  it('a 5000-term --where runs; 3000 nested parentheses are refused with the limit (exit 2)', async () => {
    const p = write('tiny.csv', 'a\n1\n2\n');
    expect(await run(['count', p, '--where', Array.from({ length: 5000 }, () => 'a > 1').join(' and ')])).toEqual({ code: 0, stdout: '1\n', stderr: '' });
    expect(await run(['count', p, '--where', `${'('.repeat(3000)}a > 0${')'.repeat(3000)}`])).toEqual({
      code: 2, stdout: '', stderr: 'floe: error: --where: the expression nests deeper than 200 levels at column 201; remove redundant parentheses or repeated prefix operators\n',
    });
  });

  it('--blocksize 1 is raised to 64KB with a warning that names the flag', async () => {
    const p = write('blocks.csv', 'a\n1\n2\n');
    const warnings: string[] = [];
    const onWarning = (w: Error): void => { warnings.push(w.message); };
    process.on('warning', onWarning);
    try {
      expect(await run(['schema', p, '--blocksize', '1', '--format', 'json']).then((r) => JSON.parse(r.stdout).blocksize)).toBe(65536);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual(['--blocksize 1 is below the minimum of 64KB; using 64KB']);
  });

  it('--sample-size, and rows longer than the sample still give numeric columns', async () => {
    const p = write('long-rows.csv', `v,blob\n${Array.from({ length: 20 }, (_, i) => `${[9, 100][i % 2]},${'x'.repeat(3000)}`).join('\n')}\n`);
    expect(await run(['schema', p, '--sample-size', '1KB'])).toEqual({ code: 0, stdout: 'column,dtype\nv,int64\nblob,string\n', stderr: '' });
    expect(await run(['agg', p, '--agg', 'max(v)', '--sample-size', '1KB'])).toEqual({ code: 0, stdout: 'max_v\n100\n', stderr: '' });
  });

  it('--on-bad-lines skip --on-type-mismatch widen with a junk footer: the footer is skipped, the column stays int64', async () => {
    const p = write('footer.csv', 'a,b\n1,2\n3,4\nTotal rows: 2\n');
    expect(await run(['agg', p, '--agg', 'max(a), sum(b)', '--on-bad-lines', 'skip', '--on-type-mismatch', 'widen'])).toEqual({ code: 0, stdout: 'max_a,sum_b\n3,6\n', stderr: '' });
  });

  it('a header-only file summed: says there are no data rows and names --dtype', async () => {
    const p = write('header-only.csv', 'a,b\n');
    expect(await run(['agg', p, '--agg', 'sum(b)'])).toEqual({ code: 2, stdout: '', stderr: 'floe: error: --agg: sum() needs a numeric value, but b is string (the files have no data rows to infer types from) at column 5; give it a type with --dtype b=float64\n' });
    expect(await run(['agg', p, '--agg', 'sum(*)'])).toMatchObject({ code: 2, stderr: expect.stringContaining('sum(*) found no numeric columns besides the keys (the files have no data rows to infer types from)') });
  });

  it('a text column summed: names the value that made it text', async () => {
    const p = write('text-col.csv', 'k,v\n1,2\n2,n/a?\n');
    expect(await run(['agg', p, '--agg', 'sum(v)'])).toEqual({ code: 2, stdout: '', stderr: `floe: error: --agg: sum() needs a numeric value, but v is string (inferred from the value "n/a?" at ${p} line 3) at column 5\n` });
  });

  it('a column name with invisible spaces: names are shown quoted, the trimmed match is suggested, NFD input matches NFC', async () => {
    const p = write('spaced.csv', ' name ,caf\u00e9\nx,1\n');
    expect(await run(['agg', p, '--by', 'name', '--agg', 'count(*)'])).toEqual({ code: 2, stdout: '', stderr: 'floe: error: --by: unknown column "name" at column 1; did you mean " name "? (a name with spaces is written in double quotes: " name ")\n' });
    expect(await run(['sort', p, '--by', 'nme'])).toEqual({ code: 2, stdout: '', stderr: 'floe: error: --by: no column "nme" in the files; did you mean " name "? (names are shown quoted: this one has spaces); columns: " name ", "café"\n' });
    expect(await run(['agg', p, '--by', '" name "', '--agg', 'sum(cafe\u0301)'])).toEqual({ code: 0, stdout: '" name ",sum_café\nx,1\n', stderr: '' });
  });

  it('--date-errors null reads values that are not dates as null (the flag the error names)', async () => {
    const p = write('soon.csv', 'd,v\n2020-01-01,1\nsoon,2\n');
    expect(await run(['head', p, '--parse-dates', 'd'])).toMatchObject({ code: 1, stderr: expect.stringContaining("pass dateErrors: 'null' (--date-errors null)") });
    expect(await run(['agg', p, '--parse-dates', 'd', '--date-errors', 'null', '--agg', 'count(d), count(*)'])).toEqual({ code: 0, stdout: 'count_d,count\n1,2\n', stderr: '' });
  });

  it('mean, median and quantile of dates print timestamps, by group and whole (refused before; describe printed them)', async () => {
    const p = write('visits.csv', 'city,day\nOslo,2024-01-02\nOslo,2024-01-03\nRome,2024-03-01\nRome,\n');
    expect(await run(['agg', p, '--parse-dates', 'day', '--by', 'city', '--agg', 'mean(day), median(day), quantile(day, 0.25)'])).toEqual({ code: 0, stdout: 'city,mean_day,median_day,quantile_day_0.25\nOslo,2024-01-02 12:00:00,2024-01-02 12:00:00,2024-01-02 06:00:00\nRome,2024-03-01 00:00:00,2024-03-01 00:00:00,2024-03-01 00:00:00\n', stderr: '' });
    expect(await run(['agg', p, '--dtype', 'day=date', '--agg', 'mean(day)'])).toEqual({ code: 0, stdout: 'mean_day\n2024-01-22 00:00:00\n', stderr: '' });
  });

  it('a folder\'s .CSV files (any case) are read', async () => {
    const d = join(dir, 'upper');
    mkdirSync(d);
    writeFileSync(join(d, 'A.CSV'), 'x\n1\n');
    writeFileSync(join(d, 'b.csv'), 'x\n2\n');
    expect(await run(['count', d])).toEqual({ code: 0, stdout: '2\n', stderr: '' });
  });
});

describe('--union-by-name', () => {
  it('reads files whose columns differ as one, aligned by name; without it the error names the flag', async () => {
    const a = join(dir, 'u1.csv');
    const b = join(dir, 'u2.csv');
    writeFileSync(a, 'k,v\nx,1\ny,2\n');
    writeFileSync(b, 'v,w,k\n3.5,9,x\n');
    expect(await run(['agg', a, b, '--union-by-name', '--by', 'k', '--agg', 'sum(v), sum(w), count(*)', '--no-progress']))
      .toEqual({ code: 0, stderr: '', stdout: 'k,sum_v,sum_w,count\nx,4.5,9,2\ny,2.0,0,1\n' });
    const refused = await run(['count', a, b]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('; unionByName: true [--union-by-name] reads them aligned by name');
  });
});

describe('timestamps', () => {
  it('keep their microseconds in every output: table, csv, json, ndjson, a file, sort and sql (a Date cut them to milliseconds)', async () => {
    const p = join(dir, 'us.csv');
    writeFileSync(p, 't,v\n2024-01-01 12:00:00.123456,1\n2024-01-02 00:00:00,2\n,3\n2024-01-03 01:02:03.5,4\n');
    const texts = ['2024-01-01 12:00:00.123456', '2024-01-02 00:00:00', '2024-01-03 01:02:03.500'];
    const csv = await run(['head', p, '--parse-dates', 't']);
    expect(csv.stdout).toBe(`t,v\n${texts[0]},1\n${texts[1]},2\n,3\n${texts[2]},4\n`);
    expect((await run(['head', p, '--parse-dates', 't', '--format', 'ndjson'])).stdout.split('\n')[0]).toBe(`{"t":"${texts[0]}","v":1}`);
    expect(JSON.parse((await run(['head', p, '--parse-dates', 't', '--format', 'json'])).stdout)[2]).toEqual({ t: null, v: 3 });
    expect((await run(['head', p, '--parse-dates', 't'], { stdout: true })).stdout).toContain(texts[0]);
    expect((await run(['sort', p, '--parse-dates', 't', '--by', 't desc'])).stdout.split('\n').slice(1, 4)).toEqual([`${texts[2]},4`, `${texts[1]},2`, `${texts[0]},1`]);
    expect((await run(['sql', `select min(cast(t as timestamp)) as m from '${p}'`])).stdout).toBe(`m\n${texts[0]}\n`);
    const out = join(dir, 'us-out.csv');
    expect((await run(['head', p, '--parse-dates', 't', '--output', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(csv.stdout);
  });
});

describe('a date part of text that is not ISO', () => {
  it('says which key read it as dates and how to give its format (not an option the user never passed)', async () => {
    const p = join(dir, 'us-dates.csv');
    writeFileSync(p, 'd,v\n05/01/2024,1\n06/01/2024,2\n');
    expect(await run(['agg', p, '--by', 'year(d)', '--agg', 'sum(v)'])).toEqual({
      code: 2, stdout: '',
      stderr: `floe: error: the query uses "d" as a date (year(), month(), … of it, or a comparison with a date), but it has values that are not ISO dates, e.g. "05/01/2024" at ${p} line 2; give its format with --date-format d=FMT (e.g. MM/DD/YYYY), --date-errors null to read those as null, or --dtype d=string to compare it as text\n`,
    });
    expect((await run(['agg', p, '--by', 'year(d)', '--agg', 'sum(v)', '--date-format', 'd=DD/MM/YYYY'])).stdout).toBe('d,sum_v\n2024,3\n');
  });
});

describe('a text column compared with a quoted date', () => {
  // as text, '2021-01-10' < '2021-1-5' and '2022-11-20' > '2021-12-01' letter by letter: a count
  // that is wrong without a word (DuckDB reads the column as dates and compares days)
  const rows = 'Date,v\n2021-01-03,1\n2021-01-10,2\n2021-02-01,3\n2022-11-20,4\n2021-12-24,5\n';

  it('reads the column as dates, so the comparison is of days', async () => {
    const p = join(dir, 'iso-text.csv');
    writeFileSync(p, rows);
    expect((await run(['count', p, '--where', "Date > '2021-01-05'"])).stdout).toBe('4\n');
    expect((await run(['count', p, '--where', "'2021-12-01' <= Date"])).stdout).toBe('2\n');
    expect((await run(['agg', p, '--where', "Date >= '2021-02-01 00:00:00'", '--agg', 'sum(v)'])).stdout).toBe('sum_v\n12\n');
  });

  it('refuses a date written without its zeros, instead of comparing it as text', async () => {
    const p = join(dir, 'iso-text2.csv');
    writeFileSync(p, rows);
    expect(await run(['count', p, '--where', "Date > '2021-1-5'"])).toMatchObject({ code: 2, stderr: expect.stringContaining("cannot read '2021-1-5' as a date") });
  });

  it('refuses other date spellings against a column of ISO dates, and leaves other text columns text', async () => {
    const p = join(dir, 'iso-text3.csv');
    writeFileSync(p, rows);
    for (const literal of ['2021/01/05', '05/01/2021', '20210105', '2021-01-05x']) {
      expect(await run(['count', p, '--where', `Date > '${literal}'`])).toMatchObject({ code: 2, stderr: expect.stringContaining(`cannot read '${literal}' as a date`) });
    }
    const codes = join(dir, 'codes.csv');
    writeFileSync(codes, 'code,v\n20210105,1\nA-1,2\n');
    expect((await run(['count', codes, '--where', "code = '20210105'"])).stdout).toBe('1\n');
  });

  it('prints a column of dates alone as dates (read as timestamps, they printed at midnight)', async () => {
    const p = join(dir, 'iso-text4.csv');
    writeFileSync(p, rows);
    expect((await run(['head', p, '-n', '2', '--where', "Date > '2021-01-05'"])).stdout).toBe('Date,v\n2021-01-10,2\n2021-02-01,3\n');
    // named by --parse-dates: timestamps, as the option reads them, whatever the filter
    expect((await run(['head', p, '-n', '1', '--parse-dates', 'Date', '--where', "Date > '2021-01-05'"])).stdout).toBe('Date,v\n2021-01-10 00:00:00,2\n');
  });

  it('names --dtype string when the column is text that only starts like a date', async () => {
    const p = join(dir, 'versions.csv');
    writeFileSync(p, 'tag\n2021-01-05-beta\n2021-02-01\n');
    expect(await run(['count', p, '--where', "tag < '2021-01-31'"])).toMatchObject({ code: 2, stderr: expect.stringContaining('--dtype tag=string to compare it as text') });
    expect((await run(['count', p, '--where', "tag < '2021-01-31'", '--dtype', 'tag=string'])).stdout).toBe('1\n');
  });
});

describe('--output FILE of a binary kind', () => {
  it('is refused before the query runs, nothing written (it got CSV text, which no Parquet reader opens)', async () => {
    for (const [name, hint] of [['r.parquet', 'floe convert result.csv result.parquet'], ['r.ARROW', 'floe convert result.csv result.arrow'], ['c.csv.gz', 'compress that file'], ['r.xlsx', 'floe writes no spreadsheets']] as const) {
      const path = join(dir, name);
      for (const argv of [['agg', file, '--by', 'k', '--agg', 'sum(v)'], ['count', file]]) {
        const r = await run([...argv, '--output', path]);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`floe: error: --output ${path}: a result file is CSV, JSON or JSON lines text`);
        expect(r.stderr).toContain(hint);
        expect(existsSync(path)).toBe(false);
      }
    }
  });
});

describe('--output FILE.tsv', () => {
  it('writes tab-separated text (it wrote commas under a .tsv name)', async () => {
    const path = join(dir, 'r.tsv');
    expect((await run(['agg', file, '--by', 'k', '--agg', 'sum(v)', '--output', path, '--no-progress'])).code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe('k\tsum_v\na\t1\nb\t2\n');
  });
});

describe('unique --count', () => {
  it('prints the bare number as floe count does (it printed a count header line); --format gives a one-column result', async () => {
    expect(await run(['unique', file, '--by', 'k', '--count', '--no-progress'])).toEqual({ code: 0, stdout: '2\n', stderr: '' });
    expect((await run(['unique', file, '--by', 'k', '--count', '--format', 'csv', '--no-progress'])).stdout).toBe('count\n2\n');
  });
});

describe('--output DIR/', () => {
  it('agg, unique and sql stream their rows into part files in key order; --format other than csv is refused; a file name is one file', async () => {
    const rowsIn = (d: string): string[] => readdirSync(d).sort().flatMap((f) => readFileSync(join(d, f), 'utf8').split('\n').slice(1)).filter((l) => l !== '');
    const aggDir = `${join(dir, 'agg-parts')}/`;
    const agg = await run(['agg', file, '--by', 'k', '--agg', 'sum(v), count(*)', '--output', aggDir, '--no-progress']);
    expect(agg).toEqual({ code: 0, stdout: '', stderr: `floe: wrote 2 rows to ${readdirSync(aggDir).length} file(s) in ${aggDir}\n` });
    expect(readdirSync(aggDir).every((f) => /^part-\d{5}\.csv$/.test(f))).toBe(true);
    expect(rowsIn(aggDir)).toEqual(['a,1,2', 'b,2,1']);
    const uniqueDir = `${join(dir, 'unique-parts')}/`;
    expect((await run(['unique', file, '--by', 'k', '--output', uniqueDir, '--no-progress'])).code).toBe(0);
    expect(rowsIn(uniqueDir)).toEqual(['a', 'b']);
    const sqlDir = `${join(dir, 'sql-parts')}/`;
    expect((await run(['sql', `select k, count(*) as n from '${file}' group by k`, '--output', sqlDir, '--no-progress'])).code).toBe(0);
    expect(rowsIn(sqlDir)).toEqual(['a,2', 'b,1']);
    const refused = await run(['agg', file, '--by', 'k', '--agg', 'count(*)', '--output', `${join(dir, 'json-parts')}/`, '--format', 'json']);
    expect(refused).toEqual({ code: 2, stdout: '', stderr: 'floe: error: --output to a directory writes CSV part files; drop --format or write to a file\n' });
    // the inputs' own folder is refused, and nothing in it changes
    const same = join(dir, 'same');
    mkdirSync(same);
    for (let i = 0; i < 4; i++) writeFileSync(join(same, `part-0000${i}.csv`), `k,v\na,${i}\n`);
    const inPlace = await run(['agg', same, '--by', 'k', '--agg', 'sum(v)', '--output', same, '--no-progress']);
    expect(inPlace.code).toBe(2); // a usage mistake, refused before anything runs
    expect(inPlace.stderr).toMatch(/^floe: error: \/.*same holds this query's input .*part-0000\d\.csv; write the result to another folder/);
    expect(readdirSync(same).sort()).toEqual(['part-00000.csv', 'part-00001.csv', 'part-00002.csv', 'part-00003.csv']);
    expect(readFileSync(join(same, 'part-00003.csv'), 'utf8')).toBe('k,v\na,3\n');
    // a command that writes one result refuses a folder instead of writing a file named like it
    expect(await run(['count', file, '--output', `${join(dir, 'count-parts')}/`])).toEqual({ code: 2, stdout: '', stderr: `floe: error: --output ${join(dir, 'count-parts')}/: this command writes one file; give a file name, e.g. ${join(dir, 'count-parts')}/result.csv\n` });
    const one = join(dir, 'one.csv');
    expect((await run(['agg', file, '--by', 'k', '--agg', 'count(*)', '--output', one, '--no-progress'])).code).toBe(0);
    expect(readFileSync(one, 'utf8')).toBe('k,count\na,2\nb,1\n');
  });
});

describe("an engine error's hint", () => {
  it('names the flag or the SQL that fixes it, not library code', async () => {
    const big = join(dir, 'overflow.csv');
    writeFileSync(big, 'k,v\na,9000000000000000000\na,9000000000000000000\n');
    expect(await run(['agg', big, '--by', 'k', '--agg', 'sum(v)', '--no-progress'])).toEqual({ code: 1, stdout: '', stderr: 'floe: error: sum of "v" overflows int64 in a group; read it as float64 first: --dtype v=float64\n' });
    const sql = await run(['sql', `select k, sum(v) from '${big}' group by k`, '--no-progress']);
    expect(sql).toEqual({ code: 1, stdout: '', stderr: 'floe: error: sum of "v" overflows int64 in a group; sum it as a double: sum(CAST("v" AS DOUBLE))\n' });
    expect((await run(['agg', big, '--by', 'k', '--agg', 'sum(v)', '--dtype', 'v=float64', '--no-progress'])).stdout).toBe('k,sum_v\na,18000000000000000000.0\n');
  });
});

describe('--no-trailing-delimiter', () => {
  it("reads a header's empty last name as a column (detected as a trailing delimiter without it)", async () => {
    const p = join(dir, 'trailing.csv');
    writeFileSync(p, 'a,b,\n1,2,\n3,4,\n');
    expect((await run(['schema', p, '--format', 'csv'])).stdout).toMatch(/^column,dtype\na,int64\nb,int64\n/);
    expect((await run(['schema', p, '--no-trailing-delimiter', '--format', 'csv'])).stdout).toMatch(/^column,dtype\na,int64\nb,int64\nUnnamed: 2,string\n/);
  });
});

describe('--output naming an input file', () => {
  it('is refused before anything is read, the input left as it was (head -n 2 --output data.csv kept 2 of its rows)', async () => {
    const p = join(dir, 'keep-me.csv');
    const text = 'a,b\n1,x\n2,y\n3,z\n';
    writeFileSync(p, text);
    const link = join(dir, 'keep-me-link.csv');
    symlinkSync(p, link);
    for (const args of [['head', p, '-n', '2', '--output', p], ['count', p, '--output', link], ['sql', `select * from '${p}' limit 1`, '--output', p], ['sort', p, '--by', 'a', '--output', link]]) {
      expect(await run(args)).toMatchObject({ code: 2, stderr: expect.stringContaining('is one of the input files; the result would replace it') });
    }
    expect(readFileSync(p, 'utf8')).toBe(text);
  });
});

describe('floe unique --by', () => {
  it('takes a quoted name, and refuses no column or one twice as usage errors', async () => {
    const p = join(dir, 'uniq-by.csv');
    writeFileSync(p, 'city,v\nOslo,1\nRome,2\nOslo,3\n');
    expect((await run(['unique', p, '--by', '"city"'])).stdout).toBe('city\nOslo\nRome\n');
    expect(await run(['unique', p, '--by', ''])).toMatchObject({ code: 2, stderr: 'floe: error: --by needs at least one column, e.g. --by city or --by id1,id2\n' });
    expect(await run(['unique', p, '--by', 'city,city'])).toMatchObject({ code: 2, stderr: 'floe: error: --by names "city" twice\n' });
  });

  it("takes expressions as floe agg --by does (it said no column 'year(Date)'), named the same way", async () => {
    const p = join(dir, 'uniq-expr.csv');
    writeFileSync(p, 'Date,city,v\n2020-01-05,Oslo,1\n2020-03-01,Rome,22\n2021-01-05,Oslo,3\n2021-01-09,Oslo,14\n');
    expect(await run(['unique', p, '--by', 'year(Date)', '--no-progress'])).toEqual({ code: 0, stdout: 'Date\n2020\n2021\n', stderr: '' });
    expect((await run(['unique', p, '--by', 'year(Date), month(Date)', '--no-progress'])).stdout).toBe('year_Date,month_Date\n2020,1\n2020,3\n2021,1\n');
    expect((await run(['unique', p, '--by', 'year(Date) as y,v % 2 as odd', '--count', '--no-progress'])).stdout).toBe('4\n');
    expect((await run(['unique', p, '--by', 'v % 2 as odd', '--no-progress'])).stdout).toBe('odd\n0\n1\n');
    expect(await run(['unique', p, '--by', 'year(Date) as k, month(Date) as k', '--no-progress'])).toMatchObject({ code: 2, stderr: `floe: error: two --by keys would be named "k"; rename one with 'as', e.g. --by 'year(Date) as y'\n` });
  });
});

describe('floe sql given a file as an argument', () => {
  it('says the query names its files', async () => {
    expect(await run(['sql', 'select count(*) from t', join(dir, 'x.csv')])).toMatchObject({ code: 2, stderr: expect.stringContaining(`floe sql reads the files its query names: floe sql "select … from 'data.csv'"`) });
  });
});

describe('--null-values', () => {
  it("sets the text read as null ('' : empty fields alone, so a country code NA is kept), for every command and floe sql's tables", async () => {
    const p = join(dir, 'null-values.csv');
    writeFileSync(p, 'country,n\nNA,1\nUS,2\n,3\nnull,4\n-,5\n');
    expect((await run(['sql', `select count(country) as c from '${p}'`, '--no-progress'])).stdout).toBe('c\n2\n');
    expect((await run(['sql', `select count(country) as c from '${p}'`, '--null-values', '', '--no-progress'])).stdout).toBe('c\n4\n');
    expect((await run(['count', p, '--where', 'country is null', '--null-values', 'null,-', '--no-progress'])).stdout).toBe('3\n'); // the empty field, null and -
    expect(JSON.parse((await run(['agg', p, '--by', 'country', '--agg', 'sum(n)', '--null-values', '', '--format', 'json', '--no-progress'])).stdout))
      .toEqual([{ country: '-', sum_n: 5 }, { country: 'NA', sum_n: 1 }, { country: 'US', sum_n: 2 }, { country: 'null', sum_n: 4 }]);
  });
});

describe('a custom --null-values list', () => {
  it('keeps an empty field null when typing the column, as reading does: a number column stays numbers', async () => {
    const p = join(dir, 'null-values-custom.csv');
    writeFileSync(p, 'k,v\na,9\nb,10\nc,\nd,NA\n');
    expect((await run(['agg', p, '--null-values', 'NA', '--agg', 'max(v), min(v), count(v)', '--no-progress'])).stdout).toBe('max_v,min_v,count_v\n10,9,2\n');
  });
});

describe('numbers the dialect does not expect', () => {
  it('a comma-separated file given a decimal comma is refused, not read as one column', async () => {
    const p = join(dir, 'comma-decimal.csv');
    writeFileSync(p, 'n,amount\n1,"1,5"\n2,"2,25"\n');
    expect(await run(['head', p, '--decimal', ',', '--no-progress'])).toMatchObject({ code: 2, stderr: expect.stringContaining("looks comma-separated (its lines hold commas and no other delimiter), but decimal: ',' (--decimal ,) makes the comma a decimal mark") });
    const q = join(dir, 'semicolon-decimal.csv');
    writeFileSync(q, 'n;amount\n1;1,5\n2;2,25\n');
    expect((await run(['head', q, '--decimal', ',', '--no-progress'])).stdout).toBe('n,amount\n1,1.5\n2,2.25\n');
  });

  it("a text column of grouped or comma-decimal numbers names the option that reads them", async () => {
    const p = join(dir, 'grouped.csv');
    writeFileSync(p, 'n,amount\n1,"1,234"\n2,"12,345.5"\n');
    expect((await run(['agg', p, '--agg', 'sum(amount)', '--no-progress'])).stderr).toContain(`inferred from the value "1,234" at ${p} line 2; if it is a number with its thousands grouped by commas, pass thousands: ',' (--thousands ,)`);
    expect((await run(['agg', p, '--agg', 'sum(amount)', '--thousands', ',', '--no-progress'])).stdout).toBe('sum_amount\n13579.5\n');
    const q = join(dir, 'decimal-comma.csv');
    writeFileSync(q, 'name;price\nA;1,50\nB;2,25\n');
    expect((await run(['agg', q, '--agg', 'sum(price)', '--no-progress'])).stderr).toContain("if it is a number with a decimal comma, pass decimal: ',' (--decimal ,)");
  });
});

describe('advice for a near miss', () => {
  it("other tools' option names name floe's (--groupby said nothing; --sep was asked 'Did you mean --help?'), SQL's IN / BETWEEN / LIKE in --where say what to write, a strftime date format reads", async () => {
    const p = join(dir, 'kin.csv');
    writeFileSync(p, 'k,v,d\na,1,01/15/2024\nb,2,02/01/2024\n');
    expect((await run(['agg', p, '--groupby', 'k', '--agg', 'sum(v)'])).stderr).toBe("floe: error: unknown option '--groupby'; floe's name for it is --by; see 'floe agg --help'\n");
    expect((await run(['agg', p, '--sep', ';', '--agg', 'sum(v)'])).stderr).toBe("floe: error: unknown option '--sep'; floe's name for it is --delimiter; see 'floe agg --help'\n");
    expect((await run(['head', p, '--limit', '1'])).stderr).toBe("floe: error: unknown option '--limit'; floe's name for it is -n; see 'floe head --help'\n");
    expect((await run(['agg', p, '--agg', 'sum(v)', '--where', "k in ('a')"])).stderr).toBe("floe: error: --where: unexpected 'in' at column 3; write x = 'a' or x = 'b', or run the query in floe sql, which has IN (…)\n");
    expect((await run(['agg', p, '--agg', 'sum(v)', '--where', 'v between 1 and 2'])).stderr).toContain("write x >= 1 and x <= 5, or run the query in floe sql, which has BETWEEN");
    expect((await run(['head', p, '--date-format', 'd=%m/%d/%Y', '--no-progress'])).stdout).toBe('k,v,d\na,1,2024-01-15 00:00:00\nb,2,2024-02-01 00:00:00\n');
  });
  it('an unknown --agg function names the near one; dates written another common way name the format that reads them', async () => {
    const p = join(dir, 'us-dates.csv');
    writeFileSync(p, 'd,v\n01/15/2024,1\n02/01/2024,2\n');
    expect((await run(['agg', p, '--agg', 'summ(v)', '--no-progress'])).stderr).toContain("unknown function 'summ' (did you mean sum?) at column 1");
    expect((await run(['head', p, '--parse-dates', 'd', '--no-progress'])).stderr).toContain(`give their format, dateFormats: { "d": 'MM/DD/YYYY' } (--date-format 'd=MM/DD/YYYY'), or pass dateErrors: 'null'`);
    expect((await run(['head', p, '--date-format', 'd=MM/DD/YYYY', '--no-progress'])).stdout).toBe('d,v\n2024-01-15 00:00:00,1\n2024-02-01 00:00:00,2\n');
  });
});

describe('number functions in expressions', () => {
  it('round(X, digits), floor, abs … in --by, --agg and --where; a wrong digit count or a text column says so', async () => {
    const p = join(dir, 'num-fns.csv');
    writeFileSync(p, 'city,v\nOslo,14\nRome,25\nOslo,-3.5\nRome,31\n');
    expect((await run(['agg', p, '--by', 'round(v, -1) as tens', '--agg', 'count(*), round(mean(v), 1) as m', '--no-progress'])).stdout).toBe('tens,count,m\n0.0,1,-3.5\n10.0,1,14.0\n30.0,2,28.0\n');
    expect((await run(['count', p, '--where', 'abs(v - 20) < 8 and floor(v) = v', '--no-progress'])).stdout).toBe('2\n');
    expect(await run(['agg', p, '--by', 'round(v, 1.5)', '--agg', 'count(*)', '--no-progress'])).toMatchObject({ code: 2, stderr: expect.stringContaining('round() takes its digits as a whole number from -18 to 18') });
    expect(await run(['agg', p, '--by', 'floor(city)', '--agg', 'count(*)', '--no-progress'])).toMatchObject({ code: 2, stderr: expect.stringContaining('floor() needs a number, but city is string') });
  });
});

describe('a JSON-lines text column compared with a date', () => {
  it('says why it is read as dates when a value is not one (it named parseDates, an option never passed)', async () => {
    const p = join(dir, 'when.ndjson');
    writeFileSync(p, '{"ts":"2021-01-03","v":1}\n{"ts":"soon","v":2}\n');
    const r = await run(['count', p, '--where', "ts > '2021-01-05'"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('column "ts" holds "soon", which is not an ISO date');
    expect(r.stderr).toContain('it is read as dates because --parse-dates names it or the query uses it as one');
    expect(r.stderr).not.toContain('(parseDates)');
  });
});
