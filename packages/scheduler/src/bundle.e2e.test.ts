/**
 * floe's bundle (scripts/bundle.mjs), which the built `floe` and dist's pools use while it
 * matches dist: the build leaves a current one, it holds every module a pool thread imports by
 * URL, a library pool's threads start from it, and a command gives the same stdout, stderr and
 * exit code with it as without it (FLOE_NO_BUNDLE=1). The CLI's other end-to-end tests spawn the
 * same binary, so they run the bundle too.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSeedYear } from '../../../scripts/gen-seed.ts';
import { ENTRIES } from '../../../scripts/bundle-entries.mjs';
import { selectBundle } from './select-bundle.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');
const bundleDir = pathToFileURL(join(root, 'packages/scheduler/bundle/'));
let dir: string;

function floe(env: NodeJS.ProcessEnv, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir, timeout: 60_000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The TypeScript sources (not tests) under `sub` of the packages folder, recursively. */
function sources(sub: string): string[] {
  const base = join(root, 'packages', sub);
  return (readdirSync(base, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => join(base, f));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-bundle-e2e-'));
  generateSeedYear(join(dir, 'data', '2010.csv'), 2010, { rows: 20_000, seed: 11 });
  generateSeedYear(join(dir, 'data', '2011.csv'), 2011, { rows: 20_000, seed: 12 });
  writeFileSync(join(dir, 'bad.csv'), 'a,b\n1,2\n3\n');
  writeFileSync(join(dir, 'where.mjs'), "import { workerData } from 'node:worker_threads';\nexport function where() { return workerData.entry; }\n");
  const floeDist = pathToFileURL(join(root, 'packages/floe/dist/index.js')).href;
  writeFileSync(join(dir, 'pool.mjs'), `import { LocalPool } from ${JSON.stringify(floeDist)};
const pool = new LocalPool({ workers: 1 });
const out = await pool.run({ key: 'where', op: { module: new URL('./where.mjs', import.meta.url).href, export: 'where' }, args: [] });
await pool.close();
console.log(out.value);
`);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("floe's bundle", () => {
  it('is current after the build, so `floe` runs it', () => {
    expect(selectBundle(bundleDir, {})).toEqual({ current: true, reason: 'bundle' });
  });

  it("starts a library pool's threads (floe imported from dist) from its worker entry", () => {
    const run = (env: NodeJS.ProcessEnv): string => spawnSync(process.execPath, [join(dir, 'pool.mjs')], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } }).stdout.trim();
    expect(run({})).toBe(new URL('worker-entry.js', bundleDir).href);
    expect(run({ FLOE_NO_BUNDLE: '1' })).toBe(pathToFileURL(join(root, 'packages/scheduler/dist/worker/entry.js')).href);
  });

  it('holds every module that floe hands a pool thread by URL', () => {
    const named = new Set<string>();
    const find = (pkg: string, pattern: RegExp, dist: (name: string, file: string) => string): void => {
      for (const file of sources(`${pkg}/src`)) for (const m of readFileSync(file, 'utf8').matchAll(pattern)) named.add(dist(m[1], file));
    };
    find('dataframe', /siblingModule\('([\w-]+)'\)/g, (name) => `dataframe/dist/physical/${name}.js`);
    find('scheduler', /module: new URL\(`\.\/([\w/-]+)\$\{/g, (name) => `scheduler/dist/${name}.js`);
    find('bag', /bagModule\('([\w/-]+)'\)/g, (name) => `bag/dist/${name}.js`);
    find('ml', /mlModule\('([\w/-]+)'\)/g, (name) => `ml/dist/${name}.js`);
    find('array', /TASKS = new URL\(`([\w./-]+)\$\{/g, (name, file) => `array/dist/${relative(join(root, 'packages/array/src'), join(dirname(file), name))}.js`);
    // the sources still name ops the way this test looks for them (fourteen modules)
    expect(named.size).toBeGreaterThanOrEqual(14);
    const bundledOps = new Set(Object.values(ENTRIES));
    expect([...named].filter((m) => !bundledOps.has(m))).toEqual([]);
  });

  it("loads an op named by its dist URL from the bundle, and any other module from where it is", async () => {
    type Load = (op: { module: string; export: string }) => Promise<unknown>;
    const { loadOp } = (await import(new URL('worker-entry.js', bundleDir).href)) as { loadOp: Load };
    const dist = (p: string): string => pathToFileURL(join(root, 'packages', p)).href;
    const ops: [string, string, string][] = [
      ['dataframe/dist/physical/partition-task.js', 'op-partition-task.js', 'runTask'],
      ['bag/dist/ops/reduce.js', 'op-bag-reduce.js', 'combineReduce'],
    ];
    for (const [distFile, copy, name] of ops) {
      const fromBundle = ((await import(new URL(copy, bundleDir).href)) as Record<string, unknown>)[name];
      const fromDist = ((await import(dist(distFile))) as Record<string, unknown>)[name];
      expect(typeof fromBundle).toBe('function');
      expect(await loadOp({ module: dist(distFile), export: name })).toBe(fromBundle);
      expect(fromBundle).not.toBe(fromDist);
    }
    const user = pathToFileURL(join(dir, 'where.mjs')).href;
    expect(await loadOp({ module: user, export: 'where' })).toBe(((await import(user)) as { where: unknown }).where);
  });

  it("loads the table op without node:crypto or dayjs, which wait for their first use (a thread's start)", () => {
    writeFileSync(join(dir, 'loaded.mjs'), `import { createRequire } from 'node:module';
await import(${JSON.stringify(new URL('worker-entry.js', bundleDir).href)});
await import(${JSON.stringify(new URL('op-partition-task.js', bundleDir).href)});
const cache = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify({ crypto: process.moduleLoadList.includes('NativeModule crypto'), dayjs: cache.filter((f) => f.includes('dayjs')).length }));
`);
    const loaded = spawnSync(process.execPath, [join(dir, 'loaded.mjs')], { encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(loaded.stdout)).toEqual({ crypto: false, dayjs: 0 });
    // and a file whose dates need dayjs still reads
    writeFileSync(join(dir, 'days.csv'), 'd,x\n03/01/2020,1\n04/01/2021,2\n');
    const days = floe({}, 'agg', 'days.csv', '--by', 'year(d)', '--agg', 'sum(x)', '--date-format', 'd=DD/MM/YYYY', '--format', 'json');
    expect(days.stderr).toBe('');
    expect(JSON.parse(days.stdout)).toEqual([{ d: 2020, sum_x: 1 }, { d: 2021, sum_x: 2 }]);
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
