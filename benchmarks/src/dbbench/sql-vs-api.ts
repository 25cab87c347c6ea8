/**
 * SQL vs the DataFrame API on the db-benchmark groupby questions: the same question written
 * both ways, over the same generated file, in one process on one worker pool, alternating which
 * goes first; prints the best and median wall times of each and their ratio, and checks that
 * both give the same answer. SQL is translated to the same logical plan, so the ratio should be
 * 1 ± noise (q8's window is planned as the API's group head: optimizer/window-top-n.ts).
 *
 *   pnpm --filter @floe/benchmarks dbbench:sql [--rows 1e7] [--k 100] [--nas 5] [--repeat 5] [--questions q1,q3] [--data-dir DIR]
 *
 * The SQL is db-benchmark's, exactly as groupby-questions.ts gives it to DuckDB.
 */
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { LocalPool, readCsv, sql, type DataFrame, type Table } from 'floe';
import { dbDataset } from './datasets.js';
import { GROUPBY_QUESTIONS } from './groupby-questions.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1e7' },
    k: { type: 'string', default: '100' },
    nas: { type: 'string', default: '5' },
    repeat: { type: 'string', default: '5' },
    questions: { type: 'string' },
    'data-dir': { type: 'string' },
  },
});
const rows = Number(values.rows);
const repeat = Number(values.repeat);
const log = (msg: string): void => { process.stderr.write(`${msg}\n`); };
const ds = dbDataset('groupby', values['data-dir'] ? resolve(values['data-dir']) : join(repoRoot, '.bench-data'), rows, Number(values.k), Number(values.nas), log);
log(ds.description);

const pool = new LocalPool();
const time = async (build: () => DataFrame): Promise<{ ms: number; table: Table }> => {
  const start = performance.now();
  const table = await build().compute({ executor: pool });
  return { ms: performance.now() - start, table };
};

const lines = ['| question | DataFrame API best / median (ms) | SQL best / median (ms) | SQL / API (median) |', '|---|---:|---:|---:|'];
const only = values.questions ? new Set(values.questions.split(',').map((x) => x.trim())) : null;
for (const q of GROUPBY_QUESTIONS.filter((x) => only === null || only.has(x.id))) {
  const api = () => q.floe({ x: readCsv(ds.files.x) });
  const viaSql = () => sql(q.sql, { tables: { x: readCsv(ds.files.x) } });
  try {
    viaSql();
  } catch (err) {
    lines.push(`| ${q.id} ${q.title} | | not supported: ${(err as Error).message.split(';')[0]} | |`);
    log(`${q.id}: SQL not supported: ${(err as Error).message}`);
    continue;
  }
  const a: number[] = [];
  const s: number[] = [];
  let answers: [Table, Table] | null = null;
  for (let i = 0; i < repeat; i++) {
    const first = i % 2 === 0 ? api : viaSql;
    const second = i % 2 === 0 ? viaSql : api;
    const r1 = await time(first);
    const r2 = await time(second);
    (i % 2 === 0 ? a : s).push(r1.ms);
    (i % 2 === 0 ? s : a).push(r2.ms);
    answers ??= i % 2 === 0 ? [r1.table, r2.table] : [r2.table, r1.table];
  }
  const same = sameAnswer(answers![0], answers![1]);
  const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const best = (xs: number[]) => Math.min(...xs);
  const line = `| ${q.id} ${q.title} | ${best(a).toFixed(0)} / ${med(a).toFixed(0)} | ${best(s).toFixed(0)} / ${med(s).toFixed(0)} | ${(med(s) / med(a)).toFixed(2)}${same ? '' : ' (ANSWERS DIFFER)'} |`;
  lines.push(line);
  log(line);
}
await pool.close();
process.stdout.write(`${ds.description}; ${repeat} runs each, alternating order; ${pool.concurrency} workers\n\n${lines.join('\n')}\n`);

/**
 * Same rows, compared sorted, floats to 1e-9 relative: rows sort by their values with floats cut
 * to 6 digits (two sums of one group in another order differ in the last bits, and rounding
 * both to 9 digits could still part them: q3's means were called different), then each value
 * is compared.
 */
function sameAnswer(x: Table, y: Table): boolean {
  if (x.numRows !== y.numRows || x.schema.length !== y.schema.length) return false;
  const sorted = (t: Table) => t.toRows().map((r) => Object.values(r)).map((vs) => ({ vs, key: JSON.stringify(vs.map((v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v))) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const close = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));
  const ry = sorted(y);
  return sorted(x).every((r, i) => r.vs.every((v, k) => close(v, ry[i].vs[k])));
}
