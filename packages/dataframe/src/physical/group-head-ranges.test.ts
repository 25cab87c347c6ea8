/**
 * unique(keys) and groupBy(keys).head(n) written to files go by key ranges (each group-head task's
 * rows a sorted run, a range task a part file), never gathered whole on the driver: the files hold
 * what compute() gives, in the same key order, and a group's rows in the same order.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { InlineExecutor } from '@floe/scheduler';
import { readCsvAnyBlocksize } from '../api/read-csv.js';
import type { DataFrame } from '../api/dataframe.js';
import { col, fromRows } from '../index.js';
import { optimize } from '../optimizer/optimize.js';
import { Rng } from '../testing/random-csv.js';
import type { Sink } from './pipeline-spec.js';
import { buildOperatorGraph } from './run-operator-graph.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-group-head-ranges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 90 k rows (1.4 MB: two reduce tasks at the 1 MB floor of a task's share), about a third repeated: k (2 k string keys, some empty = null), n (int), v (float)
const path = join(dir, 'rows.csv');
const rng = new Rng(7);
const lines: string[] = [];
for (let i = 0; i < 90_000; i++) {
  lines.push(i > 100 && rng.chance(0.3) ? lines[rng.int(0, i - 1)] : `${rng.chance(0.02) ? '' : `k${rng.int(1, 2000)}`},${rng.int(0, 9)},${(rng.int(-10000, 10000) / 100).toFixed(2)}`);
}
writeFileSync(path, `k,n,v\n${lines.join('\n')}\n`);
const frame = (): DataFrame => readCsvAnyBlocksize(path, { blocksize: 64 * 1024 });
const executor = new InlineExecutor();

/** The part files' data lines, in file order. */
async function written(df: DataFrame, name: string): Promise<{ files: number; lines: string[] }> {
  const out = join(dir, name);
  const res = await df.writeCsv(out, { executor, memoryLimit: '4MB' });
  const files = readdirSync(out).filter((f) => f.endsWith('.csv')).sort();
  expect(files.length).toBe(res.files.length);
  return { files: files.length, lines: files.flatMap((f) => readFileSync(join(out, f), 'utf8').split('\n').slice(1).filter((l) => l !== '')) };
}

const asLines = (rows: Record<string, unknown>[], names: string[]): string[] => rows.map((r) => names.map((n) => (r[n] === null ? '' : String(r[n]))).join(','));
/** A written line as String() gives its values (writeCsv writes the float -11 as -11.0). */
const plainNumbers = (line: string): string => line.split(',').map((f) => (f !== '' && Number.isFinite(Number(f)) ? String(Number(f)) : f)).join(',');

describe('a group head written to files', () => {
  const cases: [string, () => DataFrame, string[]][] = [
    // (unique of every column, or of its keys alone, is an aggregate: distinct-as-aggregate.ts)
    ['unique(k), the first row of each key', () => frame().unique(['k']), ['k', 'n', 'v']],
    ['unique(k, n), v of the first row', () => frame().unique(['k', 'n']), ['k', 'n', 'v']],
    ['groupBy(k).head(2), a group\'s rows in file order', () => frame().groupBy('k').withOptions({ keepNullKeys: true }).head(2), ['k', 'n', 'v']],
    ['sort(v desc).groupBy(n).head(3), the first in the sort order', () => frame().sort(col('v'), { descending: true }).groupBy('n').head(3), ['k', 'n', 'v']],
    ['groupBy(an expression).head(1), the key column made for it left out', () => frame().groupBy(col('v').mul(10).alias('v10')).head(1), ['k', 'n', 'v']],
  ];
  for (const [name, df, names] of cases) {
    test(`${name}: key ranges, the rows compute() gives in its order`, async () => {
      const stages = buildOperatorGraph(optimize(df().plan), { memoryLimit: 4 << 20 }, { concurrency: 2 }, null, (fields) => ({ kind: 'collect', fields, limit: null }) as Sink).builder.stages;
      expect(stages.join('\n')).toMatch(/each a sorted run → range exchange into \d+ key range\(s\)/);
      const { files, lines: got } = await written(df(), name.replace(/\W+/g, '-'));
      const expected = asLines((await df().compute({ executor })).toRows(), names);
      expect(got.map(plainNumbers)).toEqual(expected);
      // rows with many keys: more than one range (one file was the whole result, gathered on the driver)
      if (expected.length > 1000) expect(files).toBeGreaterThan(1);
    });
  }
});

describe('a group head by a computed key', () => {
  // the key's column was named after the column it reads, and replaced it: rows held k + 1, lower(city)
  const rows = [{ k: 1, city: 'Paris' }, { k: 2, city: 'paris' }, { k: 1, city: 'Rome' }, { k: 3, city: 'rome' }];
  test('keeps the rows as they are (groupBy(col(k).add(1)).head(1) is unique by k + 1), in the key\'s order, whether named like a column or not', async () => {
    const df = fromRows(rows, { blocksize: 20 });
    expect((await df.groupBy(col('k').add(1)).head(1).compute({ executor })).toRows()).toEqual([rows[0], rows[1], rows[3]]);
    expect((await df.groupBy(col('city').str.lower()).head(1).compute({ executor })).toRows()).toEqual([rows[0], rows[2]]);
    expect((await df.groupBy(col('k').mul(-1).alias('k')).head(2).compute({ executor })).toRows()).toEqual([rows[3], rows[1], rows[0], rows[2]]);
    const out = join(dir, 'computed-key');
    await df.groupBy(col('city').str.lower()).head(1).writeCsv(out, { executor });
    expect(readdirSync(out).sort().flatMap((f) => readFileSync(join(out, f), 'utf8').split('\n').slice(1).filter((l) => l !== ''))).toEqual(['1,Paris', '1,Rome']);
  });
});
