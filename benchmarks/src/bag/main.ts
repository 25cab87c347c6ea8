/**
 * Bag word count against a plain streaming readline + Map script, in the same run:
 * generates the JSON lines (once; kept for later runs), then runs each contender in its own
 * process (so each peak RSS is its own), alternating, and prints the figures.
 *
 *   node --import tsx benchmarks/src/bag/main.ts --size 1GB --workers 2 --runs 2
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
const runs = Number(arg('runs', '2'));
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
const results: { base: Outcome; bag: Outcome }[] = [];
for (let i = 0; i < runs; i++) {
  const base = runScript('./wordcount-readline.ts', files);
  const bag = runScript('./wordcount-bag.ts', [workers, ...files]);
  if (JSON.stringify(base.top) !== JSON.stringify(bag.top)) throw new Error(`top 10 differ:\n${JSON.stringify(base.top)}\n${JSON.stringify(bag.top)}`);
  console.log(
    `run ${i + 1}: readline+Map ${base.seconds.toFixed(1)} s wall, ${base.cpuSeconds.toFixed(1)} s CPU, peak RSS ${mb(base.peakRss)} | ` +
      `bag on ${workers} workers ${bag.seconds.toFixed(1)} s wall, ${bag.cpuSeconds.toFixed(1)} s CPU (all threads), peak RSS ${mb(bag.peakRss)} | ${(base.seconds / bag.seconds).toFixed(2)}× wall`,
  );
  results.push({ base, bag });
}
const best = (xs: number[]): number => Math.min(...xs);
const b = best(results.map((r) => r.base.seconds));
const g = best(results.map((r) => r.bag.seconds));
console.log(`best of ${runs}: readline+Map ${b.toFixed(1)} s (${(bytes / 1e6 / b).toFixed(0)} MB/s), bag ${g.toFixed(1)} s (${(bytes / 1e6 / g).toFixed(0)} MB/s): ${(b / g).toFixed(2)}× with ${workers} workers; top 10 identical`);
console.log(`load average while running: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores (wall-clock speedups need the cores to be free)`);
console.log(`top: ${results[0].bag.top.map(([w, n]) => `${w}=${n}`).join(' ')}`);
