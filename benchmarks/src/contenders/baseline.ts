/**
 * Contender: the in-memory baseline — what a Node.js user writes without floe. Every file is
 * streamed through csv-parse (`columns: true, cast: true`, the documented idiom) into one array
 * of record objects; then a plain JS Map groups them (or Array.filter + map + join, and one
 * writeFileSync, for the filter workload). Single-threaded by nature; all data lives in the heap,
 * which is exactly what the memory-capped run exposes. Child process; see protocol.ts.
 */
import { createReadStream, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import type { GroupByQuery, KeySpec } from '../queries.js';
import { SignatureBuilder } from '../verify/signature.js';
import { runChild } from './protocol.js';

type CsvRecord = Record<string, string | number>;

async function readAll(dir: string): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.csv')).sort()) {
    const parser = createReadStream(join(dir, name)).pipe(parse({ columns: true, cast: true }));
    for await (const record of parser) records.push(record as CsvRecord);
  }
  return records;
}

/** The group key of a record. Timestamps stay strings ("2010-01-01 00:00:00"): slice the year/month digits. */
function keyOf(key: KeySpec): (r: CsvRecord) => string | number {
  const c = key.column;
  if (key.dt === 'year') return (r) => Number(String(r[c]).slice(0, 4));
  if (key.dt === 'month') return (r) => Number(String(r[c]).slice(5, 7));
  return (r) => r[c];
}

interface Acc { sums: number[]; counts: number[] }

function groupBy(records: CsvRecord[], q: GroupByQuery): Map<string | number, Acc> {
  const key = keyOf(q.key);
  const groups = new Map<string | number, Acc>();
  for (const r of records) {
    const k = key(r);
    let g = groups.get(k);
    if (!g) {
      g = { sums: q.aggs.map(() => 0), counts: q.aggs.map(() => 0) };
      groups.set(k, g);
    }
    for (let i = 0; i < q.aggs.length; i++) {
      const a = q.aggs[i];
      if (a.column !== '*') g.sums[i] += Number(r[a.column]);
      g.counts[i]++;
    }
  }
  return groups;
}

await runChild(async (spec) => {
  const q = spec.query;
  const records = await readAll(spec.dir);
  if (q.kind === 'filter-write') {
    const p = q.predicate;
    const lines = records.filter((r) => Number(r[p.column]) > p.value).map((r) => q.select.map((c) => r[c]).join(','));
    mkdirSync(spec.outDir!, { recursive: true });
    writeFileSync(join(spec.outDir!, 'part-0.csv'), `${q.select.join(',')}\n${lines.join('\n')}\n`);
    return {};
  }
  const groups = groupBy(records, q);
  return {
    signature: () => {
      const b = new SignatureBuilder(q.aggs.map((a) => a.name));
      for (const [k, g] of groups) {
        b.add(String(k), q.aggs.map((a, i) => (a.fn === 'sum' ? g.sums[i] : a.fn === 'mean' ? g.sums[i] / g.counts[i] : g.counts[i])));
      }
      return b.finish();
    },
  };
});
