/**
 * One measured run of the operator benchmark, in a fresh process (so the peak RSS — the
 * kernel's VmHWM, worker threads included — belongs to this run alone). Prints one JSON line:
 * { wall, cpu, peakRssMB, rows } (cpu: user + system seconds of the whole process, all threads).
 *
 *   node child.js floe-sort <inputDir> <outDir> <memoryLimit> [floeDist]
 *   node child.js duckdb-sort <inputDir> <outDir> <memoryLimit> <threads>
 *   node child.js floe-groupby <inputDir> - - [floeDist]
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { peakRssBytes } from '../peak-rss.js';

const [what, input, out, memoryLimit, extra] = process.argv.slice(2);
const t0 = performance.now();
let rows = 0;

if (what === 'floe-sort' || what === 'floe-groupby') {
  const dist = extra ? resolve(extra) : resolve(import.meta.dirname, '../../../packages/floe/dist/index.js');
  const floe = (await import(pathToFileURL(dist).href)) as typeof import('floe');
  const df = floe.readCsv(input);
  if (what === 'floe-sort') {
    rmSync(out, { recursive: true, force: true });
    const res = await df.sort(['X0', 'X1'], { descending: [true, false] }).writeCsv(out, { memoryLimit });
    rows = res.rows;
  } else {
    const t = await floe.readCsv(input, { parseDates: ['Date'] }).groupBy(floe.col('Date').dt.year()).sum().compute();
    rows = t.numRows;
  }
  await floe.shutdown();
} else if (what === 'duckdb-sort') {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: extra ?? '2', memory_limit: memoryLimit, temp_directory: join(out, '..', 'duckdb-tmp') });
  const con = await instance.connect();
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const r = await con.runAndReadAll(`COPY (SELECT * FROM read_csv('${input}/*.csv') ORDER BY X0 DESC, X1) TO '${join(out, 'sorted.csv')}' (FORMAT csv, HEADER true)`);
  rows = Number(r.getRows()[0]?.[0] ?? 0);
  con.closeSync();
  instance.closeSync();
}
const cpu = process.cpuUsage();
process.stdout.write(`${JSON.stringify({ wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6, peakRssMB: peakRssBytes() / 1e6, rows })}\n`);
