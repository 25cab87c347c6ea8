/**
 * One measured run in a fresh process: floe's year (or month) groupBy-sum over a folder of
 * seed-shaped CSVs. Prints one JSON line: wall seconds, CPU seconds, peak RSS, input bytes.
 * Usage: node --import tsx src/run-floe-seed.ts <dir> <workers> [year|month]
 */
import { statSync } from 'node:fs';
import { col, LocalPool, readCsv } from 'floe';
import { peakRssBytes } from './peak-rss.js';

const [dir, workersArg, by = 'year'] = process.argv.slice(2);
const workers = Number(workersArg);
const pool = new LocalPool({ workers });
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const df = readCsv(`${dir}/*.csv`, { parseDates: ['Date'] });
const key = by === 'month' ? col('Date').dt.month() : col('Date').dt.year();
const table = await df.groupBy(key).sum().compute({ executor: pool });
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const bytes = (df.plan.kind === 'scan' ? df.plan.source.files : []).reduce((n, f) => n + statSync(f.path).size, 0);
await pool.close();
console.log(JSON.stringify({
  contender: `floe-${workers}w`, by, wall, cpu: (cpu.user + cpu.system) / 1e6, peakRss: peakRssBytes(), bytes,
  groups: table.numRows, checksum: table.column('X0').toArray().reduce((a: number, v) => a + Number(v), 0),
}));
