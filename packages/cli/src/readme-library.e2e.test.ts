/**
 * The README's first library example is a test: its TypeScript block runs against the library as
 * written (a user copies it first), in a folder holding the data it names (data/*.csv, seed-shaped).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { col, corr, lit, readCsv, shutdown, type ReadCsvOptions } from 'floe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeedYear } from '../../../scripts/gen-seed.ts';
import { readmeBlocks } from './testing/readme-blocks.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-readme-lib-'));
  mkdirSync(join(dir, 'data'));
  for (const year of [2014, 2015]) generateSeedYear(join(dir, 'data', `${year}.csv`), year, { rows: 4_000, seed: 3 });
}, 120_000);

afterAll(async () => {
  await shutdown();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('README: the library', () => {
  it('runs the first example as written', async () => {
    const [code] = readmeBlocks('The library', 'ts');
    // its paths are relative to the user's folder: here, the test's
    const body = code.replace(/^import .*$/m, '').replaceAll("'out/'", JSON.stringify(join(dir, 'out/')));
    const printed: string[] = [];
    const inDir = (p: string, o?: ReadCsvOptions) => readCsv(isAbsolute(p) ? p : join(dir, p), o);
    const run = new Function('readCsv', 'col', 'corr', 'lit', 'console', `return (async () => {${body}})();`) as (...a: unknown[]) => Promise<void>;
    await run(inDir, col, corr, lit, { log: (...x: unknown[]) => printed.push(x.map(String).join(' ')) });
    expect(printed[0]).toMatch(/^shape: \(2, 6\)/);
    expect(printed[0]).toContain('2014');
    expect(printed[1]).toMatch(/^2 /);
    expect(readdirSync(join(dir, 'out')).length).toBeGreaterThan(0);
  });
});
