/**
 * The cluster executor against the local pool, on one machine: the seed groupby
 * (`groupBy(year(Date)).sum()`) over generated seed data, on a LocalPool of 2 threads and on
 * 1, 2 and 4 `floe worker` processes (one thread each) through a private Redis; then the
 * per-task cost of the trip through Redis, from 2,000 empty tasks (`ping(0)`), 8 in flight
 * (throughput) and 1 in flight (latency, which suffers less from a loaded machine). Medians of
 * --runs alternating runs; the load average is printed with the figures (the machine is shared).
 *
 * Run (one command; builds nothing, needs `pnpm run build` and redis-server):
 *   pnpm --filter @floe/benchmarks run cluster -- --size 2GB [--runs 3] [--blocksize 32MB] [--allow-dirty]
 * Writes benchmarks/RESULTS-cluster.md from a clean commit only (with --allow-dirty: the
 * git-ignored RESULTS-cluster-uncommitted.md). Data goes to /tmp/floe-bench-cluster-<size>/ (reused).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClusterExecutor, col, LocalPool, readCsv, runGraph, TaskGraph, type Executor } from 'floe';
import { startRedis, startWorkers, tempShared, type LocalWorker } from '../../packages/cluster/src/testing/local-cluster.js';
import { resultsFile } from './report/results-file.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const parseSize = (s: string): number => {
  const m = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB)?$/i.exec(s);
  if (!m) throw new Error(`--size ${s}: write e.g. 2GB or 300MB`);
  return Number(m[1]) * { KB: 1e3, MB: 1e6, GB: 1e9 }[(m[2] ?? 'MB').toUpperCase() as 'KB' | 'MB' | 'GB'];
};
const SIZE = arg('size', '2GB');
const RUNS = Number(arg('runs', '3'));
const BLOCK = parseSize(arg('blocksize', '32MB'));
const TINY = Number(arg('tiny', '2000'));
const results = resultsFile('cluster', { repoRoot: root, benchRoot: join(root, 'benchmarks'), allowDirty: process.argv.includes('--allow-dirty') });
const BYTES_PER_ROW = 34.5; // seed rows: an ISO timestamp and five integers
const YEARS = [2010, 2011, 2012, 2013];

function ensureData(): { dir: string; bytes: number } {
  const target = parseSize(SIZE);
  const dir = `/tmp/floe-bench-cluster-${SIZE}`;
  const rows = Math.ceil(target / BYTES_PER_ROW / YEARS.length);
  if (!existsSync(dir) || readdirSync(dir).length < YEARS.length) {
    process.stderr.write(`generating ${SIZE} of seed data in ${dir} …\n`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/gen-seed.ts'), '--years', `${YEARS[0]}-${YEARS.at(-1)}`, '--rows', String(rows), '--out', dir], { stdio: 'inherit', cwd: root });
    if (r.status !== 0) throw new Error('gen-seed failed');
  }
  const bytes = readdirSync(dir).reduce((s, f) => s + statSync(join(dir, f)).size, 0);
  return { dir, bytes };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const { dir, bytes } = ensureData();
  const query = () => readCsv(join(dir, '*.csv'), { parseDates: ['Date'], blocksize: BLOCK }).groupBy(col('Date').dt.year()).sum();
  const shared = tempShared();
  const redis = await startRedis();
  const sets: [string, number][] = [['1 process', 1], ['2 processes', 2], ['4 processes', 4]];
  const workers: LocalWorker[] = [];
  const execs = new Map<string, Executor>();
  const local = new LocalPool({ workers: 2 });
  execs.set('local pool, 2 threads', local);
  try {
    for (const [name, n] of sets) {
      const queue = `bench${n}`; // one queue per set, so idle sets never take another's tasks
      workers.push(...(await startWorkers(redis.url, n, { queue, shared: shared.dir })));
      execs.set(name, await ClusterExecutor.connect({ redis: redis.url, queue, shared: shared.dir, warn: () => {} }));
    }
    const times = new Map<string, number[]>([...execs.keys()].map((k) => [k, []]));
    let tasks = 0;
    let expected = '';
    const load: number[] = [];
    for (const ex of execs.values()) await query().compute({ executor: ex }); // warm-up: modules loaded, code optimized
    for (let r = 0; r < RUNS; r++) {
      for (const [name, ex] of execs) {
        let n = 0;
        load.push(loadavg()[0]);
        const t0 = performance.now();
        const out = await query().compute({ executor: ex, onEvent: (e) => { if (e.type === 'task-done') n++; } });
        times.get(name)!.push(performance.now() - t0);
        tasks = n;
        const text = JSON.stringify(out.toRows(), (_k, v) => (typeof v === 'bigint' ? String(v) : v));
        if (expected === '') expected = text;
        else if (text !== expected) throw new Error(`${name} gave a different answer`);
        process.stderr.write(`run ${r + 1} ${name}: ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
      }
    }
    // per-task cost: empty tasks, 8 in flight (throughput) and 1 in flight (one round trip
    // each); local pool and cluster alternate within each run, so both see the same load
    const op = { module: new URL('../../packages/scheduler/dist/ops/ping.js', import.meta.url).href, export: 'ping' };
    const tinyRuns = new Map<string, number[]>();
    const tinyLoad: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      for (const inFlight of [8, 1]) {
        for (const name of ['local pool, 2 threads', '2 processes']) {
          const g = new TaskGraph();
          for (let i = 0; i < TINY; i++) g.add({ key: `ping-${i}`, group: 'ping', op, args: [0] });
          tinyLoad.push(loadavg()[0]);
          const t0 = performance.now();
          await runGraph(g, { executor: execs.get(name)!, maxInFlight: inFlight });
          const key = `${name}/${inFlight}`;
          tinyRuns.set(key, [...(tinyRuns.get(key) ?? []), (performance.now() - t0) / TINY]);
        }
      }
    }
    const tiny = (name: string, inFlight: number): number => median(tinyRuns.get(`${name}/${inFlight}`)!);
    const added = (inFlight: number): string => (tiny('2 processes', inFlight) - tiny('local pool, 2 threads', inFlight)).toFixed(3);
    const localMs = median(times.get('local pool, 2 threads')!);
    const lines = [
      '# Cluster executor (BullMQ + Redis) vs the local pool',
      '',
      results.provenance(`pnpm --filter @floe/benchmarks run cluster -- ${process.argv.slice(2).filter((a) => a !== '--').join(' ')}`),
      '',
      `Input: seed data, ${(bytes / 1e9).toFixed(2)} GB (${YEARS.length} files, \`--size ${SIZE}\`), blocksize ${(BLOCK / 1e6).toFixed(0)} MB → ${tasks} tasks per query.`,
      `Query: \`readCsv(…, { parseDates: ['Date'] }).groupBy(col('Date').dt.year()).sum()\`; medians of ${RUNS} alternating runs after a warm-up.`,
      `Everything on one machine (${process.env.HOSTNAME ?? 'this host'}): workers are \`floe worker --concurrency 1\` processes, Redis is a private redis-server on loopback, shared storage is a local directory.`,
      `Load average (1 min) during the runs: ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}.`,
      '',
      '| executor | median s | MB/s | × local pool |',
      '|---|---|---|---|',
      ...[...times].map(([name, ts]) => `| ${name} | ${(median(ts) / 1000).toFixed(2)} | ${(bytes / 1e6 / (median(ts) / 1000)).toFixed(0)} | ${(localMs / median(ts)).toFixed(2)} |`),
      '',
      `Per-task cost from ${TINY} empty tasks (\`ping(0)\`), medians of ${RUNS} alternating runs, load ${Math.min(...tinyLoad).toFixed(1)}–${Math.max(...tinyLoad).toFixed(1)}:`,
      '',
      '| in flight | local pool ms/task | cluster (2 processes) ms/task | added by Redis ms/task |',
      '|---|---|---|---|',
      ...[8, 1].map((f) => `| ${f} | ${tiny('local pool, 2 threads', f).toFixed(3)} | ${tiny('2 processes', f).toFixed(3)} | ${added(f)} |`),
      '',
      'Targets (issue 13): ≤ 5 ms added per task; ≥ 0.8× the local pool at 2 processes.',
      '',
    ];
    writeFileSync(results.path, lines.join('\n'));
    process.stderr.write(`wrote ${results.path}\n`);
    process.stdout.write(lines.join('\n'));
  } finally {
    for (const ex of execs.values()) await ex.close();
    await Promise.allSettled(workers.map((w) => w.stop()));
    await redis.stop();
    shared.remove();
  }
}

await main();
