/**
 * floe on the seed workload: wall time, MB/s, CPU and peak RSS of the whole process, for
 * 1 and 2 workers, several runs each (alternating), each run in a fresh process.
 * Usage: pnpm --filter @floe/benchmarks seed -- --dir .bench-data/seed2 [--runs 3] [--by year]
 * Generate input first: pnpm gen --years 2010-2011 --out .bench-data/seed2
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const { values } = parseArgs({ options: { dir: { type: 'string' }, runs: { type: 'string', default: '3' }, by: { type: 'string', default: 'year' }, workers: { type: 'string', default: '1,2' } } });
if (!values.dir) {
  console.error('usage: seed-groupby --dir DIR [--runs N] [--by year|month] [--workers 1,2]');
  process.exit(2);
}
const child = fileURLToPath(new URL('./run-floe-seed.ts', import.meta.url));
const workers = values.workers!.split(',').map(Number);
const results = new Map<number, { wall: number; cpu: number; peakRss: number; bytes: number }[]>();
for (let r = 0; r < Number(values.runs); r++) {
  for (const w of workers) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', child, values.dir, String(w), values.by!], { encoding: 'utf8' });
    const m = JSON.parse(out.trim().split('\n').pop()!);
    results.set(w, [...(results.get(w) ?? []), m]);
    console.error(`run ${r + 1} workers=${w}: ${m.wall.toFixed(2)} s, ${(m.peakRss / 1e6).toFixed(0)} MB peak RSS`);
  }
}
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
console.log(`input: ${values.dir}, ${(results.get(workers[0])![0].bytes / 1e9).toFixed(2)} GB, groupBy(${values.by}).sum(), ${values.runs} runs each, medians (min–max)`);
console.log('| workers | wall s | MB/s | CPU s | peak RSS MB |');
console.log('|---|---|---|---|---|');
for (const w of workers) {
  const rs = results.get(w)!;
  const walls = rs.map((x) => x.wall);
  const fmt = (xs: number[], d = 2) => `${median(xs).toFixed(d)} (${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)})`;
  console.log(`| ${w} | ${fmt(walls)} | ${fmt(rs.map((x) => x.bytes / 1e6 / x.wall), 0)} | ${fmt(rs.map((x) => x.cpu), 1)} | ${fmt(rs.map((x) => x.peakRss / 1e6), 0)} |`);
}
if (workers.length === 2) {
  console.log(`speed-up ${workers[1]} vs ${workers[0]} workers (median wall): ${(median(results.get(workers[0])!.map((x) => x.wall)) / median(results.get(workers[1])!.map((x) => x.wall))).toFixed(2)}×`);
}
