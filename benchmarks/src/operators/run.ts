/**
 * The operator-graph benchmark (issue: operators that move data). Measures, each run in a
 * fresh process, runs alternating between contenders, medians reported:
 *   sort     — the seed files sorted by (X0 desc, X1) and written as CSV, floe with a 256 MB
 *              budget against DuckDB with memory_limit 256 MB, at 0.5, 1 and 2 GB: wall time and
 *              peak RSS (the target: floe completes and its RSS stays flat as the input grows);
 *   seed     — `groupBy(year(Date)).sum()` on the seed files with this build against a base
 *              build (`--base path/to/packages/floe/dist/index.js`, e.g. the commit before the
 *              operator graph), to show the grouped aggregate's new exchange is no slower.
 * Writes benchmarks/RESULTS-operators.md itself (RESULTS-operators-quick.md with --quick), only
 * from a clean commit: a dirty tree stops the run unless --allow-dirty (then the git-ignored
 * RESULTS-operators-uncommitted.md). Each row records the 1-minute load average it ran at.
 *
 *   node --import tsx benchmarks/src/operators/run.ts [--sizes 0.5,1,2] [--runs 3] [--base DIST] [--quick] [--allow-dirty]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { cpus, loadavg, totalmem } from 'node:os';
import { resultsFile } from '../report/results-file.js';
import { lineChart, type Series } from '../report/svg-chart.js';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string): string => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const quick = args.includes('--quick');
const sizes = flag('sizes', quick ? '0.05,0.1' : '0.5,1,2').split(',').map(Number);
const runs = Number(flag('runs', quick ? '1' : '3'));
const base = args.includes('--base') ? resolve(flag('base', '')) : null;
const repo = resolve(import.meta.dirname, '../../..');
const dataRoot = resolve(flag('data-dir', join(repo, '.bench-data')));
const scratch = join(dataRoot, 'operators-scratch');
mkdirSync(scratch, { recursive: true });
const child = join(import.meta.dirname, 'child.ts');
const results = resultsFile(quick ? 'operators-quick' : 'operators', { repoRoot: repo, benchRoot: join(repo, 'benchmarks'), allowDirty: args.includes('--allow-dirty') });

/** Seed rows for a size: a row is ~35 bytes; one file per year, 4 years, first N seconds of each. */
function seedDir(gb: number): string {
  const dir = join(dataRoot, `seed-ops-${gb}GB`);
  if (!existsSync(join(dir, '2013.csv'))) {
    const rows = Math.round((gb * 1e9) / 35 / 4);
    execFileSync('node', ['--import', 'tsx', join(repo, 'scripts/gen-seed.ts'), '--years', '2010-2013', '--rows', String(rows), '--out', dir], { stdio: 'inherit' });
  }
  return dir;
}

function bytesOf(dir: string): number {
  return readdirSync(dir).filter((f) => f.endsWith('.csv')).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

interface Run { wall: number; cpu: number; peakRssMB: number; rows: number }

function measure(argv: string[]): Run | { error: string } {
  try {
    const out = execFileSync('node', ['--import', 'tsx', child, ...argv], { cwd: join(repo, 'benchmarks'), encoding: 'utf8', maxBuffer: 1 << 24, timeout: 1_800_000 });
    return JSON.parse(out.trim().split('\n').pop()!) as Run;
  } catch (err) {
    return { error: String((err as Error).message).split('\n')[0] };
  }
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN; };
const lines: string[] = [];
const log = (s: string): void => { console.log(s); lines.push(s); };

log(`# Operator benchmarks${quick ? ' (quick run: tiny inputs, not the targets)' : ''}`);
log('');
log(results.provenance(`node --import tsx benchmarks/src/operators/run.ts ${args.join(' ')}`.trim()));
log('');
log(`Machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM; node ${process.version}. ${runs} run(s) each, alternating, each a fresh process; medians. Load: the 1-minute load average before and after each row's runs.`);
log('');
log('## Sort: seed files by (X0 desc, X1), written as CSV, 256 MB budget');
log('');
log('| input | floe s | floe CPU s | floe peak RSS MB | DuckDB s | DuckDB CPU s | DuckDB peak RSS MB | floe ÷ DuckDB time | floe ÷ DuckDB CPU | rows | load |');
log('|---|---|---|---|---|---|---|---|---|---|---|');
const rssSeries: Series[] = [{ name: 'floe, memoryLimit 256MB', color: '#1f77b4', points: [] }, { name: 'DuckDB, memory_limit 256MB', color: '#ff7f0e', points: [] }];
const timeSeries: Series[] = [{ name: 'floe', color: '#1f77b4', points: [] }, { name: 'DuckDB', color: '#ff7f0e', points: [] }];
const spread = (rs: Run[], key: 'peakRssMB' | 'wall', x: number) => ({ x, y: median(rs.map((r) => r[key])), yMin: Math.min(...rs.map((r) => r[key])), yMax: Math.max(...rs.map((r) => r[key])) });
for (const gb of sizes) {
  const dir = seedDir(gb);
  const load0 = loadavg()[0];
  const f: Run[] = [];
  const d: Run[] = [];
  const errors: string[] = [];
  for (let r = 0; r < runs; r++) {
    const a = measure(['floe-sort', dir, join(scratch, 'floe-out'), '256MB']);
    if ('error' in a) errors.push(`floe: ${a.error}`); else f.push(a);
    const b = measure(['duckdb-sort', dir, join(scratch, 'duck-out'), '256MB', '2']);
    if ('error' in b) errors.push(`duckdb: ${b.error}`); else d.push(b);
  }
  const fw = median(f.map((x) => x.wall));
  const dw = median(d.map((x) => x.wall));
  const fc = median(f.map((x) => x.cpu));
  const dc = median(d.map((x) => x.cpu));
  log(`| ${(bytesOf(dir) / 1e9).toFixed(2)} GB | ${fw.toFixed(1)} | ${fc.toFixed(1)} | ${median(f.map((x) => x.peakRssMB)).toFixed(0)} | ${dw.toFixed(1)} | ${dc.toFixed(1)} | ${median(d.map((x) => x.peakRssMB)).toFixed(0)} | ${(fw / dw).toFixed(2)}× | ${(fc / dc).toFixed(2)}× | ${f[0]?.rows ?? '-'} / ${d[0]?.rows ?? '-'} | ${load0.toFixed(1)}–${loadavg()[0].toFixed(1)} |`);
  for (const e of errors) log(`  - failed: ${e}`);
  const x = bytesOf(dir) / 1e9;
  [f, d].forEach((rs, k) => {
    if (rs.length === 0) return;
    rssSeries[k].points.push(spread(rs, 'peakRssMB', x));
    timeSeries[k].points.push(spread(rs, 'wall', x));
  });
}
// charts beside the other reports' (named after this report: -quick and -uncommitted ones are git-ignored)
const chartBase = basename(results.path, '.md').replace(/^RESULTS-/, '');
const chartsDir = join(repo, 'benchmarks', 'charts');
mkdirSync(chartsDir, { recursive: true });
const note = `${runs} run(s), median, min–max${quick ? '; QUICK' : ''}`;
writeFileSync(join(chartsDir, `${chartBase}-sort-rss.svg`), lineChart({ title: `Sort to CSV on a 256 MB budget: peak RSS (${note})`, xLabel: 'input size, GB (log scale)', xUnit: ' GB', yLabel: 'peak RSS of the whole process, MB', series: rssSeries }));
writeFileSync(join(chartsDir, `${chartBase}-sort-time.svg`), lineChart({ title: `Sort to CSV on a 256 MB budget: wall time (${note})`, xLabel: 'input size, GB (log scale)', xUnit: ' GB', yLabel: 'seconds', series: timeSeries }));
log('');
log(`![sort peak RSS against input size](charts/${chartBase}-sort-rss.svg)`);
log('');
log(`![sort wall time against input size](charts/${chartBase}-sort-time.svg)`);
if (base) {
  log('');
  log('## Seed groupBy(year(Date)).sum(): this build against the base build');
  log('');
  log('| input | this build s | base s | this ÷ base time | this peak RSS MB | base peak RSS MB |');
  log('|---|---|---|---|---|---|');
  for (const gb of sizes) {
    const dir = seedDir(gb);
    const now: Run[] = [];
    const old: Run[] = [];
    for (let r = 0; r < runs; r++) {
      const a = measure(['floe-groupby', dir, '-', '-']);
      if (!('error' in a)) now.push(a);
      const b = measure(['floe-groupby', dir, '-', '-', base]);
      if (!('error' in b)) old.push(b);
    }
    const nw = median(now.map((x) => x.wall));
    const ow = median(old.map((x) => x.wall));
    log(`| ${(bytesOf(dir) / 1e9).toFixed(2)} GB | ${nw.toFixed(2)} | ${ow.toFixed(2)} | ${(nw / ow).toFixed(2)}× | ${median(now.map((x) => x.peakRssMB)).toFixed(0)} | ${median(old.map((x) => x.peakRssMB)).toFixed(0)} |`);
  }
}
writeFileSync(results.path, `${lines.join('\n')}\n`);
console.log(`wrote ${results.path}`);
