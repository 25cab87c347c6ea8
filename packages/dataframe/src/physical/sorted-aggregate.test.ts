/**
 * Grouping rows that arrive sorted by key (sorted-aggregate.ts) gives what the hash aggregate
 * gives (aggregate-sink.ts, then finalize with the keys sorted): the same groups — null keys one
 * value or dropped, NaN one value, -0 the group 0 and written 0, equal strings under different
 * codes of one dictionary one group, a group cut across batches one group — and the same
 * aggregates, first/last and median among them, and outputs that use a key.
 */
import { describe, expect, test } from 'vitest';
import type { Batch } from '../kernels/batch.js';
import type { Column } from '../kernels/column.js';
import { sortPermutation, takeColumn } from '../kernels/sort.js';
import { col, fromRows } from '../index.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { schemaOf } from '../plan/resolve.js';
import { mulberry32 } from '../testing/random-csv.js';
import type { Field } from '../types/dtype.js';
import { finalizeAggregate } from './finalize.js';
import { splitAggregate } from './lower.js';
import type { PartialAggregate } from './pipeline-spec.js';
import { aggregateSink } from './sinks/aggregate-sink.js';
import { SortedAggregator } from './sorted-aggregate.js';

type Cell = string | number | null;
const N = 400;

/** Rows with a string key s (nulls), a float key x (nulls, NaN, -0 and 0), an int value v (nulls). */
function rows(seed: number): Record<string, Cell>[] {
  const rnd = mulberry32(seed);
  const floats = [0, -0, 1.5, Number.NaN, -2, null];
  return Array.from({ length: N }, () => ({
    s: rnd() < 0.1 ? null : `s${Math.floor(rnd() * 6)}`,
    x: floats[Math.floor(rnd() * floats.length)],
    v: rnd() < 0.1 ? null : Math.floor(rnd() * 100) - 50,
  }));
}

const fields: Field[] = [{ name: 's', dtype: 'string' }, { name: 'x', dtype: 'float64' }, { name: 'v', dtype: 'int64' }];

/** The rows as one batch; the string column's dictionary holds every string twice (as a merge of two runs' dictionaries does). */
function batchOf(rs: readonly Record<string, Cell>[]): Batch {
  const n = rs.length;
  const dict = ['s0', 's1', 's2', 's3', 's4', 's5', 's0', 's1', 's2', 's3', 's4', 's5'];
  const codes = new Int32Array(n);
  const sValid = new Uint8Array(n);
  const x = new Float64Array(n);
  const xValid = new Uint8Array(n);
  const v = new Float64Array(n);
  const vValid = new Uint8Array(n);
  rs.forEach((r, i) => {
    if (r.s !== null) { codes[i] = Number((r.s as string).slice(1)) + (i % 2) * 6; sValid[i] = 1; }
    if (r.x !== null) { x[i] = r.x as number; xValid[i] = 1; }
    if (r.v !== null) { v[i] = r.v as number; vValid[i] = 1; }
  });
  return {
    length: n,
    columns: new Map<string, Column>([
      ['s', { dtype: 'string', length: n, values: codes, valid: sValid, dict }],
      ['x', { dtype: 'float64', length: n, values: x, valid: xValid }],
      ['v', { dtype: 'int64', length: n, values: v, valid: vValid }],
    ]),
  };
}

function slice(b: Batch, lo: number, hi: number): Batch {
  const perm = Int32Array.from({ length: hi - lo }, (_, i) => lo + i);
  return { length: hi - lo, columns: new Map([...b.columns].map(([k, c]) => [k, takeColumn(c, perm)])) };
}

const keyed = (keepNullKeys: boolean) => fromRows([{ s: 'a', x: 1, v: 1 }]).groupBy(['s', 'x']).withOptions({ keepNullKeys }).agg(
  col('v').sum().alias('sum'), col('v').mean().alias('mean'), col('v').first().alias('first'), col('v').last().alias('last'),
  col('v').median().alias('median'), col('v').nUnique().alias('distinct'), col('*').count().alias('n'), col('v').max().add(col('x')).alias('max_plus_x'));

describe('grouping sorted rows', () => {
  test.each([
    [1, true, 1, undefined], [2, false, 1, undefined], [3, true, 7, undefined], [4, false, 13, undefined], [5, true, N, undefined],
    [6, true, 7, 1], [7, false, 13, 2], [8, true, 1, 3], [9, false, N, 1],
  ])('seed %i, null keys kept %s, batches of %i rows, complete groups emitted past %s: the hash aggregate\'s groups and values', (seed, keepNullKeys, batchRows, flushGroups) => {
    const plan = keyed(keepNullKeys).plan as Extract<LogicalPlan, { kind: 'aggregate' }>;
    const final = splitAggregate(plan, fields);
    const all = batchOf(rows(seed));
    // the oracle: one hash aggregate over the rows as they are, keys sorted at the end
    const sink = aggregateSink({ kind: 'aggregate', keys: plan.keys, keyTypes: final.keyFields.map((f) => f.dtype), calls: final.calls, keepNullKeys }, 0);
    sink.push(all);
    const want = finalizeAggregate(final, sink.finish() as PartialAggregate, true).toRows();
    // the rows sorted by the keys (stably: file order within a key), fed in batches
    const perm = sortPermutation([all.columns.get('s')!, all.columns.get('x')!], [false, false]);
    const sorted = slice({ length: N, columns: new Map([...all.columns].map(([k, c]) => [k, takeColumn(c, perm)])) }, 0, N);
    const groups = new SortedAggregator({ keys: plan.keys, final }, flushGroups);
    const got: Record<string, unknown>[] = [];
    let emits = 0;
    const emit = (fs: readonly Field[], cols: Column[], n: number): boolean => {
      emits++;
      for (let i = 0; i < n; i++) got.push(Object.fromEntries(fs.map((f, k) => [f.name, cell(cols[k], i)])));
      return true;
    };
    for (let lo = 0; lo < N; lo += batchRows) expect(groups.push(slice(sorted, lo, Math.min(N, lo + batchRows)), emit)).toBe(true);
    const beforeFinish = got.length;
    groups.finish(emit);
    // emitted as they completed when flushGroups is set (all but the open group of the last batch)
    if (flushGroups !== undefined && batchRows < N) expect(beforeFinish).toBeGreaterThan(0);
    if (flushGroups === undefined) expect(beforeFinish).toBe(0);
    expect(emits).toBeGreaterThan(0);
    expect(schemaOf(plan).map((f) => f.name)).toEqual(Object.keys(want[0]));
    expect(got).toEqual(want);
    // -0 is the group 0, written 0; NaN and null are groups of their own
    const xs = got.map((r) => r.x);
    expect(xs.some((x) => Object.is(x, -0))).toBe(false);
    expect(xs.filter((x) => Number.isNaN(x)).length).toBeGreaterThan(0);
    expect(got.filter((r) => r.s === null).length > 0).toBe(keepNullKeys);
  });

  test('an emit that wants no more stops the pushes', () => {
    const plan = keyed(true).plan as Extract<LogicalPlan, { kind: 'aggregate' }>;
    const all = batchOf(rows(10));
    const perm = sortPermutation([all.columns.get('s')!, all.columns.get('x')!], [false, false]);
    const sorted = slice({ length: N, columns: new Map([...all.columns].map(([k, c]) => [k, takeColumn(c, perm)])) }, 0, N);
    const groups = new SortedAggregator({ keys: plan.keys, final: splitAggregate(plan, fields) }, 2);
    let rowsEmitted = 0;
    const answers: boolean[] = [];
    for (let lo = 0; lo < N; lo += 50) answers.push(groups.push(slice(sorted, lo, Math.min(N, lo + 50)), (_f, _c, n) => { rowsEmitted += n; return false; }));
    expect(answers[0]).toBe(false);
    expect(rowsEmitted).toBeGreaterThan(0);
  });

  test('an int64 key whose batch of doubles is followed by one of bigints (past 2^53): the key across them is one group', () => {
    const plan = fromRows([{ k: 1, v: 1 }]).groupBy('k').agg(col('v').sum().alias('sum'), col('*').count().alias('n')).plan as Extract<LogicalPlan, { kind: 'aggregate' }>;
    const kf: Field[] = [{ name: 'k', dtype: 'int64' }, { name: 'v', dtype: 'int64' }];
    const groups = new SortedAggregator({ keys: plan.keys, final: splitAggregate(plan, kf) });
    const batch = (k: Column, v: number[]): Batch => ({ length: v.length, columns: new Map<string, Column>([['k', k], ['v', { dtype: 'int64', length: v.length, values: Float64Array.from(v), valid: null }]]) });
    const got: unknown[][] = [];
    const emit = (_f: readonly Field[], cols: Column[], n: number): boolean => { for (let i = 0; i < n; i++) got.push(cols.map((c) => cell(c, i))); return true; };
    groups.push(batch({ dtype: 'int64', length: 3, values: Float64Array.of(5, 7, 7), valid: null }, [1, 2, 3]), emit);
    groups.push(batch({ dtype: 'int64', length: 3, values: BigInt64Array.of(7n, 2n ** 60n, 2n ** 60n), valid: null }, [4, 5, 6]), emit);
    groups.finish(emit);
    // 7 as a double and 7n as a bigint are one key (column.ts sameValue, as valueAt's numbers were)
    expect(got).toEqual([[5, 1, 1], [7, 9, 3], [2 ** 60, 11, 2]]);
  });

  test('no rows: no groups', () => {
    const plan = keyed(true).plan as Extract<LogicalPlan, { kind: 'aggregate' }>;
    const groups = new SortedAggregator({ keys: plan.keys, final: splitAggregate(plan, fields) });
    let emitted = 0;
    groups.finish(() => { emitted++; return true; });
    expect(emitted).toBe(0);
  });
});

/** A cell as toRows gives it (numbers; strings by dictionary; null). */
function cell(c: Column, i: number): unknown {
  if (c.valid !== null && c.valid[i] === 0) return null;
  if (c.dtype === 'string') return c.dict![c.values[i] as number];
  const v = c.values[i];
  return typeof v === 'bigint' ? Number(v) : v;
}
