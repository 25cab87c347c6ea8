/**
 * Ctrl-C: SIGINT during a query stops the work at once, ends the process (and so
 * every worker) with exit code 130, and leaves no output file, complete-looking or partial;
 * SIGTERM and SIGHUP the same, with 143 and 129.
 * Runs the built binary (vitest.global-setup.ts brings dist/ up to date before any test).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

/**
 * Waits until the process has used 1.5 s of CPU (all threads): far past loading the CLI and
 * loading the CLI (~1.3 s of CPU for all of `floe --help`; its SIGINT handler is installed before that), and well inside the
 * query. CPU time, not wall time, so a loaded machine only makes it wait longer. Linux reads
 * /proc; elsewhere a fixed wait.
 */
async function queryRunning(pid: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      await new Promise((r) => setTimeout(r, 1000));
      return;
    }
    const [utime, stime] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 13).map(Number);
    if ((utime + stime) / 100 >= 1.5) return; // clock ticks, 100 a second on Linux
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`process ${pid} used under 1.5 s of CPU in a minute`);
}

describe('Ctrl-C, SIGTERM and SIGHUP', () => {
  it.each([['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const)('%s exits %i promptly, leaving no output file and no temporary files (SIGTERM removed the spill folder under the workers: exit 1, ENOENT)', async (sig, exit) => {
    const out = join(dir, `out-${sig}`);
    const tmp = mkdtempSync(join(dir, `tmp-${sig}-`));
    const child = spawn(process.execPath, [bin, 'agg', 'data', '--by', 'month(Date)', '--agg', 'std(*)', '--blocksize', '1MB', '--workers', '2', '--output', join(`out-${sig}`, 'result.csv'), '--no-progress'], { cwd: dir, env: { ...process.env, TMPDIR: tmp, FLOE_SPILL_DIR: tmp } });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(out, { recursive: true });
    await queryRunning(child.pid!);
    expect(child.exitCode).toBe(null);
    const sent = Date.now();
    child.kill(sig);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, sig) => resolve([c, sig])));
    // exit code 130 and no output prove it was cancelled, not finished; the bound only catches
    // a process that ignores Ctrl-C, and is loose enough for a loaded 2-core machine
    expect(Date.now() - sent).toBeLessThan(5000);
    expect({ code, signal, stderr }).toMatchObject({ code: exit, signal: null }); // a death by signal names it, with what floe said
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^floe: /);
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
