/**
 * Array benchmarks (issue 14). One command; every measured run is its own process (so peak RSS
 * is that run's alone) and prints wall seconds, CPU seconds of the whole process (all threads)
 * and peak RSS:
 *
 *   ones      da.ones([1000,1000,1000], chunks 250³) — creation time, then .sum() time and peak RSS
 *   uniform   the same 8 GB shape of seeded uniform values (real data in every block): .sum()
 *   xxt       n² seeded normal r, (r + r.T).mean() on a pool of --workers threads (default 2)
 *   baseline  the same r + r.T mean in plain Float64Arrays on one thread (same generator, whole array)
 *
 * xxt and baseline alternate for --runs rounds (default 3); the summary gives medians and their
 * ratio, in wall time and in CPU time (CPU still says something on a loaded machine), and the
 * load average around the runs. Defaults take ~3 min on a quiet 2-core machine.
 *
 *   pnpm --filter @floe/benchmarks arrays [--n 16000 --runs 3 --workers 2] [--allow-dirty] [case…]
 *
 * With every case run, writes benchmarks/RESULTS-arrays.md (from a clean commit only; with
 * uncommitted changes it stops unless --allow-dirty, which writes RESULTS-arrays-uncommitted.md:
 * see report/results-file.ts). Not a test.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os, { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { array as da, LocalPool } from 'floe';
import { peakRssBytes } from './peak-rss.js';
import { resultsFile } from './report/results-file.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('n', 16000);
const WORKERS = arg('workers', 2);
const RUNS = arg('runs', 3);
const CASES = ['ones', 'uniform', 'xxt', 'baseline'] as const;
type Case = (typeof CASES)[number];
const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;

interface Outcome {
  case: Case;
  seconds: number;
  cpuSeconds: number;
  peakRss: number;
  value: number;
  createMicros?: number;
}

/** Runs one case in this process and prints its Outcome as the last line (JSON). */
async function runCase(c: Case): Promise<void> {
  const pool = c === 'baseline' ? null : new LocalPool({ workers: WORKERS });
  // start the threads before the clock does (the baseline has none to start)
  if (pool) await da.ones([WORKERS], { chunks: 1 }).sum().compute({ executor: pool });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let value: number;
  let createMicros: number | undefined;
  try {
    if (c === 'ones' || c === 'uniform') {
      const x = c === 'ones' ? da.ones([1000, 1000, 1000], { chunks: [250, 250, 250] }) : da.random.uniform([1000, 1000, 1000], { chunks: [250, 250, 250], seed: 1 });
      createMicros = (performance.now() - t0) * 1000;
      value = Number(await x.sum().compute({ executor: pool! }));
    } else if (c === 'xxt') {
      const r = da.random.normal([N, N], { chunks: 2000, seed: 1 });
      value = Number(await r.add(r.T).mean().compute({ executor: pool! }));
    } else {
      value = await plainXXT();
    }
  } finally {
    await pool?.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const out: Outcome = { case: c, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRss: peakRssBytes(), value, createMicros };
  console.log(JSON.stringify(out));
}

/** What a user writes without floe: the whole array in one Float64Array, summed with its transpose. */
async function plainXXT(): Promise<number> {
  // the same values as da.random.normal(seed 1, chunks 2000), block by block into one array
  const { randomBlock } = await import('../../packages/array/src/kernels/random.js');
  const x = new Float64Array(N * N);
  const c = 2000;
  const nb = Math.ceil(N / c);
  for (let bi = 0; bi < nb; bi++) for (let bj = 0; bj < nb; bj++) {
    const h = Math.min(c, N - bi * c);
    const w = Math.min(c, N - bj * c);
    const b = randomBlock({ kind: 'normal', loc: 0, scale: 1 }, 'float64', [h, w], 1, bi * nb + bj).data as Float64Array;
    for (let i = 0; i < h; i++) x.set(b.subarray(i * w, i * w + w), (bi * c + i) * N + bj * c);
  }
  let s = 0;
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) s += x[i * N + j] + x[j * N + i];
  return s / (N * N);
}

function spawnCase(c: Case, extra: string[]): Outcome {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [...process.execArgv, self, c, ...extra], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`case ${c} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Outcome;
}

const line = (o: Outcome): string =>
  `${o.seconds.toFixed(2)} s wall, ${o.cpuSeconds.toFixed(1)} s CPU, peak RSS ${mb(o.peakRss)}`;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');

const asked = process.argv.slice(2).filter((a): a is Case => (CASES as readonly string[]).includes(a));
const extra = process.argv.slice(2).filter((a) => !(CASES as readonly string[]).includes(a) && a !== '--allow-dirty');
if (asked.length === 1 && extra.includes('--child')) await runCase(asked[0]);
else {
  const want = new Set<Case>(asked.length > 0 ? asked : CASES);
  const all = CASES.every((c) => want.has(c));
  const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
  const benchRoot = fileURLToPath(new URL('../', import.meta.url));
  // the file is the whole benchmark's: a run of some cases only prints
  const resultsOut = all ? resultsFile('arrays', { repoRoot, benchRoot, allowDirty: process.argv.includes('--allow-dirty') }) : null;
  const child = [...extra, '--child'];
  const loadAtStart = load();
  console.log(`arrays benchmark · ${cpus().length} cores · load average ${loadAtStart} at start`);
  const md: string[] = [];
  for (const c of ['ones', 'uniform'] as const) {
    if (!want.has(c)) continue;
    const before = load();
    const o = spawnCase(c, child);
    console.log(`${c.padEnd(8)} create ${o.createMicros!.toFixed(0)} µs · sum = ${o.value} · ${line(o)} (${WORKERS} workers)`);
    md.push(`| \`${c === 'ones' ? 'da.ones' : 'da.random.uniform'}([1000, 1000, 1000], { chunks: [250, 250, 250]${c === 'uniform' ? ', seed: 1' : ''} })\` then \`.sum()\` | ${o.createMicros!.toFixed(0)} µs | ${o.seconds.toFixed(2)} | ${o.cpuSeconds.toFixed(1)} | ${mb(o.peakRss)} | ${o.value} | ${before} |`);
  }
  const floe: Outcome[] = [];
  const base: Outcome[] = [];
  const loads: string[] = [];
  if (want.has('xxt') || want.has('baseline')) {
    console.log(`(r + r.T).mean(), r ${N}×${N} normal (seed 1, chunks 2000): floe on ${WORKERS} workers vs plain Float64Array on one thread, ${RUNS} alternating runs`);
    for (let i = 0; i < RUNS; i++) {
      if (want.has('baseline')) base.push(spawnCase('baseline', child));
      if (want.has('xxt')) floe.push(spawnCase('xxt', child));
      const b = base.at(-1);
      const f = floe.at(-1);
      loads.push(load());
      console.log(`run ${i + 1}: ${b ? `baseline ${line(b)}` : ''}${b && f ? ' | ' : ''}${f ? `floe ${line(f)}` : ''} · load ${load()}`);
      if (b && f && Math.abs(b.value - f.value) > 1e-9 * Math.max(1, Math.abs(b.value))) throw new Error(`results differ: baseline ${b.value}, floe ${f.value}`);
    }
  }
  let summary = '';
  if (base.length > 0 && floe.length > 0) {
    const bw = median(base.map((o) => o.seconds));
    const fw = median(floe.map((o) => o.seconds));
    const bc = median(base.map((o) => o.cpuSeconds));
    const fc = median(floe.map((o) => o.cpuSeconds));
    summary =
      `medians: baseline ${bw.toFixed(2)} s wall, ${bc.toFixed(1)} s CPU, ${mb(median(base.map((o) => o.peakRss)))} | ` +
      `floe ${fw.toFixed(2)} s wall, ${fc.toFixed(1)} s CPU, ${mb(median(floe.map((o) => o.peakRss)))} | ` +
      `speedup ${(bw / fw).toFixed(2)}× wall (target ≥ 1.7× on ${WORKERS} free cores: ${bw / fw >= 1.7 ? 'met' : 'NOT met'}), CPU floe/baseline ${(fc / bc).toFixed(2)} · same mean ${floe[0].value.toFixed(6)}`;
    console.log(summary);
  }
  const loadAtEnd = load();
  console.log(`load average at end: ${loadAtEnd}`);
  if (resultsOut === null) console.log('not writing RESULTS-arrays.md: only some cases ran (run without case names for the file)');
  else {
    const command = `pnpm --filter @floe/benchmarks arrays${N !== 16000 ? ` --n ${N}` : ''}${RUNS !== 3 ? ` --runs ${RUNS}` : ''}${WORKERS !== 2 ? ` --workers ${WORKERS}` : ''}`;
    const gb = (8 * N * N) / 1e9;
    const lines = [
      '# Arrays: chunked creation and reductions, and (r + r.T).mean() against a plain Float64Array loop',
      '',
      resultsOut.provenance(command),
      '',
      `Each case runs in its own process (peak RSS is the kernel's high-water mark of that process, all threads); CPU seconds are the whole process's (all threads) from the start of the computation, after the pool's ${WORKERS} worker threads are up. MB = 2^20 bytes here.`,
      '',
      '## Creation and whole-array sums (8 GB of float64 each, never materialized)',
      '',
      '| expression | create | sum wall s | CPU s | peak RSS | value | load before (1/5/15 min) |',
      '|---|---:|---:|---:|---:|---:|---|',
      ...md,
      '',
      `## (r + r.T).mean(), r = da.random.normal([${N}, ${N}], { chunks: 2000, seed: 1 }) (${gb.toFixed(2)} GB), ${RUNS} alternating runs`,
      '',
      `floe on a LocalPool of ${WORKERS} workers against the same values in one Float64Array summed with its transpose on one thread (\`plainXXT\` in arrays.ts).`,
      '',
      '| # | baseline wall s | baseline CPU s | baseline peak RSS | floe wall s | floe CPU s | floe peak RSS | wall speedup | load after |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---|',
      ...base.map((b, i) => {
        const f = floe[i];
        return `| ${i + 1} | ${b.seconds.toFixed(2)} | ${b.cpuSeconds.toFixed(1)} | ${mb(b.peakRss)} | ${f.seconds.toFixed(2)} | ${f.cpuSeconds.toFixed(1)} | ${mb(f.peakRss)} | ${(b.seconds / f.seconds).toFixed(2)}× | ${loads[i]} |`;
      }),
      '',
      summary,
      '',
      '## Machine',
      '',
      `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node.js ${process.version}, commit ${resultsOut.commit}${resultsOut.dirty.length > 0 ? ' + uncommitted changes' : ''}; load average ${loadAtStart} at start, ${loadAtEnd} at end.`,
      '',
    ];
    writeFileSync(resultsOut.path, lines.join('\n'));
    console.log(`wrote ${resultsOut.path}`);
  }
}
