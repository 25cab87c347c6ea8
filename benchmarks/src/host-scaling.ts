/**
 * How far this machine lets two threads beat one, before any engine is involved: the same total
 * work done by one worker thread and then split over two, for four kernels shaped like the parts
 * of a query — a dependent integer chain (pure ALU), a sequential byte scan (the CSV tokenizer's
 * access pattern), random increments into a 16 MB table (a group table's), and short-lived objects
 * and strings (the garbage collector's young generation). Each worker builds its data first and
 * times only the work; a round's time is its slowest worker's. Issue 11's "2 workers ≥ 1.85× one"
 * is judged against these ceilings.
 *
 * With `--seed <dir>[,<dir>…]` it also runs the seed query (`readCsv(<dir>/*.csv, { parseDates: ['Date'] })
 * .groupBy(col('Date').dt.year()).sum()`) on pools of one and two workers and splits each run's
 * wall into what comes before the first task, the first task a worker runs (cold code), the
 * steady tasks after it, and the end: the steady tasks' median time on one worker against two says
 * how much slower a task runs beside another, which caps two over one before any fixed cost.
 *
 *   node --import tsx benchmarks/src/host-scaling.ts [--repeat 7] [--seed <dir>[,<dir>…]] [--allow-dirty]
 *
 * Writes RESULTS-host-scaling.md (only from a clean tree; `--allow-dirty` writes the git-ignored
 * RESULTS-host-scaling-uncommitted.md instead). Rounds alternate one and two workers; each ratio is
 * the median over rounds of (one worker's time ÷ two workers' time).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { col, LocalPool, readCsv, type SchedulerEvent } from 'floe';
import { keptNotes, resultsFile } from './report/results-file.js';
import { flag } from './measure/child-run.js';

type Kernel = 'alu' | 'scan' | 'table' | 'young-gc';
const KERNELS: Record<Kernel, string> = {
  alu: 'a chain of 2·10⁸ multiply-adds a unit, no memory',
  scan: 'summing the bytes of a 64 MB array a unit, in order',
  table: '3·10⁷ increments a unit at hashed places in a 16 MB Int32Array',
  'young-gc': '3·10⁶ small objects with strings a unit, a million kept at a time',
};

/** The worker's source: fixed text of this file, never built from input. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { kernel, units } = workerData;
let data = null;
if (kernel === 'scan') { data = new Uint8Array(64 << 20); for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 255; }
if (kernel === 'table') data = new Int32Array(1 << 22);
const t0 = performance.now();
let acc = 0;
for (let u = 0; u < units; u++) {
  if (kernel === 'alu') { let x = u | 0; for (let i = 0; i < 2e8; i++) x = (Math.imul(x, 1103515245) + 12345) | 0; acc += x; }
  else if (kernel === 'scan') { let s = 0; for (let i = 0; i < data.length; i++) s = (s + data[i]) | 0; acc += s; }
  else if (kernel === 'table') { for (let i = 0; i < 3e7; i++) { const h = Math.imul(i + u, 0x9e3779b1) >>> 10; data[h] = (data[h] + 1) | 0; } acc += data[5]; }
  else { const keep = []; for (let i = 0; i < 3e6; i++) { keep.push({ a: i, b: 'k' + (i & 1023) }); if (keep.length > 1e6) keep.length = 0; } acc += keep.length; }
}
parentPort.postMessage({ ms: performance.now() - t0, acc });
`;

/** Milliseconds of the slowest of `workers` threads sharing `units` units of `kernel`. */
async function round(kernel: Kernel, workers: number, units: number): Promise<number> {
  const times = await Promise.all(
    Array.from({ length: workers }, () => new Promise<number>((resolve, reject) => {
      const w = new Worker(WORKER, { eval: true, workerData: { kernel, units: units / workers } });
      w.once('message', (m: { ms: number }) => { void w.terminate(); resolve(m.ms); });
      w.once('error', reject);
    })),
  );
  return Math.max(...times);
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };

interface SeedRun {
  wall: number; beforeFirstTask: number; firstTask: number; steadyTask: number; afterLastTask: number; tasksPerWorker: number;
  /** CPU ms during the query: the pool's threads together, the main thread, and the process's other threads (V8's compiler and GC helpers, libuv's). */
  workersCpu: number; mainCpu: number; otherCpu: number;
}

/** CPU ms of each of this process's threads so far, by thread id (Linux's /proc; empty elsewhere). */
function threadCpu(): Map<string, number> {
  try {
    return new Map(readdirSync('/proc/self/task').map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime, in clock ticks of 10 ms
      return [tid, (Number(f[11]) + Number(f[12])) * 10];
    }));
  } catch {
    return new Map();
  }
}

/** One seed query on a fresh pool of `workers`, its wall split by the scheduler's task events. */
async function seedRun(dir: string, workers: number): Promise<SeedRun> {
  const events: SchedulerEvent[] = [];
  const cpu0 = threadCpu();
  const t0 = performance.now();
  const pool = new LocalPool({ workers });
  let wall: number;
  let cpu: Map<string, number>;
  try {
    await readCsv(`${dir}/*.csv`, { parseDates: ['Date'] }).groupBy(col('Date').dt.year()).sum().compute({ executor: pool, onEvent: (e) => events.push(e) });
    wall = performance.now() - t0;
    cpu = threadCpu();
  } finally {
    await pool.close();
  }
  // threads born during the query: the pool's (the busiest `workers` of them) and helpers
  const used = [...cpu].map(([tid, ms]) => ({ tid, ms: ms - (cpu0.get(tid) ?? 0), born: !cpu0.has(tid) })).sort((a, b) => b.ms - a.ms);
  const pooled = used.filter((t) => t.born).slice(0, workers);
  const mainCpu = used.find((t) => t.tid === String(process.pid))?.ms ?? 0;
  const workersCpu = pooled.reduce((n, t) => n + t.ms, 0);
  const otherCpu = used.reduce((n, t) => n + t.ms, 0) - workersCpu - mainCpu;
  const done = events.flatMap((e) => (e.type === 'task-done' && e.group.startsWith('scan') ? [e] : []));
  const byWorker = new Map<number, typeof done>();
  for (const e of done) byWorker.set(e.worker, [...(byWorker.get(e.worker) ?? []), e]);
  const firsts = [...byWorker.values()].map((es) => es.reduce((a, b) => (a.start < b.start ? a : b)));
  const steady = done.filter((e) => !firsts.includes(e)).map((e) => e.end - e.start);
  const origin = performance.timeOrigin + t0;
  return {
    wall,
    beforeFirstTask: Math.min(...firsts.map((e) => e.start)) - origin,
    afterLastTask: wall - (Math.max(...done.map((e) => e.end)) - origin),
    workersCpu,
    mainCpu,
    otherCpu,
    firstTask: median(firsts.map((e) => e.end - e.start)),
    steadyTask: median(steady),
    tasksPerWorker: done.length / byWorker.size,
  };
}

async function main(): Promise<void> {
  const repeat = Number(flag('repeat', '7'));
  const benchRoot = fileURLToPath(new URL('../', import.meta.url));
  const allowDirty = process.argv.includes('--allow-dirty');
  const out = resultsFile('host-scaling', { repoRoot: join(benchRoot, '..'), benchRoot, allowDirty });
  const seedDirs = process.argv.includes('--seed') ? flag('seed').split(',') : [];
  const load0 = loadavg()[0];
  const rows: string[] = [];
  for (const kernel of Object.keys(KERNELS) as Kernel[]) {
    const one: number[] = [];
    const two: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < repeat; r++) {
      one.push(await round(kernel, 1, 8));
      two.push(await round(kernel, 2, 8));
      ratios.push(one[r] / two[r]);
    }
    const line = `| ${kernel} | ${KERNELS[kernel]} | ${median(one).toFixed(0)} | ${median(two).toFixed(0)} | **${median(ratios).toFixed(2)}** (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) |`;
    process.stderr.write(`${line}\n`);
    rows.push(line);
  }
  const md: string[] = [
    '# What two threads can gain on this machine',
    '',
    'Eight units of each kernel, done by one worker thread and then split four and four over two (`benchmarks/src/host-scaling.ts`). Each worker builds its data before its clock starts; a round takes its slowest worker\'s time.',
    out.provenance(`node --import tsx benchmarks/src/host-scaling.ts --repeat ${repeat}${seedDirs.length > 0 ? ` --seed ${seedDirs.join(',')}` : ''}${allowDirty ? ' --allow-dirty' : ''}`),
    `${repeat} rounds of each, one and two workers alternating; 1-minute load average ${load0.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after.`,
    '',
    '| kernel | a unit | one worker, ms | two workers, ms | one ÷ two, median (min–max) |',
    '|---|---|---:|---:|---:|',
    ...rows,
    '',
  ];
  for (const seedDir of seedDirs) {
    const runs = new Map<number, SeedRun[]>([[1, []], [2, []]]);
    await seedRun(seedDir, 2); // the driver's own code warms here; not counted
    for (let r = 0; r < repeat; r++) for (const w of [1, 2]) runs.get(w)!.push(await seedRun(seedDir, w));
    const m = (w: number, k: keyof SeedRun): number => median(runs.get(w)!.map((x) => x[k]));
    const row = (w: number) => `| ${w} | ${m(w, 'wall').toFixed(0)} | ${m(w, 'beforeFirstTask').toFixed(0)} | ${m(w, 'firstTask').toFixed(0)} | ${m(w, 'steadyTask').toFixed(1)} | ${m(w, 'afterLastTask').toFixed(0)} | ${m(w, 'tasksPerWorker')} | ${m(w, 'workersCpu')} / ${m(w, 'mainCpu')} / ${m(w, 'otherCpu')} | ${((m(w, 'workersCpu') + m(w, 'mainCpu') + m(w, 'otherCpu')) / m(w, 'wall')).toFixed(2)} |`;
    md.push(
      `## The seed query on one and two workers (${seedDir})`,
      '',
      `Medians of ${repeat} runs each, alternating, in this one process after one uncounted run (fresh pools each time, so the workers' code is cold and the driver's warm). Times in ms: the wall runs from \`new LocalPool\` to the answer; "before the first task" ends at the first scan task's start, "after the last" starts at the last scan task's end.`,
      '',
      '| workers | wall | before the first task | a worker\'s first task | a steady task (median) | after the last task | tasks a worker | CPU: pool threads / main / other threads | cores busy |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      row(1),
      row(2),
      '',
      `- Two over one: **${(m(1, 'wall') / m(2, 'wall')).toFixed(2)}×**. A steady task takes ${((m(2, 'steadyTask') / m(1, 'steadyTask') - 1) * 100).toFixed(0)} % longer beside another; with no fixed cost at all two workers could then gain at most ${((2 * m(1, 'steadyTask')) / m(2, 'steadyTask')).toFixed(2)}×.`,
      `- The pool threads used ${((m(2, 'workersCpu') / m(1, 'workersCpu') - 1) * 100).toFixed(0)} % more CPU as two than as one, for the same rows. Two cores that were never idle could end the two-worker run no sooner than its CPU ÷ 2: at most ${((2 * m(1, 'wall')) / (m(2, 'workersCpu') + m(2, 'mainCpu') + m(2, 'otherCpu'))).toFixed(2)}× the one-worker run (CPU from /proc/self/task, 10 ms ticks).`,
      '',
    );
  }
  const text = md.join('\n');
  writeFileSync(out.path, text + keptNotes(join(benchRoot, 'RESULTS-host-scaling.md')));
  process.stdout.write(text);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
