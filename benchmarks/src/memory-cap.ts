/**
 * Memory cap: the seed groupby (`groupBy(col('Date').dt.year()).sum()`) over whole generated
 * seed years (two years ≈ 2.17 GB) in a process started with `--max-old-space-size=256`, on a
 * LocalPool of two workers whose heaps are capped at 64 MB, against the in-memory way (csv-parse
 * every file, then group in a Map) under the same main-thread cap. Each run is a fresh `node`
 * process; its peak RSS is the kernel's high-water mark (VmHWM) of that process, all threads
 * included, read by the process itself when the answer is in hand. Runs alternate floe and the
 * baseline; the baseline runs once (it is expected to run out of memory) unless --baseline-runs.
 *
 * Run: `pnpm --filter @floe/benchmarks memcap` (builds packages/floe first). Writes
 * benchmarks/RESULTS-memory-cap.md from a clean commit only; with uncommitted engine or benchmark
 * changes it stops unless --allow-dirty (then RESULTS-memory-cap-uncommitted.md, not committed).
 * Options: --years 2010,2011  --runs 3  --cap-mb 256  --worker-heap-mb 64  --workers 2
 *          --data-dir /tmp/floe-memcap-data  --baseline-runs 1  --allow-dirty
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSeedYear, parseYears, seedRowCount } from '../../scripts/gen-seed.ts';
import { buildBundle } from './build-bundle.js';
import { positiveInt } from './config.js';
import { median } from './measure/stats.js';
import { resultsFile } from './report/results-file.js';

const benchRoot = fileURLToPath(new URL('../', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const { values } = parseArgs({
  options: {
    years: { type: 'string', default: '2010,2011' },
    runs: { type: 'string', default: '3' },
    'baseline-runs': { type: 'string', default: '1' },
    'cap-mb': { type: 'string', default: '256' },
    'worker-heap-mb': { type: 'string', default: '64' },
    workers: { type: 'string', default: '2' },
    'data-dir': { type: 'string', default: join(os.tmpdir(), 'floe-memcap-data') },
    'allow-dirty': { type: 'boolean', default: false },
  },
});
const years = parseYears(values.years);
const runs = positiveInt('--runs', values.runs);
const baselineRuns = positiveInt('--baseline-runs', values['baseline-runs']);
const capMB = positiveInt('--cap-mb', values['cap-mb']);
const workerHeapMB = positiveInt('--worker-heap-mb', values['worker-heap-mb']);
const workers = positiveInt('--workers', values.workers);
const dataDir = values['data-dir'];

const resultsOut = resultsFile('memory-cap', { repoRoot, benchRoot, allowDirty: values['allow-dirty'] === true });

// The input: whole seed years, generated once and reused while their sizes match.
mkdirSync(dataDir, { recursive: true });
const files = years.map((y) => join(dataDir, `${y}.csv`));
for (const [i, y] of years.entries()) {
  const marker = `${files[i]}.rows`;
  if (existsSync(files[i]) && existsSync(marker) && readFileSync(marker, 'utf8') === String(seedRowCount(y))) continue;
  console.log(`generating ${files[i]} (${seedRowCount(y).toLocaleString('en')} rows)…`);
  generateSeedYear(files[i], y, { seed: 42 });
  writeFileSync(marker, String(seedRowCount(y)));
}
const inputBytes = files.reduce((n, f) => n + statSync(f).size, 0);
const inputRows = years.reduce((n, y) => n + seedRowCount(y), 0);

// floe is measured as users import it: the built package.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-b', 'packages/floe'], { cwd: repoRoot, stdio: 'inherit' });
buildBundle(repoRoot, (msg) => process.stderr.write(`${msg}\n`));
const floeDist = join(repoRoot, 'packages/floe/dist/index.js');
const csvParse = createRequire(join(benchRoot, 'package.json')).resolve('csv-parse/sync');

const REPORT = `
  const hwm = /VmHWM:\\s+(\\d+) kB/.exec((await import('node:fs')).readFileSync('/proc/self/status', 'utf8'));
  console.log(JSON.stringify({ ms: performance.now() - t0, peakBytes: Number(hwm[1]) * 1024, sums }));`;

const floeScript = `
  import { readCsv, col, LocalPool } from ${JSON.stringify(floeDist)};
  const t0 = performance.now();
  const pool = new LocalPool({ workers: ${workers}, resourceLimits: { maxOldGenerationSizeMb: ${workerHeapMB} } });
  const t = await readCsv(${JSON.stringify(files)}, { parseDates: ['Date'] }).groupBy(col('Date').dt.year()).sum().compute({ executor: pool });
  await pool.close();
  const sums = t.toRows().map((r) => [String(r.Date), String(r.X0)]);${REPORT}`;

const baselineScript = `
  import { readFileSync } from 'node:fs';
  import { createRequire } from 'node:module';
  const { parse } = createRequire(import.meta.url)(${JSON.stringify(csvParse)});
  const t0 = performance.now();
  const rows = [];
  for (const f of ${JSON.stringify(files)}) rows.push(...parse(readFileSync(f), { columns: true }));
  const m = new Map();
  for (const r of rows) { const k = r.Date.slice(0, 4); m.set(k, (m.get(k) ?? 0) + Number(r.X0)); }
  const sums = [...m].map(([k, v]) => [k, String(v)]);${REPORT}`;

interface Run {
  who: 'floe' | 'baseline';
  ok: boolean;
  ms: number | null;
  peakMB: number | null;
  sums: [string, string][] | null;
  failure: string | null;
  load: string;
}

function runOnce(who: Run['who'], script: string): Run {
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  const r = spawnSync(process.execPath, [`--max-old-space-size=${capMB}`, '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 1_800_000, maxBuffer: 1 << 24 });
  if (r.status === 0) {
    const res = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { ms: number; peakBytes: number; sums: [string, string][] };
    return { who, ok: true, ms: res.ms, peakMB: res.peakBytes / 1e6, sums: res.sums, failure: null, load };
  }
  const why = /heap out of memory|Invalid string length|ERR_STRING_TOO_LONG|Array buffer allocation failed/.exec(r.stderr)?.[0] ?? (r.signal ? `killed by ${r.signal}` : `exit ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return { who, ok: false, ms: null, peakMB: null, sums: null, failure: why, load };
}

const results: Run[] = [];
for (let i = 0; i < Math.max(runs, baselineRuns); i++) {
  const round: Run[] = [];
  if (i < runs) round.push(runOnce('floe', floeScript));
  if (i < baselineRuns) round.push(runOnce('baseline', baselineScript));
  for (const r of round) console.log(JSON.stringify(r));
  results.push(...round);
}

const floeRuns = results.filter((r) => r.who === 'floe');
const okRuns = floeRuns.filter((r) => r.ok);
const answers = new Set(okRuns.map((r) => JSON.stringify(r.sums)));
const fmt = (x: number | null, d: number): string => (x === null ? '–' : x.toFixed(d));
const rng = (xs: number[], d: number): string => `${median(xs).toFixed(d)} (${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)})`;
const gb = (inputBytes / 1e9).toFixed(2);
const lines = [
  '# floe memory cap',
  '',
  resultsOut.provenance('pnpm --filter @floe/benchmarks memcap'),
  '',
  '## Summary',
  '',
  '| what | figure |',
  '|---|---|',
  `| input | ${files.length} seed files (${years.join(', ')}, every second of each year), ${inputRows.toLocaleString('en')} rows, ${gb} GB |`,
  `| query | \`readCsv(files, { parseDates: ['Date'] }).groupBy(col('Date').dt.year()).sum()\` |`,
  `| limits | \`node --max-old-space-size=${capMB}\`, LocalPool of ${workers} workers with \`resourceLimits: { maxOldGenerationSizeMb: ${workerHeapMB} }\` |`,
  `| floe completed | ${okRuns.length} of ${floeRuns.length} runs |`,
  okRuns.length > 0 ? `| floe peak RSS, MB, median (min–max) | ${rng(okRuns.map((r) => r.peakMB ?? 0), 0)} |` : '| floe peak RSS | no run completed |',
  okRuns.length > 0 ? `| floe wall s, median (min–max) | ${rng(okRuns.map((r) => (r.ms ?? 0) / 1000), 1)} |` : '| floe wall s | no run completed |',
  `| floe answers agree across runs | ${answers.size === 1 ? 'yes' : `no (${answers.size} different answers)`} |`,
  `| in-memory baseline | ${results
    .filter((r) => r.who === 'baseline')
    .map((r) => (r.ok ? `completed (${fmt(r.peakMB, 0)} MB peak)` : `failed: ${r.failure}`))
    .join('; ')} |`,
  '',
  '## Runs (in the order they ran)',
  '',
  '| # | who | ok | wall s | peak RSS MB | load (1/5/15 min) before the run | answer (year: sum of X0) or failure |',
  '|---:|---|---|---:|---:|---|---|',
  ...results.map((r, i) => `| ${i + 1} | ${r.who} | ${r.ok ? 'yes' : 'no'} | ${fmt(r.ms === null ? null : r.ms / 1000, 1)} | ${fmt(r.peakMB, 0)} | ${r.load} | ${r.ok ? (r.sums ?? []).map(([k, v]) => `${k}: ${v}`).join(', ') : r.failure} |`),
  '',
  '## Machine',
  '',
  `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node.js ${process.version}; the machine is shared (see the load column). MB = 10^6 bytes, GB = 10^9 bytes.`,
  '',
];
writeFileSync(resultsOut.path, lines.join('\n'));
console.log(`wrote ${resultsOut.path}`);
if (okRuns.length === 0 || answers.size !== 1) process.exitCode = 1;
