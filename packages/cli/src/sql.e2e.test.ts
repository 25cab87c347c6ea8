/**
 * `floe sql` end to end: the built binary on generated files (the examples, -f with
 * --format json --output, a query from a pipe, exit codes of bad SQL and missing files), and
 * the prompt (runRepl) in-process on fake streams: multi-line queries, \d, errors that keep the
 * prompt, and Ctrl-C cancelling the running query but not the prompt.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { col, readCsv, shutdown } from 'floe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeedYear } from '../../../scripts/gen-seed.ts';
import { writeTables } from '../../sql/src/testing/gen-tables.ts';
import type { CliIO, OutStream } from './cli-io.js';
import { runRepl } from './sql-repl.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');

let dir: string;

function floe(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir, timeout: 60_000, input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-sql-e2e-'));
  mkdirSync(join(dir, 'data'));
  for (const year of [2010, 2011]) generateSeedYear(join(dir, 'data', `${year}.csv`), year, { rows: 20_000, seed: 11 });
  writeTables(dir, 5, 2000);
  generateSeedYear(join(dir, 'big.csv'), 2012, { rows: 400_000, seed: 3 });
}, 180_000);

afterAll(async () => {
  await shutdown();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('floe sql', () => {
  it("--dtype types a column of every table that has it ('00123' kept), and names a column no table has", () => {
    writeFileSync(join(dir, 'zips.csv'), 'zip,n\n00123,1\n04567,2\n');
    writeFileSync(join(dir, 'towns.jsonl'), '{"zip":"00123","town":"Ada"}\n');
    const q = "select z.zip, t.town, n from 'zips.csv' z left join 'towns.jsonl' t on z.zip = t.zip order by z.zip";
    expect(floe(['sql', q, '--dtype', 'zip=string'])).toEqual({ code: 0, stdout: 'zip,town,n\n00123,Ada,1\n04567,,2\n', stderr: '' });
    expect(floe(['sql', "select zip from 'zips.csv'"]).stdout).toBe('zip\n123\n4567\n');
    expect(floe(['sql', "select zip from 'zips.csv'", '--dtype', 'zips=string'])).toEqual({ code: 2, stdout: '', stderr: 'floe: error: dtypes (--dtype) names "zips", a column of no table the query reads (their columns: zip, n)\n' });
  });

  it("runs the issue's first example like the library", async () => {
    const r = floe(['sql', "select year(Date) as y, sum(X0), avg(X1) from 'data/*.csv' group by y order by y", '--format', 'json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lib = await readCsv(join(dir, 'data', '*.csv'), { parseDates: ['Date'] })
      .groupBy(col('Date').dt.year().alias('y')).agg(col('X0').sum().alias('sum(X0)'), col('X1').mean().alias('avg(X1)')).sort('y').compute();
    expect(JSON.parse(r.stdout)).toEqual(lib.toRows());
    expect(lib.numRows).toBe(2);
  });

  it('joins files with aliases, filters on a date, groups by position, with having, order desc and limit', () => {
    const r = floe(['sql', `select c.country, count(*) as n, sum(o.amount) as total
      from 'orders.csv' o join 'customers.csv' c on o.customer_id = c.id
      where o.ts >= date '2024-01-01' group by 1 having count(*) > 10 order by total desc limit 20`]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('country,n,total');
    const totals = lines.slice(1).map((l) => Number(l.split(',')[2]));
    expect(totals.length).toBeGreaterThan(1);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
  });

  it('reads the query from -f and writes JSON to --output (stdout stays empty)', () => {
    writeFileSync(join(dir, 'report.sql'), "-- paid orders per status\nselect status, count(*) as n\nfrom 'orders.csv'\ngroup by status\norder by status nulls last;\n");
    const r = floe(['sql', '-f', 'report.sql', '--format', 'json', '--output', 'report.json']);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    const out = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { status: string | null; n: number }[];
    expect(out.map((o) => o.status)).toEqual(['new', 'paid', 'returned', 'shipped', null]);
    expect(out.reduce((s, o) => s + o.n, 0)).toBe(2000);
  });

  it('reads the query from a pipe', () => {
    const r = floe(['sql'], "select count(*) as n from 'orders.csv' where amount is null;\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^n\n\d+\n$/);
  });

  it('prints the plan with --explain, reading no data', () => {
    const r = floe(['sql', "select status, count(*) from 'orders.csv' group by status", '--explain']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Aggregate keys [col("status").alias("status")]');
  });

  it('exits 2 with a located error for bad SQL and unsupported constructs', () => {
    expect(floe(['sql', "select id frm 'orders.csv'"])).toEqual({ code: 2, stdout: '', stderr: `floe: error: syntax error near "'orders.csv'" at line 1, column 15; in: select id frm 'orders.csv'\n` });
    expect(floe(['sql', "select id, lag(amount) ignore nulls over (order by id) from 'orders.csv'"])).toMatchObject({ code: 2, stderr: 'floe: error: lag(…) IGNORE NULLS is not supported yet at line 1, column 37\n' });
    expect(floe(['sql', "select * from 'orders.xlsx'"])).toMatchObject({ code: 2, stderr: expect.stringContaining("reading .xlsx files is not supported yet: 'orders.xlsx'") });
    expect(floe(['sql', "select nope from 'orders.csv'"]).stderr).toContain('no column "nope" (did you mean "note"?) at line 1, column 8');
  });

  it("reads every table in the dialect flags give, as the other commands do (--comment, --skip-rows, --no-header, --decimal, --thousands, --on-bad-lines pad)", () => {
    writeFileSync(join(dir, 'report.csv'), 'Monthly report\n# made by hand\nk;v\na;1.234,5\nb;2\n# end\nc\n');
    const flags = ['--skip-rows', '1', '--comment', '#', '--delimiter', ';', '--decimal', ',', '--thousands', '.', '--on-bad-lines', 'pad'];
    expect(floe(['sql', "select k, v from 'report.csv' order by k", ...flags])).toEqual({ code: 0, stdout: 'k,v\na,1234.5\nb,2.0\nc,\n', stderr: '' });
    writeFileSync(join(dir, 'bare.csv'), '1,2,3\n4,5,6\n');
    expect(floe(['sql', "select count(*) as n, sum(column_1) as s from 'bare.csv'", '--no-header'])).toEqual({ code: 0, stdout: 'n,s\n2,5\n', stderr: '' });
  });

  it('exits 1 for a file that does not exist, and 2 without a query', () => {
    expect(floe(['sql', "select * from 'missing.csv'"])).toMatchObject({ code: 1 });
    expect(floe(['sql', ''])).toMatchObject({ code: 2, stderr: 'floe: error: the query is empty\n' });
  });
});

function sink(): OutStream & { text: string } {
  return { text: '', write(s: string) { this.text += s; return true; }, once() { return this; } };
}

/** The prompt on fake streams; `terminal` makes readline decode keys (Ctrl-C) as on a TTY. */
function repl(terminal: boolean, historyFile: string | null = null) {
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = terminal;
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (b: Buffer) => { out += b.toString('utf8'); });
  const stderr = sink();
  const io: CliIO = { stdin, stdout: stdout as unknown as OutStream, stderr };
  const done = runRepl(io, { progress: false }, { historyFile });
  return { stdin, done, out: () => out, err: () => stderr.text };
}

describe('floe sql prompt', () => {
  it('runs multi-line queries, \\d, keeps going after an error, keeps history, and quits on \\q', async () => {
    const history = join(dir, 'history');
    const r = repl(false, history);
    const at = (name: string): string => join(dir, name);
    r.stdin.write(`select count(*) as n\nfrom '${at('orders.csv')}'\nwhere qty > 10;\n`);
    r.stdin.write(`\\d ${at('customers.csv')}\n`);
    r.stdin.write(`select nope from '${at('orders.csv')}';\n`);
    r.stdin.write(`select max(id) as top from '${at('customers.csv')}';\n`);
    r.stdin.write('\\q\n');
    await r.done;
    expect(r.out()).toMatch(/n\n\d+\n/);
    expect(r.out()).toContain('column,dtype\nid,int64\nname,string\ncountry,string\nsince,date\n');
    expect(r.err()).toContain('floe: error: no column "nope" (did you mean "note"?) at line 1, column 8; columns: id, customer_id, status, amount, qty, ts, note');
    expect(r.out()).toContain('top\n36\n');
    // one line per query, oldest first, for the next session's arrow keys
    expect(readFileSync(history, 'utf8').split('\n')[0]).toBe(`select count(*) as n from '${join(dir, 'orders.csv')}' where qty > 10;`);
  });

  it('Ctrl-C cancels the running query, not the prompt; at the prompt it clears the line', async () => {
    const r = repl(true);
    r.stdin.write(`select count(*) as n from (select distinct X0, X1, X2, X3 from '${join(dir, 'big.csv')}') t;\r`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    r.stdin.write('\x03');
    for (let i = 0; i < 200 && !r.err().includes('query cancelled'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(r.err()).toContain('query cancelled');
    r.stdin.write('select half a line\x03'); // Ctrl-C at the prompt drops the line
    r.stdin.write(`select count(*) as n from '${join(dir, 'customers.csv')}';\r`);
    r.stdin.write('\\q\r');
    await r.done;
    expect(r.out()).toContain('37');
  });
});
