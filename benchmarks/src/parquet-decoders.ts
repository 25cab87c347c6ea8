/**
 * hyparquet (floe's Parquet path) against parquet-wasm 0.8.0, decoding the seed columns of
 * Parquet files written by DuckDB into typed arrays: time, peak RSS and whether both read every
 * column the same (int64, µs timestamps, dictionary strings, nulls; snappy and zstd). Each run is
 * its own child process (its VmHWM is its own), runs alternate, figures are medians. Writes
 * RESULTS-parquet-decoders.md (a clean tree only; `--allow-dirty` writes the -uncommitted copy).
 *
 *   node --import tsx benchmarks/src/parquet-decoders.ts [--rows 2000000] [--work /tmp/floe-pq-decoders] [--repeat 3] [--allow-dirty]
 *
 * floe's side: readParquetPartition over every partition on the calling thread (decode only, no
 * query). parquet-wasm's: readParquet(bytes) → Arrow IPC → apache-arrow → each column's typed
 * arrays (what floe would need to get at its values).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { arrow, readParquet } from 'floe';
import { readParquetPartition } from '../../packages/dataframe/src/io/parquet/read-parquet.ts';
import type { ParquetPartition } from '../../packages/dataframe/src/io/parquet/parquet-source.ts';
import { sourceOf } from '../../packages/dataframe/src/io/source.ts';
import { scanRequest, type ScanNode } from '../../packages/dataframe/src/plan/logical-plan.ts';
import { peakRssBytes } from './peak-rss.js';
import { resultsFile } from './report/results-file.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '2000000' },
    work: { type: 'string', default: '/tmp/floe-pq-decoders' },
    repeat: { type: 'string', default: '3' },
    child: { type: 'string' },
    file: { type: 'string' },
    'allow-dirty': { type: 'boolean', default: false },
  },
});
const COLUMNS = ['Date', 'X0', 'X1', 'X2', 'X3', 'X4', 'S'];

interface Measured { seconds: number; loadSeconds: number; rssMB: number; check: string }

/** Sums that every decoder must agree on: per column, non-null count and a value checksum. */
function checksum(parts: Map<string, { n: number; sum: number }>): string {
  return JSON.stringify(COLUMNS.map((c) => [c, parts.get(c)?.n ?? 0, Math.round(parts.get(c)?.sum ?? 0)]));
}

async function floeChild(file: string): Promise<Map<string, { n: number; sum: number }>> {
  const scan = readParquet(file).select(...COLUMNS).plan as unknown as { input: ScanNode };
  const node = (scan as unknown as ScanNode).kind === 'scan' ? (scan as unknown as ScanNode) : scan.input;
  const parts = sourceOf(node.source).plan(node.source, scanRequest(node, null));
  const acc = new Map<string, { n: number; sum: number }>();
  for (const p of parts) {
    const partition = (p.input as { partition: ParquetPartition }).partition;
    await readParquetPartition(partition, (b) => {
      for (const c of COLUMNS) {
        const col = b.columns.get(c)!;
        const a = acc.get(c) ?? { n: 0, sum: 0 };
        const v = col.values as ArrayLike<number | bigint>;
        for (let i = 0; i < b.length; i++) {
          if (col.valid && col.valid[i] === 0) continue;
          a.n++;
          // strings: dictionary codes differ between readers; count only
          if (c !== 'S') a.sum += c === 'Date' ? Math.floor(Number(v[i]) / 86_400_000) : Number(v[i]);
        }
        acc.set(c, a);
      }
      return true;
    });
  }
  return acc;
}

type Wasm = typeof import('parquet-wasm');

async function wasmChild(file: string, wasm: Wasm): Promise<Map<string, { n: number; sum: number }>> {
  const table = arrow.tableFromIPC(wasm.readParquet(readFileSync(file), { columns: COLUMNS }).intoIPCStream());
  const acc = new Map<string, { n: number; sum: number }>();
  for (const c of COLUMNS) {
    const a = { n: 0, sum: 0 };
    const vec = table.getChild(c)!;
    for (const data of vec.data) {
      const v = data.values as ArrayLike<number | bigint>;
      // 64-bit values as two 32-bit halves, as floe reads them (no BigInt per value)
      const words = v instanceof BigInt64Array ? new Int32Array(v.buffer, v.byteOffset, v.length * 2) : null;
      const valid = data.nullBitmap;
      for (let i = 0; i < data.length; i++) {
        if (data.nullCount > 0 && valid && ((valid[(data.offset + i) >> 3] >> ((data.offset + i) & 7)) & 1) === 0) continue;
        a.n++;
        if (c === 'S') continue;
        const x = words ? words[2 * i + 1] * 4_294_967_296 + (words[2 * i] >>> 0) : (v[i] as number);
        // timestamps in µs → days, like the floe side (ms → days)
        a.sum += c === 'Date' ? Math.floor(x / 86_400_000_000) : x;
      }
    }
    acc.set(c, a);
  }
  return acc;
}

async function main(): Promise<void> {
  if (values.child) {
    // parquet-wasm's module (a ~5 MB WebAssembly binary) is loaded and compiled apart from the decode: a cost per worker thread
    const l0 = performance.now();
    const wasm = values.child === 'wasm' ? await import('parquet-wasm') : null;
    const loadSeconds = (performance.now() - l0) / 1000;
    const t0 = performance.now();
    const acc = wasm ? await wasmChild(values.file!, wasm) : await floeChild(values.file!);
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write(`${JSON.stringify({ seconds, loadSeconds, rssMB: Math.round(peakRssBytes() / 2 ** 20), check: checksum(acc) })}\n`);
    return;
  }
  const benchRoot = fileURLToPath(new URL('../', import.meta.url));
  const out = resultsFile('parquet-decoders', { repoRoot: fileURLToPath(new URL('../../', import.meta.url)), benchRoot, allowDirty: values['allow-dirty'] === true });
  const rows = Number(values.rows);
  const repeat = Number(values.repeat);
  mkdirSync(values.work!, { recursive: true });
  const files: Record<string, string> = {};
  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  for (const codec of ['snappy', 'zstd']) {
    const file = join(values.work!, `seed-${rows}-${codec}.parquet`);
    files[codec] = file;
    if (existsSync(file)) continue;
    // seed-like: a µs timestamp, five int64 columns (every 50th X4 null), a dictionary string column with nulls
    await duck.run(`COPY (SELECT TIMESTAMP '2010-01-01' + INTERVAL (i * 37) SECOND + INTERVAL (i % 1000) MICROSECOND AS Date,
      (hash(i) % 100)::BIGINT AS X0, (hash(i + 1) % 1000)::BIGINT AS X1, (hash(i + 2) % 10000)::BIGINT AS X2, (hash(i + 3) % 100000)::BIGINT AS X3,
      CASE WHEN i % 50 = 0 THEN NULL ELSE (hash(i + 4) % 1000000)::BIGINT END AS X4,
      CASE WHEN i % 97 = 0 THEN NULL ELSE 'k' || (hash(i + 5) % 40) END AS S FROM range(${rows}) r(i))
      TO '${file}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 122880)`);
  }
  duck.closeSync();
  const run = (who: string, file: string): Measured => {
    const r = spawnSync(process.execPath, ['--conditions', 'floe-source', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', who, '--file', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`${who} on ${file} failed: ${r.stderr}`);
    const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as Measured;
    process.stderr.write(`${who} ${file}: ${m.seconds.toFixed(2)} s, ${m.rssMB} MB\n`);
    return m;
  };
  const load0 = loadavg()[0];
  const results: Record<string, Record<string, Measured[]>> = {};
  for (let k = 0; k < repeat; k++) {
    for (const codec of Object.keys(files)) {
      for (const who of k % 2 === 0 ? ['floe', 'wasm'] : ['wasm', 'floe']) {
        ((results[codec] ??= {})[who] ??= []).push(run(who, files[codec]));
      }
    }
  }
  const load1 = loadavg()[0];
  const median = (ms: Measured[]) => [...ms].sort((a, b) => a.seconds - b.seconds)[ms.length >> 1];
  const lines: string[] = [];
  let same = true;
  for (const codec of Object.keys(files)) {
    const f = median(results[codec].floe);
    const w = median(results[codec].wasm);
    same &&= f.check === w.check;
    lines.push(`| ${codec} | hyparquet 1.31.5 (floe's decoder) | ${f.seconds.toFixed(2)} | — | ${(rows / f.seconds / 1e6).toFixed(2)} | ${f.rssMB} |`);
    lines.push(`| ${codec} | parquet-wasm 0.8.0 → apache-arrow | ${w.seconds.toFixed(2)} | ${w.loadSeconds.toFixed(2)} | ${(rows / w.seconds / 1e6).toFixed(2)} | ${w.rssMB} |`);
    lines.push(`| ${codec} | ratio floe / parquet-wasm | ${(f.seconds / w.seconds).toFixed(2)}× | | | ${(f.rssMB / w.rssMB).toFixed(2)}× |`);
  }
  const md = [
    '# Parquet decoders: hyparquet (floe) vs parquet-wasm',
    '',
    out.provenance(`node --import tsx benchmarks/src/parquet-decoders.ts --rows ${rows} --work ${values.work} --repeat ${repeat}${values['allow-dirty'] ? ' --allow-dirty' : ''}`),
    '',
    `Input: ${rows.toLocaleString('en')} rows written by DuckDB (row groups of 122 880), columns ${COLUMNS.join(', ')}: a µs timestamp, five int64 (X4 with nulls), a dictionary string column with nulls; once snappy, once zstd.`,
    `One thread each, decode only: every column's values reached as typed arrays and summed. Medians of ${repeat} runs, alternating order, each its own process (peak RSS = its VmHWM, including Node's ~45 MB baseline). 1-minute load average ${load0.toFixed(1)} before, ${load1.toFixed(1)} after (2 cores shared with other jobs: read the ratios).`,
    '',
    '| codec | decoder | decode seconds | module load seconds | M rows/s (decode) | peak RSS MB |',
    '|---|---|---:|---:|---:|---:|',
    ...lines,
    '',
    `Both decoders read the same non-null counts and value sums for every column: ${same ? 'yes' : 'NO'}.`,
    '',
  ].join('\n');
  writeFileSync(out.path, md);
  process.stdout.write(md);
  if (!same) process.exitCode = 1;
}

await main();
