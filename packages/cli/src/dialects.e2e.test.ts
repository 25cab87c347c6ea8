/**
 * End to end: the `floe` binary reads the dialect fixtures (/fixtures/dialects) with the flags
 * that match the library options, at several blocksizes, and gives the same rows the library
 * does (packages/dataframe/src/io/csv/dialects.test.ts); `floe schema` shows the dialect as the
 * flags that read it; bad flag values are usage errors (exit 2).
 * Assumes the packages are built (as the other e2e tests make sure).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');
const fx = (name: string): string => join(root, 'fixtures/dialects', name);

function floe(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The rows as JSON, after checking that a 3-byte blocksize and the default agree (the library test sweeps every small one). */
function rows(file: string, ...flags: string[]): unknown[] {
  const whole = floe('head', fx(file), '-n', '100', '--format', 'json', ...flags);
  expect(whole.stderr).toBe('');
  expect(whole.code).toBe(0);
  for (const bs of ['3']) {
    const r = floe('head', fx(file), '-n', '100', '--format', 'json', '--blocksize', bs, ...flags);
    expect(r.stdout, `${file} at --blocksize ${bs}`).toBe(whole.stdout);
  }
  return JSON.parse(whole.stdout) as unknown[];
}

describe('floe reads CSV dialects with flags', { timeout: 300_000 }, () => {
  it('--no-header --names --delimiter', () => {
    expect(rows('no-header.tbl', '--no-header', '--names', 'key,name,balance', '--delimiter', '|')).toEqual([
      { key: 1, name: 'Customer#1', balance: 12.5 }, { key: 2, name: 'Customer#2', balance: 7.25 }, { key: 3, name: 'Customer#3', balance: 0 },
    ]);
  });

  it('--header auto', () => {
    expect(rows('header-auto-data.csv', '--header', 'auto')).toEqual([{ column_1: 1, column_2: 2.5, column_3: 'x' }, { column_1: 3, column_2: 4.5, column_3: 'y' }]);
  });

  it('--comment, --skip-rows, --escape, --quote, a multi-character --delimiter', () => {
    expect(rows('comments.csv', '--comment', '#')).toEqual([{ id: 1, v: 10 }, { id: 2, v: 20 }, { id: 3, v: 30 }]);
    expect(rows('skip-rows.csv', '--skip-rows', '2')).toEqual([{ id: 1, v: 10 }, { id: 2, v: 20 }]);
    expect(rows('backslash-escape.csv', '--escape', '\\').map((r) => (r as { text: string }).text)).toEqual(['say "hi"', 'back\\slash', 'multi\nline "q"', 'plain']);
    // without it, the error names the flag as a shell takes it: --escape '\' (one backslash; '\\' was refused as two characters)
    expect(floe('head', fx('backslash-escape.csv')).stderr).toContain("(--escape '\\')");
    expect(rows('single-quote.csv', '--quote', "'").map((r) => (r as { text: string }).text)).toEqual(['a,b', "it's", '"double"']);
    expect(rows('multi-char-delimiter.csv', '--delimiter', '||')).toEqual([{ id: 1, name: 'a|b', v: 1.5 }, { id: 2, name: 'x||y', v: 2 }, { id: 3, name: 'z', v: null }]);
  });

  it('--decimal, --thousands, --on-bad-lines pad, trailing delimiters, literal quotes', () => {
    expect(rows('decimal-comma.csv', '--delimiter', ';', '--decimal', ',', '--thousands', '.')).toEqual([{ name: 'x', v: 1234.5, n: 1000 }, { name: 'y', v: 2.25, n: 12 }]);
    expect(rows('thousands.csv', '--thousands', ',')).toEqual([{ id: 1, v: 1234 }, { id: 2, v: 12345678 }, { id: 3, v: 5 }]);
    expect(rows('short-rows.csv', '--on-bad-lines', 'pad')).toEqual([{ a: 1, b: 2, c: 3 }, { a: 4, b: 5, c: null }, { a: 6, b: null, c: null }]);
    expect(rows('trailing-delimiter.csv')).toEqual([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
    expect(rows('literal-quote.csv')).toEqual([{ id: 1, lat: '37°36\'37.8"N' }, { id: 2, lat: '12°0\'0.0"S' }]);
    const strict = floe('head', fx('literal-quote.csv'), '--strict-quotes');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`${fx('literal-quote.csv')}, line 2: a quote inside an unquoted field`);
  });

  it('floe schema shows the dialect it used as flags, and as JSON', () => {
    const t = floe('schema', fx('decimal-comma.csv'), '--decimal', ',', '--thousands', '.', '--format', 'table');
    expect(t.code).toBe(0);
    expect(t.stdout).toContain("dialect: --delimiter ';' --quote '\"' --header true --decimal ',' --thousands '.'\n");
    const j = JSON.parse(floe('schema', fx('header-auto-data.csv'), '--header', 'auto', '--format', 'json').stdout) as { dialect: Record<string, unknown> };
    expect(j.dialect).toEqual({
      delimiter: ',', quote: '"', escape: null, comment: null, header: false, headerSniffed: true, skipRows: 0, decimal: '.', thousands: null, trailingDelimiter: false, strictQuotes: false,
    });
  });

  it('bad flag values are usage errors (exit 2)', () => {
    expect(floe('head', fx('comments.csv'), '--header', 'maybe').code).toBe(2);
    expect(floe('head', fx('comments.csv'), '--quote', "''").code).toBe(2);
    expect(floe('head', fx('comments.csv'), '--decimal', ';').code).toBe(2);
    const both = floe('head', fx('comments.csv'), '--decimal', ',', '--delimiter', ',');
    expect(both).toMatchObject({ code: 2 });
    expect(both.stderr).toContain('decimal is ",", which is also the delimiter');
  });
});
