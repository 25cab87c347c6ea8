/**
 * Bag word count against a plain streaming readline + Map script, in the same run:
 * generates the JSON lines (once; kept for later runs), then runs each contender in its own
 * process (so each peak RSS is its own), alternating, and prints the figures.
 *
 *   node --import tsx benchmarks/src/bag/main.ts --size 1GB --workers 2 --runs 3
 *
 * The summary gives medians and their ratio in wall time and in CPU time of all threads (CPU
 * still says something on a loaded machine), with the load average around each run. Defaults
 * (1 GB, 3 rounds) take ~4–5 min on a quiet 2-core machine once the input exists (~1 min to generate).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseByteSize } from 'floe';
import { generate } from './gen-json-lines.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const size = arg('size', '1GB');
const workers = arg('workers', '2');
const runs = Number(arg('runs', '3'));
const out = arg('out', `/tmp/floe-bag-bench-${size}`);

let files = existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(out, f)) : [];
if (files.length === 0) {
  const t0 = performance.now();
  files = generate({ out, bytes: parseByteSize(size), files: 8 });
  console.log(`generated ${files.length} files in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
console.log(`input: ${files.length} files, ${(bytes / 1e9).toFixed(3)} GB of JSON lines in ${out}`);

interface Outcome {
  seconds: number;
  cpuSeconds: number;
  peakRss: number;
  top: [string, number][];
}

function runScript(script: string, args: string[]): Outcome {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${script} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Outcome;
}

const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
console.log(`${cpus().length} cores · load average ${load()} at start`);
const results: { base: Outcome; bag: Outcome }[] = [];
for (let i = 0; i < runs; i++) {
  const base = runScript('./wordcount-readline.ts', files);
  const bag = runScript('./wordcount-bag.ts', [workers, ...files]);
  if (JSON.stringify(base.top) !== JSON.stringify(bag.top)) throw new Error(`top 10 differ:\n${JSON.stringify(base.top)}\n${JSON.stringify(bag.top)}`);
  console.log(
    `run ${i + 1}: readline+Map ${base.seconds.toFixed(1)} s wall, ${base.cpuSeconds.toFixed(1)} s CPU, peak RSS ${mb(base.peakRss)} | ` +
      `bag on ${workers} workers ${bag.seconds.toFixed(1)} s wall, ${bag.cpuSeconds.toFixed(1)} s CPU (all threads), peak RSS ${mb(bag.peakRss)} | ${(base.seconds / bag.seconds).toFixed(2)}× wall · load ${load()}`,
  );
  results.push({ base, bag });
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const b = median(results.map((r) => r.base.seconds));
const g = median(results.map((r) => r.bag.seconds));
const bc = median(results.map((r) => r.base.cpuSeconds));
const gc = median(results.map((r) => r.bag.cpuSeconds));
console.log(
  `medians of ${runs}: readline+Map ${b.toFixed(1)} s (${(bytes / 1e6 / b).toFixed(0)} MB/s), ${bc.toFixed(1)} s CPU | bag ${g.toFixed(1)} s (${(bytes / 1e6 / g).toFixed(0)} MB/s), ${gc.toFixed(1)} s CPU | ` +
    `${(b / g).toFixed(2)}× wall with ${workers} workers (target ≥ 1.7× on free cores), CPU bag/baseline ${(gc / bc).toFixed(2)}; top 10 identical`,
);
console.log(`load average at end: ${load()} on ${cpus().length} cores (wall-clock speedups need the cores to be free)`);
console.log(`top: ${results[0].bag.top.map(([w, n]) => `${w}=${n}`).join(' ')}`);
