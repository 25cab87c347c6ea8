/**
 * Ctrl-C: SIGINT during a query stops the work within a second, ends the process (and so
 * every worker) with exit code 130, and leaves no output file, complete-looking or partial.
 * Runs the built binary (vitest.global-setup.ts brings dist/ up to date before any test).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeedYear } from '../../../scripts/gen-seed.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-sigint-'));
  for (const year of [2010, 2011]) generateSeedYear(join(dir, 'data', `${year}.csv`), year, { rows: 3_000_000, seed: 5 });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Ctrl-C', () => {
  it('exits 130 within a second, leaving no output file', async () => {
    const out = join(dir, 'out');
    const child = spawn(process.execPath, [bin, 'agg', 'data', '--by', 'month(Date)', '--agg', 'std(*)', '--blocksize', '1MB', '--workers', '2', '--output', join('out', 'result.csv'), '--no-progress'], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(out, { recursive: true });
    await new Promise((r) => setTimeout(r, 700)); // the query is running by now
    expect(child.exitCode).toBe(null);
    const sent = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(Date.now() - sent).toBeLessThan(1000);
    expect(code).toBe(130);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^floe: /);
    expect(readdirSync(out)).toEqual([]);
  });
});
