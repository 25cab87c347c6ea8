/**
 * Contender: floe used as a library, the way its README shows — readCsv over the folder, a lazy
 * query, compute() (or writeCsv()) on a LocalPool of `threads` workers. Child process; see
 * protocol.ts for the contract.
 */
import { col, LocalPool, readCsv, type Expr, type Table } from 'floe';
import { keyText, type AggSpec, type GroupByQuery, type KeySpec } from '../queries.js';
import { groupedSignature } from '../verify/signature.js';
import { inputGlob, runChild } from './protocol.js';

function keyExpr(key: KeySpec): Expr {
  const c = col(key.column);
  const e = key.dt === 'year' ? c.dt.year() : key.dt === 'month' ? c.dt.month() : c;
  return e.alias('key');
}

function aggExpr(a: AggSpec): Expr {
  const c = col(a.column);
  return (a.fn === 'sum' ? c.sum() : a.fn === 'mean' ? c.mean() : c.count()).alias(a.name);
}

function signatureOf(table: Table, q: GroupByQuery) {
  const columns = Object.fromEntries(q.aggs.map((a) => [a.name, table.column(a.name).toArray()]));
  return groupedSignature(table.column('key').toArray(), columns, keyText);
}

await runChild(async (spec) => {
  const q = spec.query;
  const pool = new LocalPool({ workers: spec.threads });
  try {
    const df = readCsv(inputGlob(spec), q.dataset === 'seed' ? { parseDates: ['Date'] } : {});
    if (q.kind === 'filter-write') {
      const p = q.predicate;
      await df.filter(col(p.column).gt(p.value)).select(...q.select).writeCsv(spec.outDir!, { executor: pool });
      return {};
    }
    const grouped = df.groupBy(keyExpr(q.key));
    const table = await (q.sumAllNumeric ? grouped.sum() : grouped.agg(...q.aggs.map(aggExpr))).compute({ executor: pool });
    return { signature: () => signatureOf(table, q) };
  } finally {
    await pool.close();
  }
});
