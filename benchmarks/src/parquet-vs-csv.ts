/**
 * The seed groupby — groupBy(year(Date)).sum() — read from CSV and from Parquet by floe, and
 * from the same Parquet by DuckDB (its own file and floe's) and Polars (DuckDB's file); plus CSV → Parquet conversion by floe (writeParquet)
 * and by DuckDB (COPY … TO … (FORMAT parquet)). Each measurement runs in its own child process so
 * its peak RSS (VmHWM) is its own: the children are this file compiled to JavaScript (no tsx
 * loader in the process or its worker threads) and load only their own engine (DuckDB's and
 * Polars' native libraries are imported by their cases alone). Writes RESULTS-parquet.md with the commit it measured (only from
 * a clean tree; `--allow-dirty` writes the git-ignored RESULTS-parquet-uncommitted.md instead).
 *
 *   node --import tsx benchmarks/src/parquet-vs-csv.ts --data <dir of seed CSVs>[,<dir>…] --work <scratch dir> [--threads 2] [--repeat 3] [--allow-dirty]
 *
 * Several data folders (the seed at 1, 2 and 4 GB): one table each, in the order given, each
 * size's Parquet files in a scratch folder of its own under --work. The queries run `repeat`
 * times in alternating order; each figure is the median.
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { col, readCsv, readParquet, shutdown } from 'floe';
import { peakRssBytes } from './peak-rss.js';
import { keptNotes, resultsFile } from './report/results-file.js';
import { compileChildScripts, flag, medianRun, runChild, type ChildRun } from './measure/child-run.js';

type Case = 'floe-csv' | 'floe-parquet' | 'floe-duckdb-parquet' | 'duckdb-parquet' | 'duckdb-floe-parquet' | 'polars-parquet' | 'floe-convert' | 'duckdb-convert';

interface Measured extends ChildRun { rows: number; check: string }

async function child(kind: Case, data: string, work: string, threads: number): Promise<Measured> {
  const floeLake = join(work, 'floe-lake');
  const duckFile = join(work, 'duck.parquet');
  const t0 = performance.now();
  let check = '';
  let rows = 0;
  const year = (df: ReturnType<typeof readCsv>) => df.groupBy(col('Date').dt.year()).sum().sort('Date').compute();
  switch (kind) {
    case 'floe-csv': { const t = await year(readCsv(join(data, '*.csv'), { parseDates: ['Date'] })); check = JSON.stringify(t.toRows()); rows = t.numRows; break; }
    case 'floe-parquet': { const t = await year(readParquet(join(floeLake, '*.parquet'))); check = JSON.stringify(t.toRows()); rows = t.numRows; break; }
    case 'floe-duckdb-parquet': { const t = await year(readParquet(duckFile)); check = JSON.stringify(t.toRows()); rows = t.numRows; break; }
    case 'floe-convert': { const r = await readCsv(join(data, '*.csv'), { parseDates: ['Date'] }).writeParquet(floeLake); rows = r.rows; break; }
    case 'polars-parquet': {
      // the same DuckDB-written file, lazily scanned with the streaming engine (POLARS_MAX_THREADS set by the parent)
      const { default: pl } = await import('nodejs-polars');
      const df = pl.scanParquet(duckFile).groupBy(pl.col('Date').dt.year().cast(pl.Int64).alias('Date'))
        .agg(...['X0', 'X1', 'X2', 'X3', 'X4'].map((x) => pl.col(x).sum().cast(pl.Int64).alias(x))).sort('Date').collectSync({ engine: 'streaming' });
      const out = df.toRecords().map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Number(v)])));
      check = JSON.stringify(out); rows = out.length;
      break;
    }
    case 'duckdb-parquet':
    case 'duckdb-floe-parquet':
    case 'duckdb-convert': {
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const c = await (await DuckDBInstance.create(':memory:', { threads: String(threads) })).connect();
      if (kind === 'duckdb-convert') {
        await c.run(`COPY (SELECT * FROM read_csv('${join(data, '*.csv')}')) TO '${duckFile}' (FORMAT parquet, COMPRESSION snappy)`);
      } else {
        const from = kind === 'duckdb-floe-parquet' ? join(floeLake, '*.parquet') : duckFile;
        const r = await c.runAndReadAll(`SELECT year(Date) AS Date, sum(X0)::BIGINT AS X0, sum(X1)::BIGINT AS X1, sum(X2)::BIGINT AS X2, sum(X3)::BIGINT AS X3, sum(X4)::BIGINT AS X4 FROM '${from}' GROUP BY 1 ORDER BY 1`);
        const out = r.getRowObjectsJS().map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Number(v)])));
        check = JSON.stringify(out); rows = out.length;
      }
      c.closeSync();
      break;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  await shutdown();
  return { seconds, rssMB: Math.round(peakRssBytes() / 2 ** 20), rows, check };
}

function dirBytes(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).filter((n) => /\.(csv|parquet)$/.test(n)).reduce((n, f) => n + statSync(join(path, f)).size, 0);
}

async function main(): Promise<void> {
  const data = flag('data');
  const work = flag('work');
  const threads = Number(flag('threads', '2'));
  const kind = process.argv.includes('--child') ? (flag('child') as Case) : null;
  if (kind) {
    process.stdout.write(`${JSON.stringify(await child(kind, data, work, threads))}\n`);
    return;
  }
  const allowDirty = process.argv.includes('--allow-dirty');
  const out = resultsFile('parquet', { repoRoot: fileURLToPath(new URL('../../', import.meta.url)), benchRoot: fileURLToPath(new URL('../', import.meta.url)), allowDirty });
  // the children: this file compiled (plain node, as a user runs floe; no tsx in any thread)
  const benchRoot = fileURLToPath(new URL('../', import.meta.url));
  compileChildScripts(benchRoot);
  const childJs = join(benchRoot, 'dist', 'parquet-vs-csv.js');
  const repeat = Number(flag('repeat', '3'));
  const dirs = data.split(',');
  const sections: string[] = [];
  let allSame = true;
  for (const dir of dirs) {
    const scratch = dirs.length > 1 ? join(work, basename(dir)) : work;
    const { md, same } = measureSize(dir, scratch, (c) => runChild<Measured>(childJs, c, ['--data', dir, '--work', scratch, '--threads', String(threads)], { ...process.env, POLARS_MAX_THREADS: String(threads) }), repeat);
    sections.push(md);
    allSame &&= same;
    process.stdout.write(`${md}\n`);
  }
  const md = [
    '# Parquet vs CSV — the seed groupby',
    '',
    `\`groupBy(year(Date)).sum()\` over the seed data (${dirs.length > 1 ? `${dirs.length} sizes` : 'one size'}), ${threads} threads, one child process per line (peak RSS is that process's VmHWM; the children are compiled JavaScript run by plain node, each loading only its own engine).`,
    out.provenance(`node --import tsx benchmarks/src/parquet-vs-csv.ts --data ${data} --work ${work} --threads ${threads} --repeat ${repeat}${allowDirty ? ' --allow-dirty' : ''}`),
    `Each query figure is the median of ${repeat} runs in alternating order; the conversions ran once (2-core machine shared with other jobs: compare ratios within a table, not across runs).`,
    '',
    ...sections,
  ].join('\n');
  writeFileSync(out.path, md + keptNotes(join(benchRoot, 'RESULTS-parquet.md')));
  if (!allSame) process.exitCode = 1;
}

/** One size: both conversions, then the six queries `repeat` times in alternating order; its section of the results. */
function measureSize(data: string, work: string, run: (c: Case) => Measured, repeat: number): { md: string; same: boolean } {
  rmSync(join(work, 'floe-lake'), { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const csvBytes = dirBytes(data);
  const convert = { floe: run('floe-convert'), duckdb: run('duckdb-convert') };
  const floeLakeBytes = dirBytes(join(work, 'floe-lake'));
  const duckBytes = dirBytes(join(work, 'duck.parquet'));
  const load0 = loadavg()[0];
  const cases = { csv: 'floe-csv', floePq: 'floe-parquet', floeDuckPq: 'floe-duckdb-parquet', duck: 'duckdb-parquet', duckFloePq: 'duckdb-floe-parquet', polars: 'polars-parquet' } as const;
  const runs: Record<keyof typeof cases, Measured[]> = { csv: [], floePq: [], floeDuckPq: [], duck: [], duckFloePq: [], polars: [] };
  for (let r = 0; r < repeat; r++) for (const k of Object.keys(cases) as (keyof typeof cases)[]) runs[k].push(run(cases[k]));
  const q = { csv: medianRun(runs.csv), floePq: medianRun(runs.floePq), floeDuckPq: medianRun(runs.floeDuckPq), duck: medianRun(runs.duck), duckFloePq: medianRun(runs.duckFloePq), polars: medianRun(runs.polars) };
  const load1 = loadavg()[0];
  const same = [q.floePq, q.floeDuckPq, q.duck, q.duckFloePq, q.polars].every((m) => m.check === q.csv.check);
  const mb = (b: number) => (b / 2 ** 20).toFixed(0);
  const rows = convert.floe.rows;
  const line = (name: string, input: string, bytes: number, m: Measured) => `| ${name} | ${input} (${mb(bytes)} MB) | ${m.seconds.toFixed(2)} | ${(rows / m.seconds / 1e6).toFixed(2)} | ${(bytes / 2 ** 20 / m.seconds).toFixed(0)} | ${m.rssMB} |`;
  const md = [
    `## ${mb(csvBytes)} MB of CSV: ${rows.toLocaleString('en')} rows in ${readdirSync(data).length} files (${data})`,
    '',
    `1-minute load average ${load0.toFixed(1)} before the queries, ${load1.toFixed(1)} after.`,
    '',
    '| run | input | seconds | M rows/s | MB/s of input | peak RSS MB |',
    '|---|---|---:|---:|---:|---:|',
    line('floe readCsv', 'CSV', csvBytes, q.csv),
    line('floe readParquet', 'floe-written Parquet', floeLakeBytes, q.floePq),
    line('floe readParquet', 'DuckDB-written Parquet', duckBytes, q.floeDuckPq),
    line('DuckDB', 'DuckDB-written Parquet', duckBytes, q.duck),
    line('DuckDB', 'floe-written Parquet', floeLakeBytes, q.duckFloePq),
    line('Polars (streaming)', 'DuckDB-written Parquet', duckBytes, q.polars),
    '',
    `Answers identical across the six runs: ${same ? 'yes' : 'NO'}. floe on its own Parquet vs DuckDB on its Parquet: ${(q.floePq.seconds / q.duck.seconds).toFixed(2)}× DuckDB's time; floe vs DuckDB on the same files: ${(q.floeDuckPq.seconds / q.duck.seconds).toFixed(2)}× on DuckDB's file, ${(q.floePq.seconds / q.duckFloePq.seconds).toFixed(2)}× on floe's; vs Polars on the same file: ${(q.floeDuckPq.seconds / q.polars.seconds).toFixed(1)}×; floe on Parquet vs floe on CSV: ${(q.floePq.seconds / q.csv.seconds).toFixed(2)}× the time.`,
    '',
    '| conversion CSV → Parquet | seconds | MB/s of CSV | peak RSS MB |',
    '|---|---:|---:|---:|',
    `| floe \`readCsv(…).writeParquet(dir)\` | ${convert.floe.seconds.toFixed(2)} | ${(csvBytes / 2 ** 20 / convert.floe.seconds).toFixed(0)} | ${convert.floe.rssMB} |`,
    `| DuckDB \`COPY … TO … (FORMAT parquet)\` | ${convert.duckdb.seconds.toFixed(2)} | ${(csvBytes / 2 ** 20 / convert.duckdb.seconds).toFixed(0)} | ${convert.duckdb.rssMB} |`,
    '',
  ].join('\n');
  return { md, same };
}

await main();
