/**
 * Array benchmarks (issue 14), each case in its own process so peak RSS is that case's alone:
 *
 *   ones      da.ones([1000,1000,1000], chunks 250³) — creation time, then .sum() time and peak RSS
 *   uniform   the same 8 GB shape of seeded uniform values (real data in every block): .sum()
 *   xxt       20000² seeded normal r, (r + r.T).mean() on a pool of --workers threads (default 2)
 *   baseline  the same r + r.T mean in plain Float64Arrays on one thread (same generator, whole array)
 *
 * Run: `pnpm --filter @floe/benchmarks run arrays` (or `node --import tsx src/arrays.ts [case…]`
 * in benchmarks/). Options: --n 20000 (xxt/baseline side), --workers 2. Prints figures; not a test.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { array as da, LocalPool } from 'floe';
import { peakRssBytes } from './peak-rss.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('n', 20000);
const WORKERS = arg('workers', 2);
const CASES = ['ones', 'uniform', 'xxt', 'baseline'] as const;
type Case = (typeof CASES)[number];
const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;

async function runCase(c: Case): Promise<void> {
  const pool = new LocalPool({ workers: WORKERS });
  try {
    if (c === 'ones' || c === 'uniform') {
      const t0 = performance.now();
      const x = c === 'ones' ? da.ones([1000, 1000, 1000], { chunks: [250, 250, 250] }) : da.random.uniform([1000, 1000, 1000], { chunks: [250, 250, 250], seed: 1 });
      const created = performance.now() - t0;
      const t1 = performance.now();
      const s = await x.sum().compute({ executor: pool });
      const took = (performance.now() - t1) / 1000;
      console.log(`${c.padEnd(8)} create ${(created * 1000).toFixed(0)} µs · sum = ${s} in ${took.toFixed(2)} s · peak RSS ${mb(peakRssBytes())} (${WORKERS} workers)`);
    } else if (c === 'xxt') {
      const t0 = performance.now();
      const r = da.random.normal([N, N], { chunks: 2000, seed: 1 });
      const m = await r.add(r.T).mean().compute({ executor: pool });
      const took = (performance.now() - t0) / 1000;
      console.log(`xxt      (r + r.T).mean() ${N}² = ${Number(m).toFixed(6)} in ${took.toFixed(2)} s · peak RSS ${mb(peakRssBytes())} (${WORKERS} workers)`);
    } else {
      // the same values as da.random.normal(seed 1, chunks 2000), block by block into one array
      const { randomBlock } = await import('../../packages/array/src/kernels/random.js');
      const t0 = performance.now();
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
      const took = (performance.now() - t0) / 1000;
      console.log(`baseline (x + x.T).mean() ${N}² = ${(s / (N * N)).toFixed(6)} in ${took.toFixed(2)} s · peak RSS ${mb(peakRssBytes())} (one thread, plain Float64Array)`);
    }
  } finally {
    await pool.close();
  }
}

const asked = process.argv.slice(2).filter((a): a is Case => (CASES as readonly string[]).includes(a));
if (asked.length === 1) await runCase(asked[0]);
else {
  const self = fileURLToPath(import.meta.url);
  const extra = process.argv.slice(2).filter((a) => !(CASES as readonly string[]).includes(a));
  for (const c of asked.length > 0 ? asked : CASES) {
    spawnSync(process.execPath, [...process.execArgv, self, c, ...extra], { stdio: 'inherit' });
  }
}
