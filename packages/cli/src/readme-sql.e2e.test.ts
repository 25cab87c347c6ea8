/**
 * The README's SQL section is a test: its shell block runs as a script (with `floe` on the PATH
 * as the built binary) and its TypeScript block runs against the library, in a folder holding
 * the files they name (sample-data/, orders.csv, customers.csv, report.sql).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { readCsv, shutdown, sql, type ReadCsvOptions } from 'floe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeedYear } from '../../../scripts/gen-seed.ts';
import { writeTables } from '../../sql/src/testing/gen-tables.ts';
import { readmeBlocks, repoRoot } from './testing/readme-blocks.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-readme-sql-'));
  mkdirSync(join(dir, 'sample-data'));
  for (const year of [2010, 2011]) generateSeedYear(join(dir, 'sample-data', `${year}.csv`), year, { rows: 5_000, seed: 1 });
  writeTables(dir, 9, 3000);
  writeFileSync(join(dir, 'report.sql'), "select status, count(*) as n, sum(amount) as total from 'orders.csv' group by status order by status;\n");
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'floe'), `#!/bin/sh\nexec "${process.execPath}" "${join(repoRoot, 'packages/cli/dist/bin.js')}" "$@"\n`);
  chmodSync(join(dir, 'bin', 'floe'), 0o755);
}, 120_000);

afterAll(async () => {
  await shutdown();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('README: SQL', () => {
  it('runs the shell examples', () => {
    const [script] = readmeBlocks('SQL', 'sh');
    expect(script).toContain('floe sql');
    const r = spawnSync('sh', ['-e', '-c', script], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('y,sum(X0),avg(X1)');
    expect(lines).toContain('country,n,total');
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { status: string | null; n: number }[];
    expect(report.reduce((s, row) => s + row.n, 0)).toBe(3000);
  });

  it('runs the TypeScript example', async () => {
    const [code] = readmeBlocks('SQL', 'ts');
    const body = code.replace(/^import .*$/m, '');
    const printed: string[] = [];
    const inDir = (p: string, o?: ReadCsvOptions) => readCsv(isAbsolute(p) ? p : join(dir, p), o);
    const run = new Function('sql', 'readCsv', 'console', `return (async () => {${body}})();`) as (...a: unknown[]) => Promise<void>;
    await run(sql, inDir, { log: (x: unknown) => printed.push(String(x)) });
    expect(printed[0]).toMatch(/^shape: \(\d, 2\)/);
    expect(printed[1]).toContain('Aggregate keys [col("status").alias("status")]');
  });
});
