/**
 * main() in-process, with fake terminals and pipes: which format is chosen, what goes to
 * which stream, and the exit codes. (cli.e2e.test.ts runs the built binary.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutStream } from './cli-io.js';
import { main } from './main.js';

function stream(isTTY: boolean): OutStream & { text: string } {
  return { text: '', isTTY, columns: isTTY ? 120 : undefined, write(s: string) { this.text += s; return true; }, once() { return this; } };
}

async function run(argv: string[], tty: { stdout?: boolean; stderr?: boolean } = {}) {
  const stdout = stream(tty.stdout ?? false);
  const stderr = stream(tty.stderr ?? false);
  const code = await main(argv, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

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
  });
});
