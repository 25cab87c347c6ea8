import { describe, expect, it } from 'vitest';
import type { WindowCall } from '../plan/logical-plan.js';
import type { DType, Field } from '../types/dtype.js';
import { valueAt, type Column } from './column.js';
import { computeWindow, type WindowSpec } from './window.js';

function numbers(dtype: DType, xs: (number | null)[]): Column {
  const values = dtype === 'date' ? new Int32Array(xs.length) : dtype === 'bool' ? new Uint8Array(xs.length) : new Float64Array(xs.length);
  xs.forEach((x, i) => { values[i] = x ?? 0; });
  return { dtype, length: xs.length, values, valid: xs.some((x) => x === null) ? Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) : null };
}

function strings(xs: (string | null)[]): Column {
  const dict = [...new Set(xs.filter((x): x is string => x !== null))];
  return { dtype: 'string', length: xs.length, values: Int32Array.from(xs, (x) => (x === null ? 0 : dict.indexOf(x))), valid: xs.some((x) => x === null) ? Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) : null, dict };
}

type Spec = { partitionBy: string[]; orderBy: WindowCall['orderBy']; nullsLast: boolean; calls: Call[]; types?: DType[] };
type Call = Omit<WindowCall, 'orderBy' | 'nullsLast'> & Partial<Pick<WindowCall, 'orderBy' | 'nullsLast'>>;

/** The window's columns, as rows of plain values, in the kernel's output order (calls ordered by `orderBy` unless they say). */
function run(columns: Record<string, Column>, spec: Spec): Record<string, unknown>[] {
  const fields: Field[] = Object.entries(columns).map(([name, c]) => ({ name, dtype: c.dtype }));
  const types = spec.types ?? spec.calls.map(() => 'int64' as DType);
  const n = Object.values(columns)[0].length;
  const calls = spec.calls.map((c): WindowCall => ({ ...c, orderBy: c.orderBy ?? spec.orderBy, nullsLast: c.nullsLast ?? spec.nullsLast }));
  const window: WindowSpec = { partitionBy: spec.partitionBy, calls, types };
  const out = computeWindow(window, fields, new Map(Object.entries(columns)), n);
  const names = [...fields.map((f) => f.name), ...spec.calls.map((c) => c.name)];
  return Array.from({ length: n }, (_, i) => Object.fromEntries(names.map((name, k) => [name, valueAt(out[k], i)])));
}

const call = (name: string, fn: WindowCall['fn'], extra: Partial<WindowCall> = {}): Call => ({ name, fn, arg: null, frame: null, ...extra });

describe('window kernel', () => {
  it('ranks peers alike: rank, rankMax, rankAverage, denseRank, percentRank, cumeDist, rowNumber', () => {
    const rows = run({ k: numbers('int64', [1, 1, 1, 1, 2]), t: numbers('int64', [5, 3, 5, 7, 1]) }, {
      partitionBy: ['k'], orderBy: [{ name: 't', descending: false }], nullsLast: true,
      calls: [call('rn', 'rowNumber'), call('r', 'rank'), call('rx', 'rankMax'), call('ra', 'rankAverage'), call('dr', 'denseRank'), call('pr', 'percentRank'), call('cd', 'cumeDist')],
      types: ['int64', 'int64', 'int64', 'float64', 'int64', 'float64', 'float64'],
    });
    // the rows keep their order; of two peers (t = 5) the first is numbered first
    expect(rows.map((r) => [r.t, r.rn, r.r, r.rx, r.ra, r.dr, r.pr, r.cd])).toEqual([
      [5, 2, 2, 3, 2.5, 2, 1 / 3, 0.75],
      [3, 1, 1, 1, 1, 1, 0, 0.25],
      [5, 3, 2, 3, 2.5, 2, 1 / 3, 0.75],
      [7, 4, 4, 4, 4, 3, 1, 1],
      [1, 1, 1, 1, 1, 1, 0, 1], // a partition of one row: percentRank 0
    ]);
  });

  it('ntile gives the first size % n buckets one row more, and one row a bucket when there are fewer rows', () => {
    const ids = Array.from({ length: 10 }, (_, i) => i);
    const tiles = (n: number, rows: number): unknown[] => run({ i: numbers('int64', ids.slice(0, rows)) }, { partitionBy: [], orderBy: [{ name: 'i', descending: false }], nullsLast: true, calls: [call('t', 'ntile', { n })] }).map((r) => r.t);
    expect(tiles(4, 10)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 4, 4]);
    expect(tiles(3, 9)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(tiles(5, 3)).toEqual([1, 2, 3]);
  });

  it('lag and lead stay inside the partition, with a fill for strings, numbers and dates', () => {
    const rows = run({ k: strings(['a', 'b', 'a', 'a']), s: strings(['x', 'y', null, 'z']), d: numbers('date', [10, 20, 30, 40]) }, {
      partitionBy: ['k'], orderBy: [], nullsLast: true,
      calls: [
        call('lag', 'lag', { arg: 's', n: 1, fill: { value: 'none', dtype: 'string' } }),
        call('lead2', 'lead', { arg: 'd', n: 2 }),
        call('lead1', 'lead', { arg: 'd', n: 1, fill: { value: -1, dtype: 'int64' } }),
      ],
      types: ['string', 'date', 'date'],
    });
    // without an order, a partition's rows are in their input order
    expect(rows.map((r) => [r.k, r.s, r.lag, r.lead2, r.lead1])).toEqual([
      ['a', 'x', 'none', 40, 30],
      ['b', 'y', 'none', null, -1],
      ['a', null, 'x', null, 40],
      ['a', 'z', null, null, -1],
    ]);
  });

  it('sliding sums, means, counts, mins and maxes over ROWS frames, empty frames and nulls', () => {
    const v = numbers('float64', [4, null, 1, 8, 2, 6]);
    const frame = (start: number | null, end: number | null) => ({ unit: 'rows' as const, start, end });
    const rows = run({ i: numbers('int64', [0, 1, 2, 3, 4, 5]), v }, {
      partitionBy: [], orderBy: [{ name: 'i', descending: false }], nullsLast: true,
      calls: [
        call('s', 'sum', { arg: 'v', frame: frame(-1, 1) }),
        call('m', 'mean', { arg: 'v', frame: frame(-2, 0) }),
        call('c', 'count', { arg: 'v', frame: frame(null, 0) }),
        call('n', 'size', { frame: frame(1, 2) }),
        call('lo', 'min', { arg: 'v', frame: frame(-2, 0) }),
        call('hi', 'max', { arg: 'v', frame: frame(0, 2) }),
        call('ahead', 'sum', { arg: 'v', frame: frame(2, 3) }),
        call('f', 'firstValue', { arg: 'v', frame: frame(-1, 0) }),
        call('nth', 'nthValue', { arg: 'v', frame: frame(null, 0), n: 3 }),
      ],
      types: ['float64', 'float64', 'int64', 'int64', 'float64', 'float64', 'float64', 'float64', 'float64'],
    });
    expect(rows.map((r) => r.s)).toEqual([4, 5, 9, 11, 16, 8]);
    expect(rows.map((r) => r.m)).toEqual([4, 4, 2.5, 4.5, 11 / 3, 16 / 3]);
    expect(rows.map((r) => r.c)).toEqual([1, 1, 2, 3, 4, 5]);
    expect(rows.map((r) => r.n)).toEqual([2, 2, 2, 2, 1, 0]);
    expect(rows.map((r) => r.lo)).toEqual([4, 4, 1, 1, 1, 2]);
    expect(rows.map((r) => r.hi)).toEqual([4, 8, 8, 8, 6, 6]);
    expect(rows.map((r) => r.ahead)).toEqual([9, 10, 8, 6, null, null]);
    expect(rows.map((r) => r.f)).toEqual([4, 4, null, 1, 8, 2]);
    expect(rows.map((r) => r.nth)).toEqual([null, null, 1, 1, 1, 1]);
  });

  it('calls of other orders in one bucket: each computed in its order, the rows in theirs', () => {
    const rows = run({ k: numbers('int64', [1, 2, 1, 1, 2]), t: numbers('int64', [3, 1, 1, 2, 2]), v: numbers('int64', [30, 5, 10, 20, 7]) }, {
      partitionBy: ['k'], orderBy: [{ name: 't', descending: false }], nullsLast: true,
      calls: [
        call('rn', 'rowNumber'),
        call('down', 'rowNumber', { orderBy: [{ name: 'v', descending: true }] }),
        call('prev', 'lag', { arg: 't', n: 1, orderBy: [{ name: 'v', descending: true }] }),
        call('run', 'sum', { arg: 'v', frame: { unit: 'rows', start: null, end: 0 } }),
      ],
    });
    expect(rows.map((r) => [r.k, r.t, r.v, r.rn, r.down, r.prev, r.run])).toEqual([
      [1, 3, 30, 3, 1, null, 60],
      [2, 1, 5, 1, 2, 2, 5],
      [1, 1, 10, 1, 3, 2, 10],
      [1, 2, 20, 2, 2, 3, 30],
      [2, 2, 7, 2, 1, null, 12],
    ]);
  });

  it('peers and partitions: nulls equal nulls, NaN equals NaN, and a string repeated in the dictionary is one key', () => {
    const k: Column = { dtype: 'string', length: 4, values: Int32Array.from([0, 1, 2, 0]), valid: null, dict: ['a', 'b', 'a'] };
    const rows = run({ k, t: numbers('float64', [NaN, 1, NaN, null]) }, {
      partitionBy: ['k'], orderBy: [{ name: 't', descending: false }], nullsLast: true,
      calls: [call('r', 'rank'), call('n', 'size')],
    });
    expect(rows.map((r) => [r.k, r.r, r.n])).toEqual([['a', 1, 3], ['b', 1, 1], ['a', 1, 3], ['a', 3, 3]]);
  });

  it('a RANGE frame to the current row ends at its last peer', () => {
    const rows = run({ t: numbers('int64', [1, 2, 2, 3]), v: numbers('int64', [1, 10, 100, 1000]) }, {
      partitionBy: [], orderBy: [{ name: 't', descending: false }], nullsLast: true,
      calls: [call('s', 'sum', { arg: 'v', frame: { unit: 'range', start: null, end: 0 } }), call('l', 'lastValue', { arg: 'v', frame: { unit: 'range', start: null, end: 0 } }), call('p', 'sum', { arg: 'v', frame: { unit: 'range', start: 0, end: 0 } })],
    });
    expect(rows.map((r) => [r.s, r.l, r.p])).toEqual([[1, 1, 1], [111, 100, 110], [111, 100, 110], [1111, 1000, 1000]]);
  });

  it('sliding sums recover after NaN, an infinity or a large value leaves the frame; an int64 frame sum is checked after rows leave', () => {
    const slide = (xs: number[], type: DType = 'float64') => run({ i: numbers('int64', xs.map((_, k) => k)), v: numbers(type, xs) }, {
      partitionBy: [], orderBy: [{ name: 'i', descending: false }], nullsLast: true, calls: [call('s', 'sum', { arg: 'v', frame: { unit: 'rows', start: -1, end: 0 } })], types: [type],
    }).map((r) => r.s);
    expect(slide([NaN, 1, 2, 3])).toEqual([NaN, NaN, 3, 5]);
    expect(slide([Infinity, 1, 2, -Infinity, 4])).toEqual([Infinity, Infinity, 3, -Infinity, -Infinity]);
    expect(slide([Infinity, -Infinity, 5])).toEqual([Infinity, NaN, -Infinity]);
    expect(slide([1e17, 1, 1, 1])).toEqual([1e17, 1e17, 2, 2]);
    const one = run({ v: numbers('int64', [6e15, 6e15, 6e15]) }, { partitionBy: [], orderBy: [], nullsLast: true, calls: [call('s', 'sum', { arg: 'v', frame: { unit: 'rows', start: 0, end: 0 } })] });
    expect(one.map((r) => r.s)).toEqual([6e15, 6e15, 6e15]);
  });

  it('cumulative functions keep a null row null (Polars) unless they count; max of wide int64 compares the integers', () => {
    const rows = run({ v: numbers('int64', [null, 10, null, 8]) }, {
      partitionBy: [], orderBy: [], nullsLast: true,
      calls: ['sum', 'max', 'count'].map((fn) => call(fn, fn as WindowCall['fn'], { arg: 'v', frame: { unit: 'rows', start: null, end: 0 }, ...(fn === 'count' ? {} : { nullWhereNull: true }) })),
    });
    expect(rows.map((r) => [r.sum, r.max, r.count])).toEqual([[null, null, 0], [10, 10, 1], [null, null, 1], [18, 10, 2]]);
    const wide: Column = { dtype: 'int64', length: 2, values: BigInt64Array.from([9007199254740993n, 9007199254740992n]), valid: null };
    const max = run({ v: wide }, { partitionBy: [], orderBy: [], nullsLast: true, calls: [call('m', 'max', { arg: 'v', frame: { unit: 'rows', start: -1, end: 0 } })] });
    expect(max.map((r) => r.m)).toEqual([9007199254740993n, 9007199254740993n]);
  });

  it('a RANGE frame with offsets gives a row whose key is NaN or infinite its peers', () => {
    const rows = run({ k: numbers('float64', [1, Infinity, 2, NaN, Infinity, null]), v: numbers('int64', [1, 10, 100, 1000, 10000, 100000]) }, {
      partitionBy: [], orderBy: [{ name: 'k', descending: false }], nullsLast: true,
      calls: [call('s', 'sum', { arg: 'v', frame: { unit: 'range', start: -1, end: 0 } })],
    });
    expect(rows.map((r) => r.s)).toEqual([1, 10010, 101, 1000, 10010, 100000]);
  });

  it('min and max over frames of strings compare the text, and minPeriods holds for them', () => {
    const rows = run({ s: strings(['pear', null, 'apple', 'fig', 'kiwi']) }, {
      partitionBy: [], orderBy: [], nullsLast: true,
      calls: [call('lo', 'min', { arg: 's', frame: { unit: 'rows', start: -1, end: 1 } }), call('hi', 'max', { arg: 's', frame: { unit: 'rows', start: -2, end: 0 }, minPeriods: 2 })],
      types: ['string', 'string'],
    });
    expect(rows.map((r) => [r.lo, r.hi])).toEqual([['pear', null], ['apple', null], ['apple', 'pear'], ['apple', 'fig'], ['fig', 'kiwi']]);
  });

  it('min and max keep the type of dates and bools; an int64 sum past 2^53 is refused, not rounded', () => {
    const rows = run({ d: numbers('date', [3, 1, 2]), b: numbers('bool', [0, 1, 0]) }, {
      partitionBy: [], orderBy: [], nullsLast: true,
      calls: [call('m', 'min', { arg: 'd', frame: { unit: 'rows', start: null, end: 0 } }), call('x', 'max', { arg: 'b', frame: { unit: 'rows', start: null, end: 0 } })],
      types: ['date', 'bool'],
    });
    expect(rows.map((r) => [r.m, r.x])).toEqual([[3, false], [1, true], [1, true]]);
    const big = numbers('int64', [2 ** 52, 2 ** 52, 1]);
    expect(() => run({ v: big }, { partitionBy: [], orderBy: [], nullsLast: true, calls: [call('s', 'sum', { arg: 'v', frame: { unit: 'rows', start: null, end: 0 } })] })).toThrow(/passes 2\^53.*cast it to float64/);
  });

  it('aggregates over whole partitions use every reduction, and minPeriods nulls a partition without values', () => {
    const rows = run({ k: strings(['a', null, 'a', null, 'b']), v: numbers('float64', [1, null, 3, null, 5]), s: strings(['x', 'y', 'z', 'w', 'v']) }, {
      partitionBy: ['k'], orderBy: [], nullsLast: true,
      calls: [call('sum', 'sum', { arg: 'v', minPeriods: 1 }), call('sum0', 'sum', { arg: 'v' }), call('med', 'median', { arg: 'v' }), call('mx', 'max', { arg: 's' }), call('n', 'size')],
      types: ['float64', 'float64', 'float64', 'string', 'int64'],
    });
    expect(rows.map((r) => [r.k, r.sum, r.sum0, r.med, r.mx, r.n])).toEqual([
      ['a', 4, 4, 2, 'z', 2], [null, null, 0, null, 'y', 2], ['a', 4, 4, 2, 'z', 2], [null, null, 0, null, 'y', 2], ['b', 5, 5, 5, 'v', 1],
    ]);
  });
});
