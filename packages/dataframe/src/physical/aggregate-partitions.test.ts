/**
 * Larger partitions for a grouped aggregate whose keys have many values: when the plan takes
 * them (from the sample's estimates on the CSV source), when it does not, and that the answer
 * is the same as with the default partitions — sums, means, extremes, counts and the file-order
 * aggregates first/last, through compute() and through writeCsv's key ranges.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { InlineExecutor } from '@floe/scheduler';
import { DataFrame } from '../api/dataframe.js';
import { readCsvAnyBlocksize } from '../api/read-csv.js';
import { col, readCsv } from '../index.js';
import type { CsvSource } from '../io/csv/infer-schema.js';
import { optimize } from '../optimizer/optimize.js';
import type { ScanNode } from '../plan/logical-plan.js';
import { Rng } from '../testing/random-csv.js';
import { aggregateBatchRows, aggregateBlocksize, codedKeys, groupsNearRows, manyGroupsScan, PARTIAL_BYTES_PER_GROUP, partialBytesPerGroup } from './aggregate-partitions.js';
import { estimatedGroups } from '../plan/scan-under.js';
import type { ScanSpec, Sink } from './pipeline-spec.js';
import { buildOperatorGraph } from './run-operator-graph.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-aggparts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 60 k rows: k (3 k string keys, some empty = null), n (int key), v (float), q (int)
const path = join(dir, 'data.csv');
const rng = new Rng(42);
writeFileSync(path, `k,n,v,q\n${Array.from({ length: 60_000 }, (_, i) => `${rng.chance(0.03) ? '' : `key${rng.int(1, 3000)}`},${i % 50},${(rng.int(-100000, 100000) / 100).toFixed(2)},${rng.int(-50, 50)}`).join('\n')}\n`);
const BLOCK = 64 * 1024;

/** The file read with the default blocksize flag, in 64 KiB partitions, as if the sample had estimated `distinct` over `rows`. */
function estimated(distinct: Record<string, number>, rows: number, blocksize = BLOCK): DataFrame {
  const scan = readCsv(path).plan as ScanNode;
  expect(scan.autoBlocksize).toBe(true);
  const source: CsvSource = { ...(scan.source as CsvSource), distinct, estimatedRows: rows };
  return new DataFrame({ ...scan, source, blocksize });
}

function stages(df: DataFrame, concurrency = 2, memoryLimit = '256MB'): string[] {
  return buildOperatorGraph(optimize(df.plan), { memoryLimit }, { concurrency }, null).builder.stages;
}

/** `partialGroups`: the groups a map task's partial may hold (0: none, as a group head's map tasks). */
function manyGroupsOf(df: DataFrame, partialGroups = 0): ReturnType<typeof manyGroupsScan> {
  const plan = optimize(df.plan);
  if (plan.kind !== 'aggregate') throw new Error(`expected an aggregate, got ${plan.kind}`);
  return manyGroupsScan(plan.keys, plan.input, partialGroups);
}

const query = (df: DataFrame): DataFrame => df.groupBy('k').withOptions({ keepNullKeys: true }).agg(
  col('v').sum().alias('sum'), col('v').mean().alias('mean'), col('q').min().alias('min'), col('q').max().alias('max'),
  col('*').count().alias('count'), col('q').first().alias('first'), col('q').last().alias('last'));

describe('which aggregates read larger partitions', () => {
  test('two keys of 100 values each (10 k groups, db-benchmark q2): yes, their product named in the stages', () => {
    const df = estimated({ k: 100, n: 100 }, 10_000_000);
    expect(manyGroupsOf(df.groupBy('k', 'n').agg(col('v').sum()))).toMatchObject({ groups: 10_000 });
    expect(stages(df.groupBy('k', 'n').agg(col('v').sum()))[0]).toMatch(/^scan: 2 partition\(s\) of up to 0\.\d MB \(keys k, n: ~10,000 groups estimated from the sample\)$/);
  });

  test('a key column of many values, far fewer than the rows: yes, with the estimate named in the stages', () => {
    const df = estimated({ k: 50_000, n: 50 }, 10_000_000);
    const many = manyGroupsOf(df.groupBy('k').agg(col('v').sum()));
    expect(many).toMatchObject({ key: 'k', groups: 50_000 });
    const s = stages(df.groupBy('k').agg(col('v').sum()));
    // ~1.5 MB over two workers: two partitions of a half each instead of ~23 of 64 KiB
    expect(s[0]).toMatch(/^scan: 2 partition\(s\) of up to 0\.\d MB, batches of 131,072 rows \(key "k": ~50,000 values estimated from the sample\)$/);
    expect(s[1]).toMatch(/^aggregate: 2 partial\(s\)/);
    // a key column under another name is still that column (the benchmarks' col('id3').alias('key'))
    expect(manyGroupsOf(df.groupBy(col('k').alias('key')).agg(col('v').sum()))).toMatchObject({ key: 'k', groups: 50_000 });
    // through a filter and a projection that keeps the key
    expect(manyGroupsOf(df.filter(col('q').gt(0)).withColumns(col('v').mul(2).alias('w')).groupBy('k').agg(col('w').sum()))).not.toBeNull();
  });

  test('a sorted groupBy(…).head(n) by such a key reads them too (each map task keeps n rows a key: fewer for the reduces)', () => {
    const df = estimated({ k: 50_000, n: 50 }, 10_000_000);
    const s = stages(df.filter(col('v').isNotNull()).sort('v', { descending: true }).groupBy('k').head(2));
    expect(s[0]).toMatch(/^scan: 2 partition\(s\) of up to 0\.\d MB, batches of 131,072 rows \(key "k": ~50,000 values estimated from the sample\)$/);
    expect(s[1]).toMatch(/^shuffle: 2 task\(s\), each cut to its first 2 per key in sort order/);
    // few keys: the scan's own partitions
    expect(stages(df.sort('v').groupBy('n').head(2))[0]).toMatch(/^shuffle: \d{2,} task/);
  });

  test('few values, keys as many as the rows together, expressions, computed keys, a blocksize the user chose: no', () => {
    const df = estimated({ k: 50_000, n: 50 }, 10_000_000);
    expect(manyGroupsOf(df.groupBy('n').agg(col('v').sum()))).toBeNull();
    expect(manyGroupsOf(estimated({ k: 50_000, n: 5000 }, 10_000_000).groupBy(['k', 'n']).agg(col('v').sum()))).toBeNull();
    expect(manyGroupsOf(estimated({ k: 50, n: 50 }, 10_000_000).groupBy(['k', 'n']).agg(col('v').sum()))).toBeNull();
    expect(manyGroupsOf(df.groupBy(col('k').str.upper()).agg(col('v').sum()))).toBeNull();
    expect(manyGroupsOf(df.withColumns(col('n').alias('k')).groupBy('k').agg(col('v').sum()))).toBeNull();
    expect(stages(readCsvAnyBlocksize(path, { blocksize: BLOCK }).groupBy('k').agg(col('v').sum()))[0]).toMatch(/^aggregate: \d+ partial/);
  });

  test('fewer than 16 rows a group (1 M ids in 10 M rows): only when a partial holds every group, which the budget decides', () => {
    const df = estimated({ k: 1_000_000, n: 50 }, 10_000_000);
    const q = df.groupBy('k').agg(col('v').sum().alias('sum'), col('v').mean().alias('mean'));
    expect(manyGroupsOf(q)).toBeNull();
    expect(manyGroupsOf(q, 999_999)).toBeNull();
    expect(manyGroupsOf(q, 1_000_000)).toMatchObject({ key: 'k', groups: 1_000_000 });
    // 16 rows a group and more: whatever the partial holds (it shrinks the rows anyway)
    expect(manyGroupsOf(estimated({ k: 625_000 }, 10_000_000).groupBy('k').agg(col('v').sum()))).toMatchObject({ groups: 625_000 });
    // under 256 MB the scan keeps no dictionary of 1 M ids (its bound is ~262 k): each partial
    // interns its own copy, 64 + 32 bytes a group, ~350 k groups of its 32 MB — partitions as they are
    expect(stages(q)[0]).toMatch(/^aggregate: \d{2,} partial/);
    // under 1 GB the scan's dictionary holds them (its codes are the groups' ids): 40 bytes a
    // group, ~3.3 M of its 128 MB — one partition a worker
    expect(stages(q, 2, '1GB')[0]).toMatch(/^scan: 2 partition\(s\) of up to 0\.\d MB, batches of 262,144 rows \(key "k": ~1,000,000 values estimated from the sample\)$/);
    expect(stages(q, 2, '1GB')[1]).toMatch(/^aggregate: 2 partial\(s\)/);
  });

  test('what a partial takes a group: its keys\' ids and each state\'s arrays, or 200 bytes for states that keep values', () => {
    const spec = (fn: 'sum' | 'mean' | 'count' | 'min' | 'median', input: 'float64' | 'string' | null = 'float64') => ({ fn, input, ddof: 1 });
    // db-benchmark q3 on the scan's coded ids: a code's group and a group's code, sum's and mean's count and total
    expect(partialBytesPerGroup(['string'], [spec('sum'), spec('mean')], [true])).toBe(40);
    expect(partialBytesPerGroup(['string'], [spec('sum'), spec('mean')], [false])).toBe(96);
    // q5: an int key's hash slots and value, three sums
    expect(partialBytesPerGroup(['int64'], [spec('sum'), spec('sum'), spec('sum')], [false])).toBe(80);
    // two keys: their tuple and its slots too; a string's least value keeps the string
    expect(partialBytesPerGroup(['string', 'int64'], [spec('count'), spec('min', 'string')], [true, false])).toBe(24 + 8 + 32 + 8 + 64);
    expect(partialBytesPerGroup(['string'], [spec('sum'), spec('median')], [true])).toBe(PARTIAL_BYTES_PER_GROUP);
  });

  test('which keys the scan codes: string columns whose estimated values fit the dictionary it keeps', () => {
    const df = estimated({ k: 1_000_000, n: 50 }, 10_000_000);
    const keysOf = (q: DataFrame): [ReturnType<typeof optimize> & { kind: 'aggregate' }] => {
      const plan = optimize(q.plan);
      if (plan.kind !== 'aggregate') throw new Error(`expected an aggregate, got ${plan.kind}`);
      return [plan];
    };
    const [plan] = keysOf(df.groupBy('k', 'n').agg(col('v').sum()));
    // 1 M entries at 128 bytes: 128 MB a worker's share holds them, 64 MB does not; n is a number
    expect(codedKeys(plan.keys, plan.input, 128 << 20)).toEqual([true, false]);
    expect(codedKeys(plan.keys, plan.input, 64 << 20)).toEqual([false, false]);
    // an expression is not the scan's column
    const [upper] = keysOf(df.groupBy(col('k').str.upper()).agg(col('v').sum()));
    expect(codedKeys(upper.keys, upper.input, 1 << 30)).toEqual([false]);
  });

  test('the size: about one partition a worker, at most 256 MB, never below the scan\'s own', () => {
    const scan = { blocksize: 32 << 20 } as ScanNode;
    expect(aggregateBlocksize(scan, 300e6, 2)).toBe(Math.ceil((300e6 / 2) * 1.125));
    expect(aggregateBlocksize(scan, 489e6, 2)).toBe(256 << 20);
    // four files of about a quarter each: one partition each, not a partition and a sliver
    const files = [88251493, 88251503, 88251375, 88248862];
    const size = aggregateBlocksize(scan, files.reduce((a, b) => a + b, 0), 2);
    expect(files.every((f) => f <= size)).toBe(true);
    expect(aggregateBlocksize(scan, 4e9, 2)).toBe(256 << 20);
    expect(aggregateBlocksize(scan, 50e6, 2)).toBe(32 << 20);
    expect(aggregateBlocksize(scan, 489e6, 20)).toBe(32 << 20);
  });
});

describe('the batches a many-group aggregate\'s scan reads', () => {
  test('about twice the groups\' rows, a power of two, from the scan\'s own up to 256 k rows and the rows allowed', () => {
    expect(aggregateBatchRows(100_000, 32_768, Infinity)).toBe(262_144);
    expect(aggregateBatchRows(50_000, 32_768, Infinity)).toBe(131_072);
    expect(aggregateBatchRows(10_000, 32_768, Infinity)).toBe(32_768);
    expect(aggregateBatchRows(5_000_000, 32_768, Infinity)).toBe(262_144);
    // 123 k rows allowed (wide rows, or a small share of the budget)
    expect(aggregateBatchRows(100_000, 32_768, 123_000)).toBe(65_536);
    // never fewer than the scan's own
    expect(aggregateBatchRows(100_000, 32_768, 20_000)).toBe(32_768);
  });

  test('the plan gives the scan\'s partitions those batches; few groups keep the default', () => {
    const batches = (df: DataFrame, memoryLimit = '256MB'): number[] => buildOperatorGraph(optimize(df.plan), { memoryLimit }, { concurrency: 2 }, null).builder.graph.list()
      .flatMap((t) => t.args.map((a) => (a as { spec?: { scan?: ScanSpec | null } } | null)?.spec?.scan?.batchRows).filter((b): b is number => b !== undefined));
    const df = estimated({ k: 50_000, n: 50 }, 10_000_000);
    expect(batches(df.groupBy('k').agg(col('v').sum()))).toEqual([131_072, 131_072]);
    // 100 k groups under the default budget: the most, 256 k rows of k and v
    expect(batches(estimated({ k: 100_000, n: 50 }, 10_000_000).groupBy('k').agg(col('v').sum()), '512MB')).toEqual([262_144, 262_144]);
    // a 16 MB budget over two workers: 1 MB a batch, the default's 32 k rows
    expect(batches(df.groupBy('k').agg(col('v').sum()), '16MB')).toEqual([32_768, 32_768]);
    // partitions already as large as the input allows: the stages name the batches alone
    const whole = estimated({ k: 50_000, n: 50 }, 10_000_000, 32 << 20);
    expect(stages(whole.groupBy('k').agg(col('v').sum()))[0]).toBe('scan: batches of 131,072 rows (key "k": ~50,000 values estimated from the sample)');
    const few = batches(df.groupBy('n').agg(col('v').sum()));
    expect(few.length).toBeGreaterThan(2);
    expect(new Set(few)).toEqual(new Set([32_768]));
  });
});

describe('larger partitions give the same answer', () => {
  const executor = new InlineExecutor();
  test('compute(): every aggregate, first and last in file order', async () => {
    const many = await query(estimated({ k: 50_000 }, 10_000_000)).sort('k').compute({ executor });
    const plain = await query(readCsvAnyBlocksize(path, { blocksize: BLOCK })).sort('k').compute({ executor });
    expect(stages(query(estimated({ k: 50_000 }, 10_000_000)))[0]).toMatch(/^scan: 2 partition/);
    expect(many.numRows).toBe(3001);
    const a = many.toRows();
    const b = plain.toRows();
    a.forEach((r, i) => {
      const { sum, mean, ...exact } = r;
      const { sum: sum2, mean: mean2, ...exact2 } = b[i];
      expect(exact).toEqual(exact2);
      expect(sum as number).toBeCloseTo(sum2 as number, 6);
      expect(mean as number).toBeCloseTo(mean2 as number, 9);
    });
  });

  test('compute(): fewer than 16 rows a group, partials that hold every group (a 1 GB budget)', async () => {
    const df = query(estimated({ k: 1_000_000 }, 10_000_000));
    expect(stages(df, 1, '1GB')[0]).toMatch(/^scan: 1 partition/);
    const many = await df.sort('k').compute({ executor, memoryLimit: '1GB' });
    const plain = await query(readCsvAnyBlocksize(path, { blocksize: BLOCK })).sort('k').compute({ executor });
    expect(many.numRows).toBe(3001);
    const b = plain.toRows();
    many.toRows().forEach((r, i) => {
      const { sum, mean, ...exact } = r;
      const { sum: sum2, mean: mean2, ...exact2 } = b[i];
      expect(exact).toEqual(exact2);
      expect(sum as number).toBeCloseTo(sum2 as number, 6);
      expect(mean as number).toBeCloseTo(mean2 as number, 9);
    });
  });

  test('written to files, a result the sample says is small (≤ an eighth of the budget) is merged on the driver; a larger one goes by key ranges', () => {
    const writeStages = (df: DataFrame, memoryLimit: number): string => buildOperatorGraph(optimize(df.plan), { memoryLimit }, { concurrency: 2 }, null,
      (fields) => ({ kind: 'collect', fields, limit: null }) as Sink).builder.stages.join('\n');
    const df = query(estimated({ k: 50_000 }, 10_000_000));
    const plan = optimize(df.plan);
    if (plan.kind !== 'aggregate') throw new Error(`expected an aggregate, got ${plan.kind}`);
    // the groups the sample's key tuples estimate over 10 M rows, at 200 bytes a group
    const edge = estimatedGroups(plan.keys, plan.input)!.groups * PARTIAL_BYTES_PER_GROUP * 8;
    expect(edge).toBeGreaterThan(4 * 2 ** 20); // so a 4 MB budget (the next test) goes by key ranges
    expect(writeStages(df, edge)).toMatch(/reduce task\(s\) → merge by key$/m);
    expect(writeStages(df, edge - 1)).toMatch(/reduce task\(s\), each a sorted run → range exchange into/);
  });

  test('writeCsv: key ranges in order, each run cut into segments for its ranges', async () => {
    const out = join(dir, 'out');
    const df = query(estimated({ k: 50_000 }, 10_000_000));
    // ~3 k groups at 200 bytes a group are more than an eighth of 4 MB: ranges, not a merge on the driver
    const written = await df.writeCsv(out, { executor, memoryLimit: '4MB' });
    expect(written.rows).toBe(3001);
    const lines = readdirSync(out).sort().flatMap((f) => readFileSync(join(out, f), 'utf8').trim().split('\n').slice(1)).filter((l) => l !== '');
    const computed = (await df.sort('k').compute({ executor })).toRows();
    // nulls last in both
    expect(lines.map((l) => l.split(',')[0])).toEqual(computed.map((r) => (r.k === null ? '' : String(r.k))));
    expect(lines.map((l) => l.split(',').slice(3).join(','))).toEqual(computed.map((r) => [r.min, r.max, r.count, r.first, r.last].join(',')));
  });
});

// 20 k rows: a, b (independent, 300 values each: ~20 k of 90 k pairs, about a group a row),
// id and name (one customer, 2 k of them), v (float, some empty = null)
const pairs = join(dir, 'pairs.csv');
const rng2 = new Rng(43);
writeFileSync(pairs, `a,b,id,name,v\n${Array.from({ length: 20_000 }, () => {
  const c = rng2.int(1, 2000);
  return `${rng2.chance(0.02) ? '' : `a${rng2.int(1, 300)}`},${rng2.int(1, 300)},${c},n${c},${rng2.chance(0.05) ? '' : (rng2.int(-10000, 10000) / 100).toFixed(2)}`;
}).join('\n')}\n`);

/** The pairs file in 16 KiB partitions; `hashed`: without the sample's row hashes (the plan cannot tell: partials, as before). */
function pairsFrame(hashed = false): DataFrame {
  const scan = readCsvAnyBlocksize(pairs, { blocksize: 16 * 1024 }).plan as ScanNode;
  if (!hashed) return new DataFrame(scan);
  const { rowHashes: _, ...source } = scan.source as CsvSource;
  return new DataFrame({ ...scan, source });
}

const pairQuery = (df: DataFrame, keepNullKeys = true): DataFrame => df.groupBy(['a', col('b').alias('bb')]).withOptions({ keepNullKeys }).agg(
  col('v').sum().alias('sum'), col('v').median().alias('median'), col('v').first().alias('first'), col('v').last().alias('last'),
  col('*').count().alias('n'), col('id').nUnique().alias('ids'));

describe('which aggregates are grouped by sorting their rows (about as many groups as rows)', () => {
  test('independent keys of about a group a row: yes, with the estimate in the stages; a customer\'s id and name: no', () => {
    const plan = optimize(pairQuery(pairsFrame()).plan);
    if (plan.kind !== 'aggregate') throw new Error(plan.kind);
    const near = groupsNearRows(plan.keys, plan.input);
    expect(Math.abs(near!.rows - 20_000)).toBeLessThan(200);
    expect(near!.groups).toBeGreaterThan(20_000 / 4);
    const s = stages(pairQuery(pairsFrame()));
    expect(s.some((x) => /^sort: \d+ sorted run\(s\) → range exchange/.test(x))).toBe(true);
    expect(s.find((x) => x.startsWith('aggregate:'))).toMatch(/^aggregate: each key range grouped in key order as it is merged \(~[\d,]+ groups in ~[\d,]+ rows, estimated from the sample: no partials\)$/);
    const customers = optimize(pairsFrame().groupBy(['id', 'name']).agg(col('v').sum()).plan);
    if (customers.kind !== 'aggregate') throw new Error(customers.kind);
    expect(groupsNearRows(customers.keys, customers.input)).toBeNull();
    expect(stages(pairsFrame().groupBy(['id', 'name']).agg(col('v').sum())).some((x) => /^aggregate: \d+ partial/.test(x))).toBe(true);
    // a computed key is not estimated
    const computed = optimize(pairsFrame().groupBy([col('a').str.upper(), 'b']).agg(col('v').sum()).plan);
    if (computed.kind !== 'aggregate') throw new Error(computed.kind);
    expect(groupsNearRows(computed.keys, computed.input)).toBeNull();
  });

  test.each([
    ['256MB', true], ['256MB', false], ['64KB', true],
  ])('the same answer as partials: compute() and writeCsv, memory limit %s (small: every run spills), null keys kept %s', async (memoryLimit, keepNullKeys) => {
    const executor = new InlineExecutor();
    const want = (await pairQuery(pairsFrame(true), keepNullKeys).compute({ executor, memoryLimit })).toRows();
    expect(stages(pairQuery(pairsFrame(true), keepNullKeys)).some((x) => /^aggregate: \d+ partial/.test(x))).toBe(true);
    const got = (await pairQuery(pairsFrame(), keepNullKeys).compute({ executor, memoryLimit })).toRows();
    expect(got.length).toBeGreaterThan(15_000);
    // float sums taken in another order differ in their last bits
    const rounded = (rs: typeof want) => rs.map((r) => ({ ...r, sum: r.sum === null ? null : Number((r.sum as number).toFixed(6)) }));
    expect(rounded(got)).toEqual(rounded(want));
    const out = join(dir, `pairs-out-${memoryLimit}-${keepNullKeys}`);
    const written = await pairQuery(pairsFrame(), keepNullKeys).writeCsv(out, { executor, memoryLimit });
    expect(written.rows).toBe(want.length);
    const lines = readdirSync(out).sort().flatMap((f) => readFileSync(join(out, f), 'utf8').split('\n').slice(1)).filter((l) => l !== '');
    expect(lines.map((l) => l.split(',').slice(0, 2).join(','))).toEqual(want.map((r) => `${r.a ?? ''},${r.bb}`));
    expect(lines.map((l) => l.split(',').slice(6).join(','))).toEqual(want.map((r) => `${r.n},${r.ids}`));
  });
});
