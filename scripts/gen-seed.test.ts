import { describe, test, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSeedYear, seedRowCount } from './gen-seed.ts';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const ROW_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})((?:,\d{1,2}){5})$/;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gen-seed-test-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function readLines(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  expect(text.includes('\r')).toBe(false);
  return text.slice(0, -1).split('\n');
}

function parseTimestampMs(line: string): number {
  const m = ROW_RE.exec(line);
  if (!m) throw new Error(`bad row: ${JSON.stringify(line)}`);
  const [, y, mo, d, h, mi, s] = m;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
}

describe('seedRowCount', () => {
  test('full-year row counts (Jan 1 00:00:00 .. Dec 31 00:00:00 inclusive)', () => {
    expect(seedRowCount(2010)).toBe(364 * 86400 + 1);
    expect(seedRowCount(2012)).toBe(365 * 86400 + 1);
    expect(seedRowCount(2000)).toBe(365 * 86400 + 1);
    expect(seedRowCount(1900)).toBe(364 * 86400 + 1);
  });
});

describe('generateSeedYear', () => {
  test('header, timestamps step by exactly 1 s across day and month boundaries, ints 0..99', () => {
    // Rows always start at Jan 1, so 31 days + 90 s crosses every midnight in January
    // and the Jan 31 -> Feb 1 month boundary.
    const rows = 31 * 86400 + 90;
    const path = join(dir, 'steps-2012.csv');
    const res = generateSeedYear(path, 2012, { rows, seed: 7 });
    expect(res.rows).toBe(rows);
    expect(res.bytes).toBe(readFileSync(path).length);

    const lines = readLines(path);
    expect(lines[0]).toBe('Date,X0,X1,X2,X3,X4');
    expect(lines.length).toBe(rows + 1);
    expect(lines[1].startsWith('2012-01-01 00:00:00,')).toBe(true);
    expect(lines[86400 + 1].startsWith('2012-01-02 00:00:00,')).toBe(true);
    expect(lines[31 * 86400 + 1].startsWith('2012-02-01 00:00:00,')).toBe(true);
    expect(lines[rows].startsWith('2012-02-01 00:01:29,')).toBe(true);

    // Check every row without a per-row expect() (2.7M rows): collect the first failure.
    const counts = new Array<number>(100).fill(0);
    let firstBad: string | undefined;
    let prev = parseTimestampMs(lines[1]) - 1000;
    for (let i = 1; i < lines.length && firstBad === undefined; i++) {
      const ms = parseTimestampMs(lines[i]);
      if (ms - prev !== 1000) firstBad = `row ${i}: ${lines[i]} is not 1 s after the previous row`;
      prev = ms;
      for (const v of lines[i].slice(20).split(',')) {
        const n = Number(v);
        if (!(Number.isInteger(n) && n >= 0 && n <= 99 && String(n) === v)) firstBad = `row ${i}: bad value '${v}'`;
        else counts[n]++;
      }
    }
    expect(firstBad).toBeUndefined();
    // Roughly uniform: each value expected ~rows*5/100 ≈ 134k times.
    const expected = (rows * 5) / 100;
    for (const c of counts) expect(Math.abs(c - expected) / expected).toBeLessThan(0.02);
  });

  test('Feb 29 -> Mar 1 in a leap year', () => {
    const rows = 60 * 86400 + 1; // up to Mar 1 00:00:00 in a leap year
    const path = join(dir, 'leap-2016.csv');
    generateSeedYear(path, 2016, { rows });
    const lines = readLines(path);
    expect(lines[rows - 1].startsWith('2016-02-29 23:59:59,')).toBe(true);
    expect(lines[rows].startsWith('2016-03-01 00:00:00,')).toBe(true);
  });

  test('deterministic per (seed, year); different seed or year gives different bytes', () => {
    const gen = (name: string, year: number, seed: number): Buffer => {
      const path = join(dir, name);
      generateSeedYear(path, year, { rows: 5000, seed });
      return readFileSync(path);
    };
    const a = gen('a.csv', 2010, 42);
    const b = gen('b.csv', 2010, 42);
    const c = gen('c.csv', 2010, 43);
    const d = gen('d.csv', 2011, 42);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    expect(a.subarray(30).equals(d.subarray(30))).toBe(false);
    // default seed is 42
    generateSeedYear(join(dir, 'e.csv'), 2010, { rows: 5000 });
    expect(readFileSync(join(dir, 'e.csv')).equals(a)).toBe(true);
  });

  test('leaves no temp files behind', () => {
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

describe('CLI', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/gen-seed.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

  test('writes one file per year and exits 0', () => {
    const out = join(dir, 'cli');
    const res = run(['--years', '2010,2012-2013', '--out', out, '--rows', '100', '--seed', '42']);
    expect(res.stderr).toContain('total');
    expect(res.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['2010.csv', '2012.csv', '2013.csv']);
    const lines = readLines(join(out, '2012.csv'));
    expect(lines.length).toBe(101);
    expect(lines[100].startsWith('2012-01-01 00:01:39,')).toBe(true);
    // CLI output matches the library for the same seed
    generateSeedYear(join(dir, 'lib-2010.csv'), 2010, { rows: 100, seed: 42 });
    expect(readFileSync(join(out, '2010.csv')).equals(readFileSync(join(dir, 'lib-2010.csv')))).toBe(true);
  });

  test.each([
    { args: ['--years', 'abc'] },
    { args: ['--years', '2019-2010'] },
    { args: ['--years', '2010,20x2'] },
    { args: ['--years'] },
    { args: ['--rows', '0'] },
    { args: ['--seed', '-1'] },
    { args: ['--bogus'] },
  ])(
    'bad arguments $args -> exit 2 with a message',
    ({ args }) => {
      const out = join(dir, 'cli-bad');
      const res = run([...args, '--out', out]);
      expect(res.status).toBe(2);
      expect(res.stderr).toMatch(/^gen-seed: .+\n$/); // exactly one line
      expect(existsSync(out)).toBe(false);
    },
  );
});
