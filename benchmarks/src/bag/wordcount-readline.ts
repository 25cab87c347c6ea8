/**
 * The baseline: a plain streaming script — readline over each file, JSON.parse, split the text,
 * count words in one Map — on one thread. Prints one JSON line: seconds, CPU seconds (all threads,
 * and split by thread), peak RSS, top 10.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { cpuByThread, threadCpuSeconds } from '../measure/thread-cpu.js';
import { peakRssBytes } from '../peak-rss.js';

const files = process.argv.slice(2);
const threads0 = threadCpuSeconds();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const counts = new Map<string, number>();
for (const f of files) {
  const rl = createInterface({ input: createReadStream(f), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) {
    if (line === '') continue;
    const e = JSON.parse(line) as { text: string };
    for (const w of e.text.split(' ')) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
}
const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 10);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const byThread = cpuByThread(threads0, 0);
console.log(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, byThread, peakRss: peakRssBytes(), distinct: counts.size, top }));
