/**
 * Contender: DuckDB (@duckdb/node-api), an in-process native peer. One in-memory database with
 * `threads` threads; the query is plain SQL over `read_csv('dir/*.csv')` (types auto-detected,
 * Date as TIMESTAMP); filter-write is `COPY (…) TO dir (PER_THREAD_OUTPUT)`, one file per thread
 * like floe's one file per partition. Child process; see protocol.ts.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { keyText, type AggSpec, type KeySpec } from '../queries.js';
import { groupedSignature } from '../verify/signature.js';
import { inputGlob, runChild } from './protocol.js';

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const str = (text: string): string => `'${text.replace(/'/g, "''")}'`;

function keySql(key: KeySpec): string {
  return key.dt ? `${key.dt}(${ident(key.column)})` : ident(key.column);
}

function aggSql(a: AggSpec): string {
  const arg = a.column === '*' ? '*' : ident(a.column);
  const fn = a.fn === 'mean' ? 'avg' : a.fn;
  return `${fn}(${arg}) AS ${ident(a.name)}`;
}

await runChild(async (spec) => {
  const q = spec.query;
  const instance = await DuckDBInstance.create(':memory:', { threads: String(spec.threads) });
  const con = await instance.connect();
  try {
    const source = `read_csv(${str(inputGlob(spec))})`;
    if (q.kind === 'filter-write') {
      const p = q.predicate;
      const select = `SELECT ${q.select.map(ident).join(', ')} FROM ${source} WHERE ${ident(p.column)} > ${p.value}`;
      await con.run(`COPY (${select}) TO ${str(spec.outDir!)} (FORMAT csv, HEADER true, PER_THREAD_OUTPUT true)`);
      return { info: { engine: await version(con) } };
    }
    const sql = `SELECT ${keySql(q.key)} AS key, ${q.aggs.map(aggSql).join(', ')} FROM ${source} GROUP BY 1 ORDER BY 1`;
    const reader = await con.runAndReadAll(sql);
    const columns = reader.getColumnsObjectJS();
    return {
      signature: () => groupedSignature(columns.key, Object.fromEntries(q.aggs.map((a) => [a.name, columns[a.name]])), keyText),
      info: { engine: await version(con) },
    };
  } finally {
    con.closeSync();
    instance.closeSync();
  }
});

async function version(con: { runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }> }): Promise<string> {
  return `DuckDB ${String((await con.runAndReadAll('SELECT version()')).getRows()[0][0])}`;
}
