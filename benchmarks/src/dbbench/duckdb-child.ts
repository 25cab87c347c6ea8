/**
 * Measured child: one db-benchmark question on DuckDB (@duckdb/node-api) — an in-memory database
 * with `threads` threads, a view per input over read_csv (so, like floe, DuckDB parses the CSV
 * inside the timed query; db-benchmark itself times DuckDB on tables loaded beforehand), and
 * `CREATE TEMP TABLE ans AS <question>` as db-benchmark times it. The answer is then copied to
 * CSV, untimed — or, with `answer: 'file'`, the timed query is `COPY (<question>) TO file`. See child-protocol.ts.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { printReport, readChildSpec, startClock } from './child-protocol.js';

const str = (text: string): string => `'${text.replace(/'/g, "''")}'`;

const spec = readChildSpec();
const stop = startClock();
const instance = await DuckDBInstance.create(':memory:', { threads: String(spec.threads) });
const con = await instance.connect();
try {
  for (const [name, path] of Object.entries(spec.files)) await con.run(`CREATE VIEW ${name} AS SELECT * FROM read_csv(${str(path)})`);
  let rows: number;
  let clock: { wall: number; peakRss: number };
  if (spec.answer === 'file') {
    await con.run(`COPY (${spec.sql}) TO ${str(spec.answerPath)} (FORMAT csv, HEADER true)`);
    clock = stop();
    rows = Number((await con.runAndReadAll(`SELECT count(*) FROM read_csv(${str(spec.answerPath)})`)).getRows()[0][0]);
  } else {
    await con.run(`CREATE TEMP TABLE ans AS ${spec.sql}`);
    clock = stop();
    rows = Number((await con.runAndReadAll('SELECT count(*) FROM ans')).getRows()[0][0]);
    await con.run(`COPY ans TO ${str(spec.answerPath)} (FORMAT csv, HEADER true)`);
  }
  const { wall, peakRss } = clock;
  const version = String((await con.runAndReadAll('SELECT version()')).getRows()[0][0]);
  printReport({ status: 'ok', wall, peakRss, rows, engine: `DuckDB ${version}` });
} finally {
  con.closeSync();
  instance.closeSync();
}
