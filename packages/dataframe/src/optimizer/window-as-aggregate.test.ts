/**
 * A window's aggregates over whole partitions run as a grouped aggregate joined back to the rows:
 * the same values as the window gives them (null keys a partition of their own), the rows in the
 * input's order, the other calls of the window still a window; not where the input is no scan or
 * the partitions are many.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { InlineExecutor } from '@floe/scheduler';
import { readCsvAnyBlocksize } from '../api/read-csv.js';
import type { DataFrame } from '../api/dataframe.js';
import { col } from '../index.js';
import { inputsOf, type LogicalPlan } from '../plan/logical-plan.js';
import { Rng } from '../testing/random-csv.js';
import { optimize, withoutRewrites } from './optimize.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-window-agg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const executor = new InlineExecutor();

// 30 k rows: id (the row's number), k (40 strings, some empty = null), g (int, some null), v (quarters, some null), u (1 M values),
// f (a float key: NaN, 0 and -0 among its values, some null)
const path = join(dir, 'rows.csv');
const rng = new Rng(23);
const lines: string[] = [];
for (let r = 0; r < 30_000; r++) {
  const k = rng.chance(0.03) ? '' : `k${rng.int(1, 40)}`;
  const g = rng.chance(0.03) ? '' : String(rng.int(-10, 10));
  const v = rng.chance(0.05) ? '' : (rng.int(-4000, 4000) / 4).toFixed(2);
  const f = ['1.5', 'NaN', '0', '-0', '', '2.25'][rng.int(0, 5)];
  lines.push(`${r},${k},${g},${v},${rng.int(0, 999_999)},${f}`);
}
writeFileSync(path, `id,k,g,v,u,f\n${lines.join('\n')}\n`);
const frame = (): DataFrame => readCsvAnyBlocksize(path, { blocksize: 64 * 1024 });

/** Every node kind of the plan, depth first. */
function kinds(plan: LogicalPlan): string[] {
  return [plan.kind, ...inputsOf(plan).flatMap(kinds)];
}

describe('window aggregates over whole partitions, as an aggregate joined back', () => {
  test('which plans: partitions by scanned columns and no partition at all; not ordered frames, first(), many partitions, or an input that is no scan', () => {
    const joined = optimize(frame().withColumns(col('v').sum().over('k').alias('s')).plan);
    expect(kinds(joined)).toContain('join');
    expect(kinds(joined)).not.toContain('window');
    expect(frame().withColumns(col('v').sum().over('k').alias('s')).explain()).toContain('(nulls equal)');
    expect(kinds(optimize(frame().withColumns(col('v').mean().over().alias('m')).plan))).not.toContain('window');
    // a rank and a sum over the same partitions: the rank stays a window, the sum is joined
    const mixed = kinds(optimize(frame().withColumns(col('v').rank().over('k').alias('r'), col('v').sum().over('k').alias('s')).plan));
    expect(mixed).toContain('window');
    expect(mixed).toContain('join');
    expect(kinds(optimize(frame().withColumns(col('v').cumSum().over('k', { orderBy: 'id' }).alias('c')).plan))).not.toContain('join');
    expect(kinds(optimize(frame().withColumns(col('v').first().over('k').alias('f')).plan))).not.toContain('join');
    // u has ~30 k values in 30 k rows: a broadcast of every row's group
    expect(kinds(optimize(frame().withColumns(col('v').sum().over('u').alias('s')).plan))).not.toContain('join');
    // two partitionings: each aggregate reads the file (three reads), neither stays a window
    const two = kinds(optimize(frame().withColumns(col('v').sum().over('k').alias('s'), col('v').sum().over().alias('t')).plan));
    expect(two).not.toContain('window');
    expect(two.filter((k) => k === 'scan').length).toBe(3);
    const grouped = frame().groupBy('k').agg(col('v').sum().alias('t')).withColumns(col('t').sum().over().alias('all'));
    expect(kinds(optimize(grouped.plan))).not.toContain('join');
  });

  // [name, query, whether the rows come in the file's order (a rank beside the sum is still a window, bucket by bucket)]
  const cases: [string, () => DataFrame, boolean?][] = [
    ['sum, mean, count, min, max by a text key with nulls', () => frame().withColumns(
      col('v').sum().over('k').alias('s'), col('v').mean().over('k').alias('m'), col('v').count().over('k').alias('n'),
      col('v').min().over('k').alias('lo'), col('v').max().over('k').alias('hi'))],
    ['by two keys, one an int with nulls; median, nUnique, size', () => frame().withColumns(
      col('v').median().over(['k', 'g']).alias('med'), col('g').nUnique().over('k').alias('ng'), col('v').size().over(['g', 'k']).alias('rows'))],
    ['over no partition, with a share of the total', () => frame().withColumns(col('v').div(col('v').sum()).over().alias('share'), col('v').max().over().alias('top'))],
    ['a rank beside a sum over the same partitions', () => frame().withColumns(col('v').rank({ method: 'dense' }).over('g').alias('r'), col('v').sum().over('g').alias('s')), false],
    ['two partitionings and a share of each', () => frame().withColumns(
      col('v').div(col('v').sum()).over('k').alias('of_k'), col('v').div(col('v').sum()).over().alias('of_all'), col('v').mean().over(['k', 'g']).alias('m'))],
    ['by a float key with NaN, 0 and -0', () => frame().withColumns(col('v').sum().over('f').alias('s'), col('id').count().over('f').alias('n'))],
    ['in a filter: rows above their partition\'s mean', () => frame().filter(col('v').gt(col('v').mean().over('k')))],
  ];
  for (const [name, df, inOrder = true] of cases) {
    test(`${name}: the window's values${inOrder ? ', the rows in the file\'s order' : ''}`, async () => {
      const got = await df().compute({ executor });
      const plain = await withoutRewrites(() => df().compute({ executor }));
      expect(got.columnNames).toEqual(plain.columnNames);
      const ids = got.toRows().map((r) => r.id as number);
      expect(ids.length).toBeGreaterThan(1000);
      // the input's order, where the window's came bucket by bucket
      if (inOrder) expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
      const byId = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => (a.id as number) - (b.id as number));
      expect(byId(got.toRows())).toEqual(byId(plain.toRows()));
    });
  }

  test('var and std agree with the window\'s to the last few bits', async () => {
    const df = () => frame().withColumns(col('v').var().over('k').alias('var'), col('v').std(0).over('g').alias('sd'));
    const got = (await df().compute({ executor })).toRows();
    const plain = new Map((await withoutRewrites(() => df().compute({ executor }))).toRows().map((r) => [r.id, r]));
    expect(got.length).toBe(30_000);
    for (const r of got) {
      const p = plain.get(r.id)!;
      for (const c of ['var', 'sd']) {
        if (p[c] === null) expect(r[c]).toBeNull();
        else expect(Math.abs((r[c] as number) - (p[c] as number))).toBeLessThanOrEqual(1e-9 * Math.abs(p[c] as number));
      }
    }
  });

  test('a bad line skipped is counted once, though the file is read twice', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `k,v\n${Array.from({ length: 3000 }, (_, i) => (i === 1700 ? 'junk' : `k${i % 5},${i % 7}`)).join('\n')}\n`);
    const df = readCsvAnyBlocksize(bad, { blocksize: 4096, onBadLines: 'skip' }).withColumns(col('v').sum().over('k').alias('s'), col('v').max().over('k').alias('m'));
    expect(kinds(optimize(df.plan))).toContain('join');
    expect(kinds(optimize(df.plan))).not.toContain('window');
    const t = await df.compute({ executor });
    expect([t.numRows, t.skippedRows, t.toRows()[0].m]).toEqual([2999, 1, 6]);
  });

  test('written to files under a small budget (the groups spill): the same lines as the window\'s', async () => {
    const text = async (out: string, write: () => Promise<unknown>): Promise<string[]> => {
      await write();
      return readdirSync(out).filter((f) => f.endsWith('.csv')).flatMap((f) => readFileSync(join(out, f), 'utf8').split('\n').slice(1)).filter((l) => l !== '').sort();
    };
    const df = () => frame().withColumns(col('v').sum().over(['k', 'g']).alias('s'), col('id').count().over().alias('all'));
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const got = await text(a, () => df().writeCsv(a, { executor, memoryLimit: '1MB' }));
    const plain = await text(b, () => withoutRewrites(() => df().writeCsv(b, { executor, memoryLimit: '1MB' })));
    expect(got.length).toBe(30_000);
    expect(got).toEqual(plain);
    expect(got[0].endsWith(',30000')).toBe(true);
  });
});
