/**
 * Issue 11's money/date/flag/comment file: a TPC-H-Q1-shaped query — a date filter, two one-letter
 * keys, sums and means of money columns and of expressions over them, a count — over a
 * lineitem-shaped CSV (16 columns, `data/gen-lineitem.ts`), by floe and by DuckDB, with one and
 * two threads each. Each measurement runs in its own child process (this file compiled to
 * JavaScript, plain node) so its peak RSS (VmHWM) is its own. The answers are compared: counts
 * exactly, sums and means to a relative 1e-9 (the engines add floats in different orders).
 * Writes RESULTS-lineitem.md with the commit it measured (only from a clean tree; `--allow-dirty`
 * writes the git-ignored RESULTS-lineitem-uncommitted.md instead).
 *
 *   node --import tsx benchmarks/src/lineitem.ts --data <dir> [--rows 6000000] [--repeat 3] [--allow-dirty]
 *
 * The file is generated into `--data` when it is not there. The runs alternate between the
 * contenders; each figure is the median of `repeat` runs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { col, LocalPool, readCsv, shutdown } from 'floe';
import { peakRssBytes } from './peak-rss.js';
import { keptNotes, resultsFile } from './report/results-file.js';
import { compileChildScripts, flag, medianRun, runChild, type ChildRun } from './measure/child-run.js';

type Case = 'floe-2w' | 'floe-1w' | 'duckdb-2t' | 'duckdb-1t';
const CASES: Case[] = ['floe-2w', 'duckdb-2t', 'floe-1w', 'duckdb-1t'];

interface Answer { flag: string; status: string; values: number[] }
interface Measured extends ChildRun { answer: Answer[] }

/** The answer's columns after the two keys, in this order in both engines. */
const COLUMNS = ['sum_qty', 'sum_base_price', 'sum_disc_price', 'sum_charge', 'avg_qty', 'avg_price', 'avg_disc', 'count_order'];
const CUTOFF = '1998-09-02';

async function floe(file: string, workers: number): Promise<Answer[]> {
  const pool = new LocalPool({ workers });
  try {
    const price = col('l_extendedprice');
    const discounted = price.mul(col('l_discount').mul(-1).add(1));
    const t = await readCsv(file, { parseDates: ['l_shipdate'] })
      .filter(col('l_shipdate').le(CUTOFF))
      .groupBy(['l_returnflag', 'l_linestatus'])
      .agg(
        col('l_quantity').sum().alias('sum_qty'), price.sum().alias('sum_base_price'), discounted.sum().alias('sum_disc_price'),
        discounted.mul(col('l_tax').add(1)).sum().alias('sum_charge'), col('l_quantity').mean().alias('avg_qty'), price.mean().alias('avg_price'),
        col('l_discount').mean().alias('avg_disc'), col('*').count().alias('count_order'),
      )
      .sort(['l_returnflag', 'l_linestatus'])
      .compute({ executor: pool });
    return t.toRows().map((r) => ({ flag: String(r.l_returnflag), status: String(r.l_linestatus), values: COLUMNS.map((c) => Number(r[c])) }));
  } finally {
    await pool.close();
  }
}

async function duckdb(file: string, threads: number): Promise<Answer[]> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const c = await (await DuckDBInstance.create(':memory:', { threads: String(threads) })).connect();
  const r = await c.runAndReadAll(`SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice) AS sum_base_price,
      sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price, sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge,
      avg(l_quantity) AS avg_qty, avg(l_extendedprice) AS avg_price, avg(l_discount) AS avg_disc, count(*) AS count_order
    FROM read_csv('${file}') WHERE l_shipdate <= DATE '${CUTOFF}' GROUP BY ALL ORDER BY 1, 2`);
  const rows = r.getRowObjectsJS().map((o) => ({ flag: String(o.l_returnflag), status: String(o.l_linestatus), values: COLUMNS.map((k) => Number(o[k])) }));
  c.closeSync();
  return rows;
}

async function child(kind: Case, file: string): Promise<Measured> {
  const t0 = performance.now();
  const answer = kind.startsWith('floe') ? await floe(file, kind === 'floe-2w' ? 2 : 1) : await duckdb(file, kind === 'duckdb-2t' ? 2 : 1);
  const seconds = (performance.now() - t0) / 1000;
  await shutdown();
  return { seconds, rssMB: Math.round(peakRssBytes() / 2 ** 20), answer };
}

/** Where two answers differ (counts exactly, the rest to a relative 1e-9); empty when they agree. */
export function answerDiff(a: Answer[], b: Answer[]): string[] {
  if (a.length !== b.length) return [`${a.length} vs ${b.length} groups`];
  const out: string[] = [];
  a.forEach((x, i) => {
    const y = b[i];
    if (x.flag !== y.flag || x.status !== y.status) out.push(`group ${i}: ${x.flag}${x.status} vs ${y.flag}${y.status}`);
    x.values.forEach((v, j) => {
      const w = y.values[j];
      const exact = COLUMNS[j] === 'count_order' || COLUMNS[j] === 'sum_qty';
      if (exact ? v !== w : Math.abs(v - w) > 1e-9 * Math.max(Math.abs(v), Math.abs(w))) out.push(`${x.flag}${x.status} ${COLUMNS[j]}: ${v} vs ${w}`);
    });
  });
  return out;
}

async function main(): Promise<void> {
  const data = flag('data');
  const rows = Number(flag('rows', '6000000'));
  const file = join(data, `lineitem-${rows}.csv`);
  const kind = process.argv.includes('--child') ? (flag('child') as Case) : null;
  if (kind) {
    process.stdout.write(`${JSON.stringify(await child(kind, file))}\n`);
    return;
  }
  const benchRoot = fileURLToPath(new URL('../', import.meta.url));
  const allowDirty = process.argv.includes('--allow-dirty');
  const out = resultsFile('lineitem', { repoRoot: join(benchRoot, '..'), benchRoot, allowDirty });
  if (!existsSync(file)) {
    mkdirSync(data, { recursive: true });
    execFileSync(process.execPath, ['--import', 'tsx', join(benchRoot, 'src', 'data', 'gen-lineitem.ts'), '--out', file, '--rows', String(rows)], { cwd: benchRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  compileChildScripts(benchRoot);
  const childJs = join(benchRoot, 'dist', 'lineitem.js');
  const run = (c: Case): Measured => runChild<Measured>(childJs, c, ['--data', data, '--rows', String(rows)]);
  const repeat = Number(flag('repeat', '3'));
  const load0 = loadavg()[0];
  const runs = new Map<Case, Measured[]>(CASES.map((c) => [c, []]));
  for (let r = 0; r < repeat; r++) for (const c of CASES) runs.get(c)!.push(run(c));
  const load1 = loadavg()[0];
  const sorted = (c: Case): Measured[] => [...runs.get(c)!].sort((a, b) => a.seconds - b.seconds);
  const med = (c: Case): Measured => medianRun(runs.get(c)!);
  const diffs = CASES.slice(1).flatMap((c) => answerDiff(med('floe-2w').answer, med(c).answer).map((d) => `${c}: ${d}`));
  const bytes = statSync(file).size;
  const line = (c: Case, name: string) => {
    const s = sorted(c);
    return `| ${name} | ${med(c).seconds.toFixed(2)} (${s[0].seconds.toFixed(2)}–${s[s.length - 1].seconds.toFixed(2)}) | ${(bytes / 2 ** 20 / med(c).seconds).toFixed(0)} | ${med(c).rssMB} |`;
  };
  const ratio = (a: Case, b: Case) => (med(b).seconds / med(a).seconds).toFixed(2);
  const md = [
    '# A lineitem-shaped file — filter, two keys, sums of expressions',
    '',
    `${rows.toLocaleString('en')} rows, ${(bytes / 2 ** 20).toFixed(0)} MB, 16 columns (integer keys, money with two decimals, one-letter flags, three ISO dates, short texts, a free-text comment; \`benchmarks/src/data/gen-lineitem.ts\`, seed 42). The query is TPC-H Q1's shape: \`l_shipdate <= ${CUTOFF}\`, group by \`l_returnflag, l_linestatus\`, four sums (two of expressions), three means, a count. One child process per run (peak RSS is that process's VmHWM).`,
    out.provenance(`node --import tsx benchmarks/src/lineitem.ts --data ${data} --rows ${rows} --repeat ${repeat}${allowDirty ? ' --allow-dirty' : ''}`),
    `Each figure is the median of ${repeat} runs in alternating order, with (min–max). 1-minute load average ${load0.toFixed(1)} before, ${load1.toFixed(1)} after (a 2-core machine shared with other jobs: compare ratios within this run, not across runs).`,
    '',
    '| run | seconds | MB/s | peak RSS MB |',
    '|---|---:|---:|---:|',
    line('floe-2w', 'floe, 2 workers'),
    line('duckdb-2t', 'DuckDB, 2 threads'),
    line('floe-1w', 'floe, 1 worker'),
    line('duckdb-1t', 'DuckDB, 1 thread'),
    '',
    `Answers agree (counts exactly, sums and means to 1e-9 relative): ${diffs.length === 0 ? 'yes' : `NO — ${diffs.slice(0, 5).join('; ')}`}.`,
    '',
    `- floe ÷ DuckDB speed, 2 threads each: **${ratio('floe-2w', 'duckdb-2t')}×** (issue 11's target: ≥ 1.0×); 1 thread each: ${ratio('floe-1w', 'duckdb-1t')}×.`,
    `- Two threads over one: floe ${ratio('floe-2w', 'floe-1w')}×, DuckDB ${ratio('duckdb-2t', 'duckdb-1t')}×.`,
    '',
  ].join('\n');
  writeFileSync(out.path, md + keptNotes(join(benchRoot, 'RESULTS-lineitem.md')));
  process.stdout.write(md);
  if (diffs.length > 0) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
