/**
 * The bag version: readNdjson → words → frequencies → topk, on a pool of N worker threads.
 * Prints one JSON line: seconds (pool start excluded, as the baseline has none), CPU seconds and
 * peak RSS of the whole process (all threads), the CPU split by thread, top 10.
 *
 *   node --import tsx benchmarks/src/bag/wordcount-bag.ts <workers> <files…>
 */
import { bag as db, LocalPool } from 'floe';
import { cpuByThread, threadCpuSeconds } from '../measure/thread-cpu.js';
import { peakRssBytes } from '../peak-rss.js';

const [workersArg, ...files] = process.argv.slice(2);
const workers = Number(workersArg);
// capped worker heaps, as the dataframe benchmarks run (see README "Memory budget"): V8 otherwise
// lets each thread's heap grow with the garbage of parsed lines before it collects
const pool = new LocalPool({ workers, resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 32 } });
// start the threads before the clock does
await Promise.all(Array.from({ length: workers }, () => db.fromSequence([1]).count().compute({ executor: pool })));
const threads0 = threadCpuSeconds();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const freq = db
  .readNdjson<{ text: string }>(files)
  .map((e) => e.text.split(' '))
  .flatten()
  .frequencies();
const top = await freq.topk(10, ([, n]) => n).compute({ executor: pool });
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const byThread = cpuByThread(threads0, workers);
console.log(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, byThread, partitions: freq.npartitions, peakRss: peakRssBytes(), top }));
await pool.close();
