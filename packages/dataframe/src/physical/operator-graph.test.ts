/**
 * The operator graph's strategy decisions, read from the stages it plans (what explain()
 * prints), for a fixed concurrency and memory budget: broadcast or hash-partitioned join,
 * in-memory or external sort, top-k for a sorted limit, one gather or a hash exchange for an
 * aggregate, and how many reduce tasks an exchange gets. The answers of every strategy are
 * checked against oracles in operators.test.ts; these tests pin which strategy runs, so a
 * wrong threshold (a 4 GB join broadcast to every task, a sort of 10 GB collected on the
 * driver) cannot hide behind a right answer. Nothing is computed.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DataFrame as Frame } from '../api/dataframe.js';
import { readCsv, readCsvAnyBlocksize } from '../api/read-csv.js';
import type { ScanNode } from '../plan/logical-plan.js';
import { col, type DataFrame } from '../index.js';
import { optimize } from '../optimizer/optimize.js';
import { schemaOf } from '../plan/resolve.js';
import { buildOperatorGraph } from './run-operator-graph.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-opgraph-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// orders: 2000 rows (~30 KB) cut into 1 KiB partitions; keys: 3 rows
const ordersPath = join(dir, 'orders.csv');
writeFileSync(ordersPath, `id,k,v\n${Array.from({ length: 2000 }, (_, i) => `${i},${'abc'[i % 3]},${(i * 7) % 101}`).join('\n')}\n`);
const keysPath = join(dir, 'keys.csv');
writeFileSync(keysPath, 'k,label\na,alpha\nb,beta\nc,gamma\n');
const bigPath = join(dir, 'big.csv');
writeFileSync(bigPath, `id,k,v\n${Array.from({ length: 200_000 }, (_, i) => `${i},${'abcdefgh'[i % 8]},${(i * 7) % 1000}`).join('\n')}\n`);

const orders = (): DataFrame => readCsvAnyBlocksize(ordersPath, { blocksize: 1024 });
const keys = (): DataFrame => readCsvAnyBlocksize(keysPath, { blocksize: 1024 });
const big = (): DataFrame => readCsvAnyBlocksize(bigPath, { blocksize: 256 * 1024 });

function stages(df: DataFrame, memoryLimit: number | string = '256MB', concurrency = 2): string[] {
  return buildOperatorGraph(optimize(df.plan), { memoryLimit }, { concurrency }, null).builder.stages;
}

const PARTS = stages(orders().sort('v'))[0].match(/^collect: (\d+) task/)?.[1];

describe('the operator graph chooses', () => {
  test('(the test input has many partitions)', () => {
    expect(Number(PARTS)).toBeGreaterThan(10);
  });

  test('with the default blocksize, a partition count the workers divide (one more partition, smaller), where it comes out exact', () => {
    const bytes = statSync(bigPath).size - 'id,k,v\n'.length;
    // big.csv at an automatic blocksize that cuts it in 5
    const auto = new Frame({ ...(readCsv(bigPath).plan as ScanNode), blocksize: Math.ceil(bytes / 5) });
    const tasks = (df: DataFrame, concurrency: number): string => stages(df.filter(col('v').gt(0)), '256MB', concurrency).at(-1)!;
    expect(tasks(auto, 2)).toBe('collect: 6 task(s) → gather (concat)');
    expect(tasks(auto, 3)).toBe('collect: 6 task(s) → gather (concat)');
    expect(tasks(auto, 5)).toBe('collect: 5 task(s) → gather (concat)');
    expect(tasks(auto, 1)).toBe('collect: 5 task(s) → gather (concat)');
    // a blocksize the user gave is kept
    expect(tasks(readCsvAnyBlocksize(bigPath, { blocksize: Math.ceil(bytes / 5) }), 2)).toBe('collect: 5 task(s) → gather (concat)');
  });

  test('to broadcast a small right side to every left task of an inner, left, semi or anti join', () => {
    for (const how of ['inner', 'left', 'semi', 'anti'] as const) {
      expect(stages(orders().join(keys(), { on: 'k', how }))).toEqual([
        'collect: 1 task(s) → gather (concat)',
        `join ${how}: right side broadcast to ${PARTS} task(s)`,
        `collect: ${PARTS} task(s) → gather (concat)`,
      ]);
    }
  });

  test('to hash-partition both sides of a right or outer join, or when the right side is over an eighth of the budget', () => {
    for (const how of ['right', 'outer'] as const) expect(stages(orders().join(keys(), { on: 'k', how }))).toContain(`join ${how}: 2 bucket pair(s), build right, probe left`);
    const rightBytes = statSync(keysPath).size - 'k,label\n'.length;
    const atEighth = stages(orders().join(keys(), { on: 'k' }), rightBytes * 8);
    expect(atEighth[1]).toMatch(/right side broadcast/);
    const underEighth = stages(orders().join(keys(), { on: 'k' }), rightBytes * 8 - 8);
    expect(underEighth).toEqual([
      `join-left: ${PARTS} task(s) → hash exchange on [k] into 2 bucket(s)`,
      'join-right: 1 task(s) → hash exchange on [k] into 2 bucket(s)',
      'join inner: 2 bucket pair(s), build right, probe left',
      'collect: 2 task(s) → gather (concat)',
    ]);
  });

  test('to sort on the driver while six times the input fits the budget, else an external sort by key ranges', () => {
    const bytes = statSync(ordersPath).size - 'id,k,v\n'.length;
    expect(stages(orders().sort('v'), bytes * 6)).toEqual([`collect: ${PARTS} task(s) → gather (sort)`]);
    expect(stages(orders().sort('v'), bytes * 6 - 1)).toEqual([`sort: ${PARTS} sorted run(s) → range exchange into 2 key range(s)`, 'collect: 2 task(s) → gather (concat)']);
  });

  test('a top-k for a sort followed by a limit', () => {
    expect(stages(orders().sort('v').limit(5))).toEqual([`top-k: ${PARTS} task(s) → gather (sort)`]);
    expect(stages(orders().limit(5))).toEqual([`limit: ${PARTS} task(s) → gather (concat)`]);
  });

  test('one gather for an aggregate without keys or over one partition, a hash exchange for a grouped one', () => {
    expect(stages(orders().agg(col('v').sum()))).toEqual([`aggregate: ${PARTS} task(s) → gather (aggregate)`]);
    expect(stages(keys().groupBy('k').agg(col('label').count()))).toEqual(['aggregate: 1 task(s) → gather (aggregate)']);
    expect(stages(orders().groupBy('k').agg(col('v').sum()))).toEqual([`aggregate: ${PARTS} partial(s) split by key hash → 2 reduce task(s) → merge by key`]);
  });

  test('one reduce task per worker for small inputs, one per MiB of input under a small budget (a multiple of the workers), at most 256', () => {
    expect(stages(orders().groupBy('k').agg(col('v').sum()), '256MB', 3)[0]).toMatch(/→ 3 reduce task\(s\)/);
    const mib = statSync(bigPath).size / 2 ** 20;
    expect(mib).toBeGreaterThan(2);
    // a key the sample cannot estimate (an expression): the partials are reckoned as large as the input
    const byExpr = (): DataFrame => big().groupBy(col('v').add(1).alias('w')).agg(col('id').sum());
    // budget 1 byte: each reduce task's share is the 1 MiB floor
    expect(stages(byExpr(), 1, 1)[0]).toMatch(new RegExp(`→ ${Math.ceil((statSync(bigPath).size - 7) / 2 ** 20)} reduce task\\(s\\)`));
    // a budget of 8 × 2 workers × 1 MiB: the same share, rounded up to a multiple of the 2 workers
    expect(stages(byExpr(), 16 * 2 ** 20, 2)[0]).toMatch(new RegExp(`→ ${2 * Math.ceil((statSync(bigPath).size - 7) / 2 ** 21)} reduce task\\(s\\)`));
    // a large budget: one 64 MiB share covers the input, so one task per worker
    expect(stages(byExpr(), '4GB', 2)[0]).toMatch(/→ 2 reduce task\(s\)/);
  });

  test('reduce tasks sized by what the partials hold: each partition\'s estimated groups (~200 bytes each), at most its input', () => {
    // v has 1000 values, each in every part of the sample: a partial of ~1000 groups a partition
    const line = stages(big().groupBy('v').agg(col('id').sum()), 1, 1)[0];
    const maps = Number(/^aggregate: (\d+) partial/.exec(line)?.[1]);
    expect(maps).toBeGreaterThan(4);
    expect(line).toMatch(new RegExp(`→ ${Math.ceil((maps * 1000 * 200) / 2 ** 20)} reduce task\\(s\\)`));
    expect(Math.ceil((maps * 1000 * 200) / 2 ** 20)).toBeLessThan(Math.ceil((statSync(bigPath).size - 7) / 2 ** 20));
    // eight keys: one task however small the budget
    expect(stages(big().groupBy('k').agg(col('v').sum()), 1, 1)[0]).toMatch(/→ 1 reduce task\(s\)/);
  });

  test('unique hashes on its keys, computing key expressions first', () => {
    expect(stages(orders().unique('k'))).toEqual([
      `shuffle: ${PARTS} task(s), each cut to its first 1 per key → hash exchange on [k] into 2 bucket(s)`,
      'group head: 2 task(s), first 1 per key → merge by key',
    ]);
  });

  test('a group head on a key expression adds the key as a column of a name of its own first and drops it at the end', () => {
    const df = orders().groupBy(col('k').str.upper().alias('K')).head(1);
    expect(stages(df)[0]).toMatch(/hash exchange on \[__key0\]/);
    const { builder } = buildOperatorGraph(optimize(df.plan), { memoryLimit: '256MB' }, { concurrency: 2 }, null);
    const gather = builder.graph.list().at(-1)!;
    expect((gather.args[0] as { project: unknown }).project).not.toBeNull();
    const plain = buildOperatorGraph(optimize(orders().groupBy('k').head(1).plan), { memoryLimit: '256MB' }, { concurrency: 2 }, null).builder.graph.list().at(-1)!;
    expect((plain.args[0] as { project: unknown }).project).toBeNull();
  });
});

describe('broadcast joins in a row', () => {
  test("a query's hash table is its own: the next query's build side, under the same task key, is not joined with the last one's", async () => {
    // the same plan shape twice (the same task keys: collect-003 …), other rows on the build side
    const one = join(dir, 'keys-one.csv');
    const two = join(dir, 'keys-two.csv');
    writeFileSync(one, 'k,label\na,first\n');
    writeFileSync(two, 'k,label\nb,second\nc,third\n');
    const count = async (path: string) => (await orders().join(readCsvAnyBlocksize(path, { blocksize: 1024 }), { on: 'k' }).groupBy('label').agg(col('*').count().alias('n')).sort('label').compute()).toRows();
    expect(await count(one)).toEqual([{ label: 'first', n: 667 }]);
    expect(await count(two)).toEqual([{ label: 'second', n: 667 }, { label: 'third', n: 666 }]);
    expect(await count(one)).toEqual([{ label: 'first', n: 667 }]);
  });
});

describe('the operator graph\'s tasks', () => {
  type Spec = { key: string; group: string; local?: boolean; args: readonly unknown[] };
  const tasksOf = (df: DataFrame, memoryLimit: number | string = '256MB', write?: Parameters<typeof buildOperatorGraph>[4]): Spec[] =>
    buildOperatorGraph(optimize(df.plan), { memoryLimit }, { concurrency: 2 }, null, write).builder.graph.list() as unknown as Spec[];
  const sinkOf = (t: Spec): { spill: { threshold: number; name: string }; p?: number; partitions?: { p: number; spill: { threshold: number } } } =>
    (t.args[0] as { spec: { sink: never } }).spec.sink;

  test('a sort then a group head cuts each map task\'s rows back at its share of the budget, between 64 k and 1 M rows', () => {
    const cutRows = (memoryLimit: number | string): number => {
      const shuffle = tasksOf(orders().sort('v').groupBy('k').head(2), memoryLimit).find((t) => t.group === 'shuffle')!;
      return (shuffle.args[0] as { spec: { sink: { top: { cutRows: number } } } }).spec.sink.top.cutRows;
    };
    expect(cutRows(1)).toBe(65_536);
    expect(cutRows('4GB')).toBe(1 << 20);
    // 64 MiB over 2 workers: a quarter each, 8 MiB, over the columns' estimated bytes a row
    const fields = schemaOf(orders().plan);
    const rowBytes = fields.reduce((n, f) => n + (f.dtype === 'string' ? 53 : 9), 0);
    expect(cutRows(64 * 2 ** 20)).toBe(Math.floor((8 * 2 ** 20) / rowBytes));
  });

  test('a grouped aggregate: map tasks, a driver-side barrier, reduce tasks in workers, a driver-side gather', () => {
    const tasks = tasksOf(orders().groupBy('k').agg(col('v').sum()));
    const groups = tasks.map((t) => t.group);
    expect(new Set(groups)).toEqual(new Set(['aggregate', 'exchange', 'reduce', 'gather']));
    for (const t of tasks) expect(t.local === true).toBe(t.group === 'exchange' || t.group === 'gather');
    expect(groups.filter((g) => g === 'reduce')).toHaveLength(2);
  });

  test('map tasks of an exchange share a quarter of the budget between all the buckets they hold', () => {
    const budget = 64 << 20;
    const maps = tasksOf(orders().groupBy('k').agg(col('v').sum()), budget).filter((t) => t.group === 'aggregate');
    const { p, spill } = sinkOf(maps[0]).partitions!;
    const pieces = maps.length * p;
    expect(spill.threshold).toBe(Math.floor(budget / 4 / pieces));
    const shuffle = tasksOf(orders().unique('k'), budget).filter((t) => t.group === 'shuffle');
    expect(sinkOf(shuffle[0]).spill.threshold).toBe(Math.floor(budget / 4 / (shuffle.length * sinkOf(shuffle[0]).p!)));
  });

  test('an external sort\'s runs and an aggregate written to files share a quarter of the budget between their segments', () => {
    const budget = 64 << 10; // under six times the input: an external sort
    const runs = tasksOf(orders().sort('v'), budget).filter((t) => t.group === 'sort-run');
    expect(runs.length).toBeGreaterThan(1);
    const sink = sinkOf(runs[0]) as unknown as { segmentRows: number; spill: { threshold: number }; runBytes: number; rowsHint: number };
    const bytes = statSync(ordersPath).size;
    // segments estimated from ~35 bytes a CSV row
    expect(sink.spill.threshold).toBeLessThanOrEqual(budget / 4);
    expect(sink.spill.threshold * Math.ceil(bytes / 35 / sink.segmentRows)).toBeLessThanOrEqual(budget / 4);
    // a run's buffer sized for what its bytes hold (an int64 and a float64 column: 16 bytes a row), under the budget's share
    expect(sink.rowsHint).toBeGreaterThan(0);
    expect(sink.rowsHint).toBeLessThanOrEqual(Math.ceil(sink.runBytes / 16));
    // by v (101 groups: more than an eighth of the budget holds, so not merged on the driver)
    const written = tasksOf(orders().groupBy('v').agg(col('id').sum()), budget, () => ({ kind: 'write' }) as never);
    const reduce = written.find((t) => t.group === 'reduce')!;
    const run = (reduce.args[0] as { run: { spill: { threshold: number }; segmentRows: number } }).run;
    const p = written.filter((t) => t.group === 'reduce').length;
    expect(run.spill.threshold).toBe(Math.floor(budget / 4 / (p * 64)));
  });
});
