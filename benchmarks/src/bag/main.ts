/**
 * Bag word count against a plain streaming readline + Map script, in the same run:
 * generates the JSON lines (once; kept for later runs), then runs each contender in its own
 * process (so each peak RSS is its own), alternating, prints the figures and writes
 * benchmarks/RESULTS-bags.md (from a clean commit only; see report/results-file.ts).
 *
 *   pnpm --filter @floe/benchmarks bag --size 1GB --runs 3 [--workers 2] [--out DIR] [--allow-dirty]
 *
 * The summary gives medians and their ratio in wall time and in CPU time of all threads (CPU
 * still says something on a loaded machine), the CPU split by thread, and the load average
 * around each run. Defaults (1 GB, 3 rounds) take ~4–5 min on a quiet 2-core machine once the
 * input exists (~1 min to generate).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseByteSize } from 'floe';
import type { CpuByThread } from '../measure/thread-cpu.js';
import { positiveInt } from '../config.js';
import { median } from '../measure/stats.js';
import { resultsFile } from '../report/results-file.js';
import { generate } from './gen-json-lines.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const benchRoot = fileURLToPath(new URL('../../', import.meta.url));

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1GB' },
    workers: { type: 'string', default: '2' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string' },
    'allow-dirty': { type: 'boolean', default: false },
  },
});
const size = values.size;
const sizeBytes = parseByteSize(size);
const workers = positiveInt('--workers', values.workers);
const runs = positiveInt('--runs', values.runs);
const out = values.out ?? join(os.tmpdir(), `floe-bag-bench-${size}`);
const command = `pnpm --filter @floe/benchmarks bag --size ${size} --runs ${runs}${workers !== 2 ? ` --workers ${workers}` : ''}`;
const resultsOut = resultsFile('bags', { repoRoot, benchRoot, allowDirty: values['allow-dirty'] === true });

let files = existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(out, f)) : [];
const held = files.reduce((s, f) => s + statSync(f).size, 0);
// a folder from an interrupted generation (or another --size) is made again
if (files.length === 0 || Math.abs(held - sizeBytes) > 0.1 * sizeBytes) {
  const t0 = performance.now();
  files = generate({ out, bytes: sizeBytes, files: 8 });
  console.log(`generated ${files.length} files in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
console.log(`input: ${files.length} files, ${(bytes / 1e9).toFixed(3)} GB of JSON lines in ${out}`);

interface Outcome {
  seconds: number;
  cpuSeconds: number;
  byThread: CpuByThread;
  peakRss: number;
  partitions?: number;
  top: [string, number][];
}

function runScript(script: string, args: string[]): Outcome {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${script} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Outcome;
}

const mb = (b: number): string => `${(b / 1e6).toFixed(0)} MB`;
const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const s1 = (x: number): string => x.toFixed(1);
const threads = (o: Outcome): string => `main ${s1(o.byThread.main)} · workers ${s1(o.byThread.workers)} · other ${s1(o.byThread.other)}`;
const loadAtStart = load();
console.log(`${os.cpus().length} cores · load average ${loadAtStart} at start`);
const results: { base: Outcome; bag: Outcome; loadBefore: string; loadAfter: string }[] = [];
for (let i = 0; i < runs; i++) {
  const loadBefore = load();
  const base = runScript('./wordcount-readline.ts', files);
  const bag = runScript('./wordcount-bag.ts', [String(workers), ...files]);
  if (JSON.stringify(base.top) !== JSON.stringify(bag.top)) throw new Error(`top 10 differ:\n${JSON.stringify(base.top)}\n${JSON.stringify(bag.top)}`);
  const loadAfter = load();
  console.log(
    `run ${i + 1}: readline+Map ${s1(base.seconds)} s wall, ${s1(base.cpuSeconds)} s CPU, peak RSS ${mb(base.peakRss)} | ` +
      `bag on ${workers} workers ${s1(bag.seconds)} s wall, ${s1(bag.cpuSeconds)} s CPU (${threads(bag)}), peak RSS ${mb(bag.peakRss)} | ` +
      `${(base.seconds / bag.seconds).toFixed(2)}× wall, CPU bag/baseline ${(bag.cpuSeconds / base.cpuSeconds).toFixed(2)} · load ${loadAfter}`,
  );
  results.push({ base, bag, loadBefore, loadAfter });
}
const med = (f: (r: (typeof results)[number]) => number): number => median(results.map(f));
const b = med((r) => r.base.seconds);
const g = med((r) => r.bag.seconds);
const bc = med((r) => r.base.cpuSeconds);
const gc = med((r) => r.bag.cpuSeconds);
const speedup = b / g;
const loadAtEnd = load();
console.log(
  `medians of ${runs}: readline+Map ${s1(b)} s (${(bytes / 1e6 / b).toFixed(0)} MB/s), ${s1(bc)} s CPU | bag ${s1(g)} s (${(bytes / 1e6 / g).toFixed(0)} MB/s), ${s1(gc)} s CPU | ` +
    `${speedup.toFixed(2)}× wall with ${workers} workers (target ≥ 1.7× on free cores), CPU bag/baseline ${(gc / bc).toFixed(2)}; top 10 identical`,
);
console.log(`load average at end: ${loadAtEnd} on ${os.cpus().length} cores (wall-clock speedups need the cores to be free)`);

const top = results[0].bag.top;
const lines = [
  '# Bags: word count over JSON lines against a streaming readline + Map script',
  '',
  resultsOut.provenance(command),
  '',
  '## Summary',
  '',
  '| what | figure |',
  '|---|---|',
  `| input | ${files.length} files, ${(bytes / 1e9).toFixed(3)} GB of generated JSON lines (\`gen-json-lines.ts\`, seed 42: records \`{id, user, status, text}\` whose text is 8–24 words of a 50 000-word Zipf-like vocabulary) in ${out} |`,
  '| baseline | `wordcount-readline.ts`: `readline` over each file, `JSON.parse`, `text.split(\' \')`, counts in one `Map`; one thread |',
  `| bag | \`wordcount-bag.ts\`: \`readNdjson(files).map((e) => e.text.split(' ')).flatten().frequencies().topk(10, ([, n]) => n)\` on a \`LocalPool\` of ${workers} workers (heaps capped at 96 MB old / 32 MB young generation); ${results[0].bag.partitions ?? '?'} partitions (default blocksize) and as many hash buckets |`,
  `| runs | ${runs}, alternating baseline then bag, each contender a fresh process (\`node --import tsx\` for both; floe itself runs from its built \`dist/\`); timing starts after the pool's threads are up |`,
  `| wall s, median | baseline ${s1(b)} (${(bytes / 1e6 / b).toFixed(0)} MB/s) · bag ${s1(g)} (${(bytes / 1e6 / g).toFixed(0)} MB/s) |`,
  `| **wall speedup, median** | **${speedup.toFixed(2)}×** with ${workers} workers (target ≥ 1.7×: ${speedup >= 1.7 ? 'met' : 'NOT met'}) |`,
  `| CPU s (all threads), median | baseline ${s1(bc)} · bag ${s1(gc)} · bag/baseline ${(gc / bc).toFixed(2)} |`,
  `| bag CPU by thread, median s | main ${s1(med((r) => r.bag.byThread.main))} · workers ${s1(med((r) => r.bag.byThread.workers))} · other (GC helpers, libuv, loader) ${s1(med((r) => r.bag.byThread.other))} |`,
  `| peak RSS, median (whole process) | baseline ${mb(med((r) => r.base.peakRss))} · bag ${mb(med((r) => r.bag.peakRss))} |`,
  `| load average (1/5/15 min) | ${loadAtStart} at start · ${loadAtEnd} at end, on ${os.cpus().length} cores |`,
  `| same answer | top 10 identical in every run: ${top.map(([w, n]) => `${w}=${n}`).join(' ')} |`,
  '',
  '## Runs (in the order they ran)',
  '',
  '| # | baseline wall s | baseline CPU s | baseline peak RSS | bag wall s | bag CPU s (main / workers / other) | bag peak RSS | wall speedup | CPU bag/baseline | load before → after |',
  '|---:|---:|---:|---:|---:|---|---:|---:|---:|---|',
  ...results.map(
    (r, i) =>
      `| ${i + 1} | ${s1(r.base.seconds)} | ${s1(r.base.cpuSeconds)} | ${mb(r.base.peakRss)} | ${s1(r.bag.seconds)} | ${s1(r.bag.cpuSeconds)} (${s1(r.bag.byThread.main)} / ${s1(r.bag.byThread.workers)} / ${s1(r.bag.byThread.other)}) | ${mb(r.bag.peakRss)} | ${(r.base.seconds / r.bag.seconds).toFixed(2)}× | ${(r.bag.cpuSeconds / r.base.cpuSeconds).toFixed(2)} | ${r.loadBefore} → ${r.loadAfter} |`,
  ),
  '',
  '## How to read it',
  '',
  `CPU seconds are the whole process's (\`process.cpuUsage()\`, all threads) from the start of the query to its answer; the split by thread is read from \`/proc/self/task\` (the ${workers} busiest non-main threads are counted as the workers). ` +
    'With two free cores the wall speedup is bounded by 2 / (CPU bag/baseline); on a loaded machine wall times say little and CPU seconds inflate too, so compare only figures of one run. ' +
    "The bag's peak RSS is bounded by its threads' heaps (each worker capped as above) plus floe's modules: each map task holds one partition's distinct words and reads 4 MiB blocks, whatever the input size.",
  '',
  '## Machine',
  '',
  `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node.js ${process.version}, commit ${resultsOut.commit}${resultsOut.dirty.length > 0 ? ' + uncommitted changes' : ''}. MB = 10^6 bytes, GB = 10^9 bytes.`,
  '',
];
writeFileSync(resultsOut.path, lines.join('\n'));
console.log(`wrote ${resultsOut.path}`);
