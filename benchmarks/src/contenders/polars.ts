/**
 * Contender: Polars (nodejs-polars 0.25.2), a native peer. A lazy scanCSV over the glob collected
 * with the streaming engine; filter-write is sinkCSV. Two forms (POLARS_FORM): `natural`, as a
 * user writes it (parseDates for the seed's Date column, then dt.year()/dt.month()), and `text`,
 * its fastest reasonable form (Date stays text; the year/month are cut from it and cast), since
 * parsing every timestamp dominates Polars' time on the seed. Threads come from
 * POLARS_MAX_THREADS, which the suite sets for this process.
 * Child process; see protocol.ts.
 */
import pl from 'nodejs-polars';
import { keyText, type AggSpec, type KeySpec } from '../queries.js';
import { groupedSignature } from '../verify/signature.js';
import { inputGlob, runChild } from './protocol.js';

const TEXT_FORM = process.env.POLARS_FORM === 'text';

function keyExpr(key: KeySpec) {
  const c = pl.col(key.column);
  if (TEXT_FORM && key.dt) {
    // ISO text: YYYY-MM-DD…
    return (key.dt === 'year' ? c.str.slice(0, 4) : c.str.slice(5, 2)).cast(pl.Int32).alias('key');
  }
  return (key.dt === 'year' ? c.dt.year() : key.dt === 'month' ? c.dt.month() : c).alias('key');
}

function aggExpr(a: AggSpec) {
  if (a.fn === 'count' && a.column === '*') return pl.len().alias(a.name);
  const c = pl.col(a.column);
  return (a.fn === 'sum' ? c.sum() : a.fn === 'mean' ? c.mean() : c.count()).alias(a.name);
}

await runChild(async (spec) => {
  const q = spec.query;
  const lf = pl.scanCSV(inputGlob(spec), { parseDates: q.dataset === 'seed' && !TEXT_FORM });
  const info = { engine: `nodejs-polars (${TEXT_FORM ? 'year from text' : 'parseDates'}), POLARS_MAX_THREADS=${process.env.POLARS_MAX_THREADS ?? 'unset'}` };
  if (q.kind === 'filter-write') {
    const p = q.predicate;
    lf.filter(pl.col(p.column).gt(p.value)).select(...q.select)
      .sinkCSV(`${spec.outDir}/part-0.csv`, { mkdir: true }).collectSync({ engine: 'streaming' });
    return { info };
  }
  const df = lf.groupBy(keyExpr(q.key)).agg(...q.aggs.map(aggExpr)).collectSync({ engine: 'streaming' });
  return {
    signature: () => groupedSignature(
      df.getColumn('key').toArray(),
      Object.fromEntries(q.aggs.map((a) => [a.name, df.getColumn(a.name).toArray()])),
      keyText,
    ),
    info,
  };
});
