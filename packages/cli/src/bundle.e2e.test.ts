/**
 * The CLI's bundle (scripts/bundle-cli.mjs), which the built `floe` runs while it matches dist:
 * the build leaves a current one, it holds every module a pool thread imports by URL, and a
 * command gives the same stdout, stderr and exit code with it as without it (FLOE_NO_BUNDLE=1).
 * The other end-to-end tests spawn the same binary, so they run the bundle too.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeedYear } from '../../../scripts/gen-seed.ts';
import { ENTRIES } from '../../../scripts/bundle-entries.mjs';
import { selectBundle } from './select-bundle.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');
const bundleDir = pathToFileURL(join(root, 'packages/cli/bundle/'));
let dir: string;

function floe(env: NodeJS.ProcessEnv, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir, timeout: 60_000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every `dir/file` under `sub` of the packages folder, recursively, that is TypeScript source (not a test). */
function sources(sub: string): string[] {
  const base = join(root, 'packages', sub);
  return (readdirSync(base, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => join(base, f));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-bundle-e2e-'));
  generateSeedYear(join(dir, 'data', '2010.csv'), 2010, { rows: 20_000, seed: 11 });
  generateSeedYear(join(dir, 'data', '2011.csv'), 2011, { rows: 20_000, seed: 12 });
  writeFileSync(join(dir, 'bad.csv'), 'a,b\n1,2\n3\n');
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the CLI's bundle", () => {
  it('is current after the build, so `floe` runs it', () => {
    expect(selectBundle(bundleDir, {})).toMatchObject({ reason: 'bundle' });
  });

  it('holds every module that floe hands a pool thread by URL', () => {
    const named = new Set<string>();
    for (const file of sources('dataframe/src')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/siblingModule\('([\w-]+)'\)/g)) named.add(`dataframe/dist/physical/${m[1]}.js`);
    }
    for (const file of sources('scheduler/src')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/module: new URL\(`\.\/([\w/-]+)\$\{/g)) named.add(`scheduler/dist/${m[1]}.js`);
    }
    // the sources still name ops the way this test looks for (seven, in four files)
    expect(named.size).toBeGreaterThanOrEqual(7);
    const bundledOps = new Set(Object.values(ENTRIES));
    expect([...named].filter((m) => !bundledOps.has(m))).toEqual([]);
  });

  it("maps an op's dist URL to its bundled copy, refuses other floe modules, and leaves a user's module alone", async () => {
    const chunk = readdirSync(fileURLToPath(bundleDir)).find((f) => f.endsWith('.js') && readFileSync(new URL(f, bundleDir), 'utf8').includes("floe's CLI bundle has no copy of"));
    expect(chunk).toBeDefined();
    const { bundled } = (await import(new URL(chunk!, bundleDir).href)) as { bundled: (url: string) => string };
    const dist = (p: string): string => pathToFileURL(join(root, 'packages', p)).href;
    expect(bundled(dist('dataframe/dist/physical/partition-task.js'))).toBe(new URL('op-partition-task.js', bundleDir).href);
    expect(bundled(dist('scheduler/dist/worker/entry.js'))).toBe(new URL('worker-entry.js', bundleDir).href);
    expect(() => bundled(dist('dataframe/dist/physical/lower.js'))).toThrow(/floe's CLI bundle has no copy of .*lower\.js.*FLOE_NO_BUNDLE=1/);
    expect(() => bundled(dist('array/dist/kernels/tasks.js'))).toThrow(/no copy of/);
    expect(bundled('file:///home/user/tasks.mjs')).toBe('file:///home/user/tasks.mjs');
  });

  it.each([
    ['agg', 0, ['agg', 'data', '--by', 'year(Date)', '--agg', 'sum(*), count(*)', '--workers', '2']],
    ['an out-of-core sort', 0, ['sort', 'data', '--by', 'X0 desc, Date', '--limit', '5', '--format', 'json', '--workers', '2']],
    ['sql', 0, ['sql', "select year(Date) as y, max(X1) as m from 'data/*.csv' group by 1 order by 1"]],
    ['a ragged file', 1, ['agg', 'bad.csv', '--agg', 'sum(a)']],
    ['an unknown column', 2, ['agg', 'data', '--agg', 'sum(nope)']],
  ] as const)('gives the same answer as dist: %s', (_name, code, args) => {
    const fromBundle = floe({}, ...args);
    const fromDist = floe({ FLOE_NO_BUNDLE: '1' }, ...args);
    expect(fromBundle).toEqual(fromDist);
    expect(fromBundle.code).toBe(code);
    expect(code === 0 ? fromBundle.stdout : fromBundle.stderr).toMatch(/\w/);
  });
});
