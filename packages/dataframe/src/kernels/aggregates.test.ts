import { describe, expect, test } from 'vitest';
import { serialize, deserialize } from 'node:v8';
import type { AggCall } from '../physical/pipeline-spec.js';
import type { AggFn } from '../plan/expr-node.js';
import { cells, strs } from '../testing/run-reduction.js';
import { aggOutputType, createState, estimatedBytes, finalize, merge, update, type AggSpec, type AggState } from './aggregates.js';
import type { Batch } from './batch.js';
import type { Column } from './column.js';
import { REDUCTIONS } from './reductions/index.js';

const f64 = (xs: (number | null)[]): Column => ({
  dtype: 'float64',
  length: xs.length,
  values: Float64Array.from(xs, (x) => x ?? 0),
  valid: xs.includes(null) ? Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) : null,
});
const i64 = (xs: number[]): Column => ({ dtype: 'int64', length: xs.length, values: Float64Array.from(xs), valid: null });
const gids = (xs: number[]) => Int32Array.from(xs);

/** Folds one column as the call's only input (a batch holding just that column, named x). */
function updateCol(s: AggState, spec: AggSpec, g: Int32Array, col: Column | null, n: number, ngroups: number): void {
  const call: AggCall = { ...spec, arg: col ? { kind: 'col', name: 'x' } : null };
  update(s, call, g, { length: n, columns: new Map(col ? [['x', col]] : []) }, n, ngroups);
}

function run(spec: AggSpec, col: Column | null, g: number[], ngroups: number): Column {
  const s = createState(spec);
  updateCol(s, spec, gids(g), col, g.length, ngroups);
  return finalize(s, spec, ngroups, 'x');
}

describe('aggregates', () => {
  test('sum skips nulls; an all-null group sums to 0 and has a null mean', () => {
    const col = f64([1, null, 2.5, null]);
    expect([...run({ fn: 'sum', input: 'float64', ddof: 1 }, col, [0, 0, 0, 1], 2).values]).toEqual([3.5, 0]);
    const mean = run({ fn: 'mean', input: 'float64', ddof: 1 }, col, [0, 0, 0, 1], 2);
    expect(mean.values[0]).toBe(1.75);
    expect(Array.from(mean.valid!)).toEqual([1, 0]);
  });

  test('count counts non-null values, size counts rows', () => {
    const col = f64([1, null, null, 4]);
    expect([...run({ fn: 'count', input: 'float64', ddof: 1 }, col, [0, 0, 1, 1], 2).values]).toEqual([1, 1]);
    expect([...run({ fn: 'size', input: null, ddof: 0 }, null, [0, 0, 1, 1], 2).values]).toEqual([2, 2]);
  });

  test('integer sums stay exact beyond 2^53', () => {
    const big = 2 ** 50;
    const xs = Array.from({ length: 64 }, (_, i) => big + i); // total ≈ 2^56: a double would round
    const out = run({ fn: 'sum', input: 'int64', ddof: 1 }, i64(xs), xs.map(() => 0), 1);
    const exact = xs.reduce((a, x) => a + BigInt(x), 0n);
    expect(out.values).toBeInstanceOf(BigInt64Array);
    expect(out.values[0]).toBe(exact);
  });

  test('variance merged from partials equals the variance of all rows (Chan), ddof 1', () => {
    const xs = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16, 1e9 + 1, 1e9 + 2];
    const spec: AggSpec = { fn: 'var', input: 'float64', ddof: 1 };
    const a = createState(spec);
    const b = createState(spec);
    updateCol(a, spec, gids([0, 0, 0]), f64(xs.slice(0, 3)), 3, 1);
    updateCol(b, spec, gids([0, 0, 0]), f64(xs.slice(3)), 3, 1);
    merge(a, spec, b, gids([0]), 1, 1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const want = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
    expect(finalize(a, spec, 1, 'x').values[0]).toBeCloseTo(want, 6);
  });

  test('integer partial sums merged from 8 partitions (7 of 4 rows, 1 of 3) stay exact past 2^53', () => {
    // 31 × 999999999999999: each partial fits a double; their running total in a double would
    // end at …968 (the merge must move it to the exact part before it reaches 2^53)
    const spec: AggSpec = { fn: 'sum', input: 'int64', ddof: 1 };
    const v = 999999999999999;
    const total = createState(spec);
    for (const n of [4, 4, 4, 4, 4, 4, 4, 3]) {
      const part = createState(spec);
      updateCol(part, spec, gids(Array(n).fill(0)), i64(Array(n).fill(v)), n, 1);
      merge(total, spec, part, gids([0]), 1, 1);
    }
    const out = finalize(total, spec, 1, 'x');
    expect(out.values).toBeInstanceOf(BigInt64Array);
    expect(out.values[0]).toBe(30999999999999969n);
  });

  test('variance merged from partials of unequal sizes equals the variance of all rows (Chan)', () => {
    const xs = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16, 1e9 + 1, 1e9 + 2, 1e9 + 30, 1e9 - 5];
    for (const spec of [{ fn: 'var', input: 'float64', ddof: 1 }, { fn: 'var', input: 'float64', ddof: 0 }] as AggSpec[]) {
      const total = createState(spec);
      let at = 0;
      for (const n of [2, 5, 1]) {
        const part = createState(spec);
        updateCol(part, spec, gids(Array(n).fill(0)), f64(xs.slice(at, at + n)), n, 1);
        merge(total, spec, part, gids([0]), 1, 1);
        at += n;
      }
      const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
      const want = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - spec.ddof);
      expect(finalize(total, spec, 1, 'x').values[0]).toBeCloseTo(want, 6);
    }
  });

  test('the mean merged from partials of unequal sizes weighs each by its count', () => {
    const spec: AggSpec = { fn: 'mean', input: 'float64', ddof: 1 };
    const a = createState(spec);
    const b = createState(spec);
    updateCol(a, spec, gids([0]), f64([10]), 1, 1);
    updateCol(b, spec, gids([0, 0, 0]), f64([1, 2, 3]), 3, 1);
    merge(a, spec, b, gids([0]), 1, 1);
    expect(finalize(a, spec, 1, 'x').values[0]).toBe(4);
  });

  test('std of a single value is null (ddof 1)', () => {
    const out = run({ fn: 'std', input: 'float64', ddof: 1 }, f64([5]), [0], 1);
    expect(Array.from(out.valid!)).toEqual([0]);
  });

  test('min and max of strings', () => {
    const col: Column = { dtype: 'string', length: 3, values: Int32Array.from([0, 1, 2]), valid: null, dict: ['pear', 'apple', 'zebra'] };
    const mn = run({ fn: 'min', input: 'string', ddof: 1 }, col, [0, 0, 0], 1);
    const mx = run({ fn: 'max', input: 'string', ddof: 1 }, col, [0, 0, 0], 1);
    expect(mn.dict![mn.values[0] as number]).toBe('apple');
    expect(mx.dict![mx.values[0] as number]).toBe('zebra');
  });

  test('rows with group id -1 are ignored', () => {
    expect([...run({ fn: 'sum', input: 'int64', ddof: 1 }, i64([5, 7, 9]), [0, -1, 0], 1).values]).toEqual([14]);
  });
});

const batchOf = (cols: Record<string, Column>): Batch => {
  const entries = Object.entries(cols);
  return { length: entries[0][1].length, columns: new Map(entries) };
};
const a = { kind: 'col', name: 'a' } as const;
const b = { kind: 'col', name: 'b' } as const;

describe('aggregates (dispatch over the reductions registry)', () => {
  test('every AggFn has a reduction registered under its own name', () => {
    for (const [fn, r] of Object.entries(REDUCTIONS)) expect(r.fn).toBe(fn);
  });

  test('update evaluates the call inputs over the batch, both of them for corr', () => {
    const call: AggCall = { fn: 'corr', arg: a, arg2: { kind: 'binary', op: 'mul', left: b, right: { kind: 'lit', value: -1, dtype: 'int64' } }, input: 'float64', input2: 'float64', ddof: 1 };
    const s = createState(call);
    update(s, call, Int32Array.from([0, 0, 0]), batchOf({ a: f64([1, 2, 3]), b: f64([1, 2, 4]) }), 3, 1);
    expect(finalize(s, call, 1, 'a').values[0]).toBeCloseTo(-0.9819805060619657, 12);
  });

  test('size needs no input; rows with group id -1 are ignored', () => {
    const call: AggCall = { fn: 'size', arg: null, input: null, ddof: 0 };
    const s = createState(call);
    update(s, call, Int32Array.from([0, -1, 1]), batchOf({ a: f64([1, 2, 3]) }), 3, 2);
    expect(cells(finalize(s, call, 2, '*'))).toEqual([1, 1]);
  });

  test('output types', () => {
    const t = (fn: AggFn, input: 'int64' | 'float64' | 'string') => aggOutputType({ fn, input, ddof: 1 });
    expect([t('sum', 'int64'), t('sum', 'float64'), t('mean', 'int64'), t('count', 'string'), t('min', 'string')]).toEqual(['int64', 'float64', 'float64', 'int64', 'string']);
    expect([t('nUnique', 'string'), t('median', 'int64'), t('quantile', 'int64'), t('first', 'string'), t('last', 'int64'), t('corr', 'int64')]).toEqual(['int64', 'float64', 'float64', 'string', 'int64', 'float64']);
  });

  test('every state survives structured clone and v8.serialize (threads and spill), and merges after it', () => {
    const rows = batchOf({ a: f64([3, 1, null, 2]), b: f64([1, 2, 3, 5]), s: strs(['x', 'y', 'x', null]) });
    const gids = Int32Array.from([0, 1, 0, 1]);
    for (const fn of Object.keys(REDUCTIONS) as AggFn[]) {
      const arg = fn === 'nUnique' || fn === 'first' || fn === 'count' || fn === 'stringAgg' ? { kind: 'col', name: 's' } as const : a;
      const call: AggCall = { fn, arg, input: arg.name === 's' ? 'string' : 'float64', ddof: 1, ...(fn === 'corr' && { arg2: b, input2: 'float64' }), ...(fn === 'quantile' && { q: 0.25 }) };
      const direct = createState(call);
      update(direct, call, gids, rows, 4, 2);
      const part = createState(call);
      update(part, call, gids, rows, 4, 2);
      const total = createState(call);
      merge(total, call, deserialize(serialize(structuredClone(part))) as object, Int32Array.from([0, 1]), 2, 2);
      expect({ fn, cells: cells(finalize(total, call, 2, 'a')) }).toEqual({ fn, cells: cells(finalize(direct, call, 2, 'a')) });
      expect(estimatedBytes(total, call, 2)).toBeGreaterThan(0);
    }
  });
});
