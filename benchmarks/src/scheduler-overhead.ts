/**
 * Scheduler overhead: 10,000 tiny tasks (`add(i, 1)`) end to end on a LocalPool with two
 * worker threads, per task in microseconds, against the same calls in a plain loop. Each way
 * is timed over several runs after a warm-up and the median is printed:
 *
 *   - graph:    a TaskGraph of 10,000 independent tasks by module reference, runGraph()
 *   - delayed:  10,000 delayed calls (keys hashed, graph built) and compute()
 *   - futures:  client.map(add, items) — one single-task graph per future — and gather()
 *
 * Run: `pnpm --filter @floe/benchmarks run overhead` (or `node --import tsx src/scheduler-overhead.ts`
 * in benchmarks/). Options: --tasks N (default 10000), --runs N (default 5). Not a test.
 */
import { Client, delayed, LocalPool, runGraph, TaskGraph, type Executor } from '../../packages/scheduler/src/index.js';
import { add } from './tiny-ops.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('tasks', 10_000);
const RUNS = arg('runs', 5);
const OPS = new URL(`./tiny-ops${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
const addOp = { module: OPS, export: 'add' };

async function median(run: () => Promise<unknown> | unknown): Promise<number> {
  await run(); // warm-up: threads started, modules loaded, code optimized
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function viaGraph(executor: Executor): Promise<void> {
  const g = new TaskGraph();
  for (let i = 0; i < N; i++) g.add({ key: `add-${i}`, group: 'add', op: addOp, args: [i, 1] });
  const out = await runGraph(g, { executor });
  if (out.get(`add-${N - 1}`) !== N) throw new Error('wrong result');
}

async function main(): Promise<void> {
  const rows: [string, number][] = [];
  let sink = 0;
  rows.push(['plain loop', await median(() => { for (let i = 0; i < N; i++) sink += add(i, 1); })]);

  const pool = new LocalPool({ workers: 2 });
  rows.push(['runGraph, LocalPool 2 threads × 1 task', await median(() => viaGraph(pool))]);
  await pool.close();

  const shared = new LocalPool({ workers: 2, tasksPerWorker: 4 });
  rows.push(['runGraph, LocalPool 2 threads × 4 tasks', await median(() => viaGraph(shared))]);
  const dAdd = delayed(add, { module: OPS });
  rows.push(['delayed + compute (2 × 4)', await median(async () => {
    const values = Array.from({ length: N }, (_, i) => dAdd(i, 1));
    const sum = delayed((xs: number[]) => xs.length, { name: 'count' });
    if ((await sum(values).compute({ executor: shared })) !== N) throw new Error('wrong result');
  })]);
  await shared.close();

  const client = await Client.start({ workers: 2, current: false });
  const items = Array.from({ length: N }, (_, i) => i);
  rows.push(['client.map + gather (2 × 4)', await median(async () => {
    const out = await client.gather(client.map(dAdd as never, items, items.map(() => 1)));
    if (out.length !== N) throw new Error('wrong result');
  })]);
  await client.close();

  const loop = rows[0][1];
  console.log(`scheduler overhead: ${N} tiny tasks, median of ${RUNS} runs (node ${process.version}, ${(await import('node:os')).availableParallelism()} cores)\n`);
  console.log(`${'way'.padEnd(42)} ${'total ms'.padStart(10)} ${'µs/task'.padStart(10)} ${'× loop'.padStart(10)}`);
  for (const [name, ms] of rows) {
    const perTask = (ms * 1000) / N;
    console.log(`${name.padEnd(42)} ${ms.toFixed(3).padStart(10)} ${perTask.toPrecision(3).padStart(10)} ${Math.round(ms / loop).toLocaleString('en').padStart(10)}`);
  }
  if (sink === -1) console.log(''); // keep the loop from being optimized away
}

await main();
