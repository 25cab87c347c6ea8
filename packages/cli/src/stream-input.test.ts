/**
 * Standard input and pipes as a command's input: `floe agg - …` with CSV piped in, FIFOs and
 * /dev/stdin-like paths, in-process through main() with a fake stdin, and the copies removed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from './cli-io.js';
import { runMain } from './testing/run-main.js';
import { isStream } from './stream-input.js';

const run = (argv: string[], stdin?: CliIO['stdin']) => runMain(argv, { stdin });

/** A CSV of `rows` rows over several 64 KiB partitions: k cycles through 7 keys. */
function csv(rows: number): string {
  const lines = ['k,v,w'];
  for (let i = 0; i < rows; i++) lines.push(`key${i % 7},${i},${(i * 37) % 1000}.25`);
  return `${lines.join('\n')}\n`;
}

let dir: string;
let spoolDir: string;
const savedTmp = process.env.TMPDIR;
const text = csv(20_000); // ~330 KB: 6 partitions at 64KB

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-stream-input-'));
  spoolDir = join(dir, 'tmp');
  mkdirSync(spoolDir);
  writeFileSync(join(dir, 'data.csv'), text);
  process.env.TMPDIR = spoolDir; // the copies go here, so the test can see they are removed
});
afterAll(() => {
  process.env.TMPDIR = savedTmp;
  if (savedTmp === undefined) delete process.env.TMPDIR;
  rmSync(dir, { recursive: true, force: true });
});

describe("'-' and pipes as input", () => {
  it('piped CSV gives the same answer as the file, over several partitions, and its copy is removed', async () => {
    const args = ['--by', 'k', '--agg', 'sum(v), mean(w), count(*)', '--blocksize', '64KB', '--no-progress'];
    const fromFile = await run(['agg', join(dir, 'data.csv'), ...args]);
    expect(fromFile.code).toBe(0);
    const fromStdin = await run(['agg', '-', ...args], Readable.from([text.slice(0, 1000), text.slice(1000)]));
    expect(fromStdin).toEqual(fromFile);
    expect(fromStdin.stdout.split('\n')[1]).toBe(`key0,${sumOfKey(0, 20_000)},${meanWOfKey(0, 20_000)},${Math.ceil(20_000 / 7)}`);
    expect(copiesLeft()).toEqual([]);
  });

  it('every command that takes paths reads it: count, head, schema', async () => {
    expect((await run(['count', '-'], Readable.from([text]))).stdout).toBe('20000\n');
    expect((await run(['head', '-', '-n', '2'], Readable.from([text]))).stdout).toBe('k,v,w\nkey0,0,0.25\nkey1,1,37.25\n');
    const schema = await run(['schema', '-', '--format', 'csv'], Readable.from([text]));
    expect(schema.code).toBe(0);
    expect(schema.stdout).toContain('v,int64');
  });

  it('is read by its first bytes: JSON lines, gzip and Parquet piped in (they were read as CSV: a quote error, or garbage)', async () => {
    const jsonl = `${Array.from({ length: 50 }, (_, i) => JSON.stringify({ k: `key${i % 3}`, v: i })).join('\n')}\n`;
    expect((await run(['agg', '-', '--by', 'k', '--agg', 'sum(v)'], Readable.from([`\uFEFF  ${jsonl}`]))).stdout).toBe('k,sum_v\nkey0,408\nkey1,425\nkey2,392\n');
    expect((await run(['count', '-'], Readable.from([gzipSync(text)]))).stdout).toBe('20000\n');
    const lake = join(dir, 'lake');
    expect((await run(['convert', '-', `${lake}/`], Readable.from([text]))).code).toBe(0);
    const part = readdirSync(lake).find((f) => f.endsWith('.parquet'))!;
    expect((await run(['count', '-'], Readable.from([readFileSync(join(lake, part))]))).stdout).toBe('20000\n');
    expect(copiesLeft()).toEqual([]);
  });

  it('errors name <stdin>, not the copy, and remove it: empty input, a bad column', async () => {
    const empty = await run(['count', '-'], Readable.from([]));
    expect(empty).toEqual({ code: 1, stdout: '', stderr: 'floe: error: <stdin> is empty (expected a header row)\n' });
    const bad = await run(['agg', '-', '--agg', 'sum(w)', '--dtype', 'w=float64'], Readable.from(['k,v,w\na,1,2\na,2,oops\n']));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^floe: error: <stdin>, line 3, column .*oops/);
    expect(bad.stderr).not.toContain(spoolDir);
    expect(copiesLeft()).toEqual([]);
  });

  it('a JSON array on stdin is refused with the jq step that converts it (read as CSV, it was a header and no rows: count 0)', async () => {
    expect(await run(['count', '-'], Readable.from(['[{"a":1},{"a":2}]']))).toEqual({ code: 2, stdout: '', stderr: "floe: error: <stdin> holds one JSON array, not JSON lines (an object a line); floe reads JSON lines: convert it on the way in, e.g. … | jq -c '.[]' | floe …\n" });
    expect(copiesLeft()).toEqual([]);
  });

  it("'-' named twice is refused (it said the second one was empty)", async () => {
    expect(await run(['count', '-', '-'], Readable.from(['a\n1\n']))).toEqual({ code: 2, stdout: '', stderr: "floe: error: '-' (standard input) is given more than once; it can be read once: name it once\n" });
    expect(copiesLeft()).toEqual([]);
  });

  it("a terminal on stdin is refused at once instead of waiting for input", async () => {
    const tty = Object.assign(Readable.from([]), { isTTY: true });
    const r = await run(['count', '-'], tty);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("floe: error: '-' reads CSV from standard input, but it is a terminal: pipe a file into floe (`cat data.csv | floe …`) or give its path\n");
  });

  it("floe sql reads '-' in FROM (also joined with a file and in a subquery); a query from stdin cannot also use it", async () => {
    const q = "select k, sum(v) as s, count(*) as n from '-' group by k order by k limit 2";
    const fromStdin = await run(['sql', q, '--format', 'csv'], Readable.from([text]));
    expect(fromStdin).toEqual({ code: 0, stdout: `k,s,n\nkey0,${sumOfKey(0, 20_000)},${Math.ceil(20_000 / 7)}\nkey1,${sumOfKey(1, 20_000)},${Math.ceil((20_000 - 1) / 7)}\n`, stderr: '' });
    const file = join(dir, 'data.csv').replaceAll("'", "''");
    const joined = await run(['sql', `select count(*) as n from (select * from '-' where v < 10) a join '${file}' b on a.v = b.v`, '--format', 'csv'], Readable.from([text]));
    expect(joined).toEqual({ code: 0, stdout: 'n\n10\n', stderr: '' });
    const both = await run(['sql'], Readable.from(["select count(*) from '-'"]));
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('the query was read from standard input, so the data cannot come from it too');
    // a '-' that is a value, not a table, reads nothing
    const value = await run(['sql', `select count(*) as n from '${file}' where k <> '-'`, '--format', 'csv'], Readable.from(['never read']));
    expect(value).toEqual({ code: 0, stdout: 'n\n20000\n', stderr: '' });
    expect(copiesLeft()).toEqual([]);
  });

  it('a FIFO path (as bash gives for <(…)) is read like a file', async () => {
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(isStream(fifo)).toBe(true);
    expect(isStream(join(dir, 'data.csv'))).toBe(false);
    expect(isStream(dir)).toBe(false);
    // a child process writes the FIFO; its open blocks until floe opens the other end
    const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', join(dir, 'data.csv'), fifo]);
    const exited = new Promise((resolve) => writer.once('exit', resolve));
    const r = await run(['count', fifo]);
    expect(await exited).toBe(0);
    expect(r).toEqual({ code: 0, stdout: '20000\n', stderr: '' });
  });
});

describe('a closed output pipe', () => {
  it('leaves no copy of standard input behind (floe sort - | head -1 exited before removing it)', () => {
    const bin = join(import.meta.dirname, '..', 'dist', 'bin.js');
    const r = spawnSync('sh', ['-c', 'cat "$1" | node "$2" sort - --by v --no-progress | head -1', 'sh', join(dir, 'data.csv'), bin], { encoding: 'utf8', env: { ...process.env, TMPDIR: spoolDir } });
    expect(r.stdout).toBe('k,v,w\n');
    expect(copiesLeft()).toEqual([]);
  });
});

/** What floe left in the temporary folder (tsx keeps its own cache there). */
function copiesLeft(): string[] {
  return readdirSync(spoolDir).filter((f) => f.startsWith('floe-stdin-'));
}

function sumOfKey(key: number, rows: number): number {
  let s = 0;
  for (let i = key; i < rows; i += 7) s += i;
  return s;
}

function meanWOfKey(key: number, rows: number): number {
  let s = 0;
  let n = 0;
  for (let i = key; i < rows; i += 7) { s += ((i * 37) % 1000) + 0.25; n++; }
  return s / n;
}
