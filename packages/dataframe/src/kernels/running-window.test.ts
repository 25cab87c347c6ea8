/**
 * A running window computed task by task and batch by batch from carries gives the window
 * kernel's columns over all the rows in one partition: seeded inputs cut at random into tasks and
 * batches (some of one row, some empty), with nulls, NaN and infinities, every call it runs.
 */
import { describe, expect, it } from 'vitest';
import type { WindowCall } from '../plan/logical-plan.js';
import { Rng } from '../testing/random-csv.js';
import type { DType } from '../types/dtype.js';
import type { Batch } from './batch.js';
import { concatColumns, sliceColumn, valueAt, type Column } from './column.js';
import { chainCarries, HALO, RunningWindow, runsAlongPeers, runsAlongRows } from './running-window.js';
import { sortPermutation, takeColumn } from './sort.js';
import { computeWindow, markChanges } from './window.js';

const rows = { unit: 'rows' as const };
const call = (name: string, fn: WindowCall['fn'], arg: string | null, extra: Partial<WindowCall> = {}): WindowCall => ({ name, fn, arg, orderBy: [], nullsLast: true, frame: null, ...extra });

// every call a running window takes: the DataFrame API's cumulative, shift, diff and rolling calls, and SQL's frames
const CALLS: [WindowCall, DType][] = [
  [call('rn', 'rowNumber', null), 'int64'],
  [call('cs', 'sum', 'v', { frame: { ...rows, start: null, end: 0 }, nullWhereNull: true }), 'float64'],
  [call('ci', 'sum', 'i', { frame: { ...rows, start: null, end: 0 } }), 'int64'],
  [call('cc', 'count', 'v', { frame: { ...rows, start: null, end: 0 } }), 'int64'],
  [call('cm', 'mean', 'v', { frame: { ...rows, start: null, end: 0 } }), 'float64'],
  [call('sz', 'size', null, { frame: { ...rows, start: null, end: 0 } }), 'int64'],
  [call('lo', 'min', 'v', { frame: { ...rows, start: null, end: 0 }, nullWhereNull: true }), 'float64'],
  [call('hi', 'max', 'i', { frame: { ...rows, start: null, end: 0 } }), 'int64'],
  [call('dmax', 'max', 'd', { frame: { ...rows, start: null, end: 0 } }), 'date'],
  [call('lag', 'lag', 'v', { n: 3 }), 'float64'],
  [call('lagf', 'lag', 's', { n: 2, fill: { value: 'none', dtype: 'string' } }), 'string'],
  [call('lag0', 'lag', 'i', { n: 0 }), 'int64'],
  [call('rs', 'sum', 'v', { frame: { ...rows, start: -4, end: 0 }, minPeriods: 5 }), 'float64'],
  [call('rm', 'mean', 'v', { frame: { ...rows, start: -2, end: 0 }, minPeriods: 1 }), 'float64'],
  [call('rmin', 'min', 's', { frame: { ...rows, start: -6, end: 0 }, minPeriods: 2 }), 'string'],
  [call('rmax', 'max', 'v', { frame: { ...rows, start: -1, end: 0 } }), 'float64'],
  [call('rc', 'count', 'i', { frame: { ...rows, start: -3, end: 0 } }), 'int64'],
  // rows ahead: shift(-n), centred and forward rolling windows, frames that end before the row
  [call('lead', 'lead', 'v', { n: 1 }), 'float64'],
  [call('leadf', 'lead', 's', { n: 3, fill: { value: 'none', dtype: 'string' } }), 'string'],
  [call('lead0', 'lead', 'i', { n: 0 }), 'int64'],
  [call('leadd', 'lead', 'd', { n: 7 }), 'date'],
  [call('cen', 'sum', 'v', { frame: { ...rows, start: -2, end: 2 }, minPeriods: 1 }), 'float64'],
  [call('fwd', 'mean', 'i', { frame: { ...rows, start: 0, end: 3 } }), 'float64'],
  [call('fmin', 'min', 's', { frame: { ...rows, start: -1, end: 1 } }), 'string'],
  [call('fmax', 'max', 'v', { frame: { ...rows, start: 1, end: 4 } }), 'float64'],
  [call('prev', 'count', 'i', { frame: { ...rows, start: -3, end: -1 } }), 'int64'],
  [call('fv', 'firstValue', 'v', { frame: { ...rows, start: -1, end: 1 } }), 'float64'],
  [call('lv', 'lastValue', 's', { frame: { ...rows, start: -2, end: 2 } }), 'string'],
  [call('nv', 'nthValue', 'i', { n: 2, frame: { ...rows, start: 0, end: 5 } }), 'int64'],
];

/** Calls reaching HALO rows back or ahead: every task of a few rows sees rows of many tasks around it. */
const FAR: [WindowCall, DType][] = [
  [call('leadH', 'lead', 'v', { n: HALO }), 'float64'],
  [call('lagH', 'lag', 'i', { n: HALO }), 'int64'],
  [call('wide', 'sum', 'i', { frame: { ...rows, start: -HALO, end: HALO } }), 'int64'],
  [call('ahead', 'max', 's', { frame: { ...rows, start: HALO - 3, end: HALO } }), 'string'],
];

function input(r: Rng, n: number): Map<string, Column> {
  const v = new Float64Array(n);
  const vValid = new Uint8Array(n);
  const i64 = new Float64Array(n);
  const iValid = new Uint8Array(n);
  const d = new Int32Array(n);
  const s = new Int32Array(n);
  const sValid = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    // quarters: every sum exact, whichever order the tasks' sums are added in
    v[k] = r.chance(0.02) ? Number.NaN : r.chance(0.01) ? (r.chance(0.5) ? Infinity : -Infinity) : r.int(-400, 400) / 4;
    vValid[k] = r.chance(0.1) ? 0 : 1;
    i64[k] = r.int(-1000, 1000);
    iValid[k] = r.chance(0.05) ? 0 : 1;
    d[k] = r.int(19000, 20000);
    s[k] = r.int(0, 25);
    sValid[k] = r.chance(0.05) ? 0 : 1;
  }
  return new Map<string, Column>([
    ['v', { dtype: 'float64', length: n, values: v, valid: vValid }],
    ['i', { dtype: 'int64', length: n, values: i64, valid: iValid }],
    ['d', { dtype: 'date', length: n, values: d, valid: null }],
    ['s', { dtype: 'string', length: n, values: s, valid: sValid, dict: Array.from({ length: 26 }, (_, k) => String.fromCharCode(122 - k)) }],
  ]);
}

/** `n` cut into `parts` pieces at random (some empty). */
function cuts(r: Rng, n: number, parts: number): number[] {
  const at = [0, ...Array.from({ length: parts - 1 }, () => r.int(0, n)), n].sort((a, b) => a - b);
  return at;
}

const slice = (cols: Map<string, Column>, a: number, b: number): Map<string, Column> => new Map([...cols].map(([k, c]) => [k, sliceColumn(c, a, b)]));

/**
 * Each task (its batches as [from, to) rows of `cols`) summed up from nothing, the summaries
 * chained, each task's columns computed from its carry batch by batch and at its end: the window
 * kernel's columns over all the rows (`whole`). `sorted`: the rows come in the calls' order.
 */
function expectKernelColumns(calls: WindowCall[], types: DType[], cols: Map<string, Column>, plan: [number, number][][], whole: Column[], n: number, what: string, sorted: boolean): void {
  const summaries = plan.map((batches) => {
    const w = new RunningWindow(calls, types, null, sorted);
    for (const [a, b] of batches) w.fold({ length: b - a, columns: slice(cols, a, b) });
    return w.carry();
  });
  const carries = chainCarries(calls, structuredClone(summaries));
  const pieces: Column[][] = calls.map(() => []);
  plan.forEach((batches, t) => {
    const w = new RunningWindow(calls, types, structuredClone(carries[t]), sorted);
    const take = (out: Batch[]): void => out.forEach((o) => calls.forEach((c, k) => pieces[k].push(o.columns.get(c.name)!)));
    for (const [a, b] of batches) take(w.step({ length: b - a, columns: slice(cols, a, b) }));
    take(w.finish());
  });
  calls.forEach((c, k) => {
    const got = concatColumns(pieces[k], types[k]);
    expect(got.length, `${c.name}, ${what}`).toBe(n);
    expect(Array.from({ length: n }, (_, i) => valueAt(got, i)), `${c.name}, ${what}`).toEqual(Array.from({ length: n }, (_, i) => valueAt(whole[k], i)));
  });
}

describe('running window', () => {
  it('takes the calls that run along the rows, not ordered ones, long reaches, whole partitions or text running min/max', () => {
    expect(runsAlongRows(CALLS.map(([c]) => c), CALLS.map(([c]) => (c.arg === 's' ? 'string' : 'float64')))).toBe(true);
    expect(runsAlongRows(FAR.map(([c]) => c), FAR.map(([c]) => (c.arg === 's' ? 'string' : 'float64')))).toBe(true);
    expect(runsAlongRows([call('x', 'lead', 'v', { n: HALO + 1 })], ['float64'])).toBe(false);
    expect(runsAlongRows([call('x', 'sum', 'v', { frame: { ...rows, start: 0, end: HALO + 1 } })], ['float64'])).toBe(false);
    expect(runsAlongRows([call('x', 'sum', 'v', { frame: { ...rows, start: 0, end: null } })], ['float64'])).toBe(false);
    expect(runsAlongRows([call('x', 'sum', 'v', { frame: { ...rows, start: null, end: 1 } })], ['float64'])).toBe(false);
    expect(runsAlongRows([call('x', 'size', null, { frame: { ...rows, start: -1, end: 1 } })], [null])).toBe(false);
    expect(runsAlongRows([call('x', 'firstValue', 'v')], ['float64'])).toBe(false);
    expect(runsAlongRows([call('x', 'rowNumber', null, { orderBy: [{ name: 'v', descending: false }] })], [null])).toBe(false);
    expect(runsAlongRows([call('x', 'sum', 'v', { frame: { ...rows, start: -(HALO + 1), end: 0 } })], ['float64'])).toBe(false);
    expect(runsAlongRows([call('x', 'sum', 'v')], ['float64'])).toBe(false);
    expect(runsAlongRows([call('x', 'min', 's', { frame: { ...rows, start: null, end: 0 } })], ['string'])).toBe(false);
    expect(runsAlongRows([call('x', 'rank', 'v')], ['float64'])).toBe(false);
  });

  it.each([['near', CALLS, 3000], ['far', FAR, 6000]] as const)('gives the kernel\'s columns over one partition, cut into tasks and batches at random (seeded), %s calls', (_, set, most) => {
    for (let seed = 1; seed <= 12; seed++) {
      const r = new Rng(seed);
      const n = r.int(0, most);
      const cols = input(r, n);
      const calls = set.map(([c]) => c);
      const types = set.map(([, t]) => t);
      const whole = computeWindow({ partitionBy: [], calls, types }, [], cols, n);
      const tasks = cuts(r, n, r.int(1, 9));
      const batchesOf = (a: number, b: number): [number, number][] => {
        const at = cuts(r, b - a, r.int(1, 6)).map((x) => x + a);
        return at.slice(1).map((x, k) => [at[k], x]);
      };
      const plan = tasks.slice(1).map((end, t) => batchesOf(tasks[t], end));
      expectKernelColumns(calls, types, cols, plan, whole, n, `seed ${seed}`, false);
    }
  });

  it.each([false, true])('along rows in the calls\' order, peer groups whole in their task: ranks and running aggregates to the last peer are the kernel\'s (seeded), descending %s', (descending) => {
    const order = [{ name: 'k', descending }, { name: 'j', descending: false }];
    const range = { unit: 'range' as const, start: null, end: 0 };
    const peers: [WindowCall, DType][] = [
      [call('r', 'rank', null, { orderBy: order }), 'int64'],
      [call('rmax', 'rankMax', null, { orderBy: order }), 'int64'],
      [call('ravg', 'rankAverage', null, { orderBy: order }), 'float64'],
      [call('dr', 'denseRank', null, { orderBy: order }), 'int64'],
      [call('pr', 'percentRank', null, { orderBy: order }), 'float64'],
      [call('cd', 'cumeDist', null, { orderBy: order }), 'float64'],
      [call('s', 'sum', 'v', { orderBy: order, frame: range }), 'float64'],
      [call('m', 'mean', 'i', { orderBy: order, frame: range }), 'float64'],
      [call('c', 'count', 'v', { orderBy: order, frame: range }), 'int64'],
      [call('n', 'size', null, { orderBy: order, frame: range }), 'int64'],
      [call('lo', 'min', 'i', { orderBy: order, frame: range }), 'int64'],
      [call('hi', 'max', 'v', { orderBy: order, frame: range }), 'float64'],
      [call('kr', 'rank', 'k', { orderBy: order, nullRank: true }), 'int64'],
    ];
    const calls = peers.map(([c]) => c);
    const types = peers.map(([, t]) => t);
    expect(runsAlongPeers(calls, calls.map(() => 'float64'))).toBe(true);
    expect(runsAlongRows(calls, calls.map(() => 'float64'))).toBe(false);
    expect(runsAlongPeers([...calls, call('x', 'rank', null, { orderBy: [order[0]] })], [...calls, null].map(() => 'float64'))).toBe(false);
    expect(runsAlongPeers([call('x', 'sum', 'v', { orderBy: order, frame: { ...rows, start: null, end: 0 } })], ['float64'])).toBe(false);
    expect(runsAlongPeers([call('x', 'max', 's', { orderBy: order, frame: range })], ['string'])).toBe(false);
    for (let seed = 1; seed <= 12; seed++) {
      const r = new Rng(100 + seed);
      const n = r.int(0, 3000);
      const raw = input(r, n);
      // order keys with ties (a few values, nulls, NaN) and a second key (text)
      const k = new Float64Array(n);
      const kValid = new Uint8Array(n);
      for (let x = 0; x < n; x++) { k[x] = r.chance(0.05) ? Number.NaN : r.int(0, r.int(1, 40)); kValid[x] = r.chance(0.08) ? 0 : 1; }
      raw.set('k', { dtype: 'float64', length: n, values: k, valid: kValid });
      raw.set('j', raw.get('s')!);
      const perm = n < 2 ? null : sortPermutation([raw.get('k')!, raw.get('j')!], [descending, false], true);
      const cols = new Map([...raw].map(([name, c]) => [name, perm === null ? c : takeColumn(c, perm)]));
      const whole = computeWindow({ partitionBy: [], calls, types }, [], cols, n);
      // tasks cut only where a peer group starts; batches anywhere
      const starts = new Uint8Array(n);
      for (const name of ['k', 'j']) markChanges(cols.get(name)!, n, starts, 1);
      const groupStarts = [...starts.keys()].filter((x) => x > 0 && starts[x] === 1);
      const taskCuts = [0, ...[...new Set(Array.from({ length: r.int(0, 8) }, () => groupStarts[r.int(0, groupStarts.length - 1)]))].filter((x) => x !== undefined).sort((a, b) => a - b), n];
      const plan = taskCuts.slice(1).map((end, t) => {
        const at = cuts(r, end - taskCuts[t], r.int(1, 6)).map((x) => x + taskCuts[t]);
        return at.slice(1).map((x, q): [number, number] => [at[q], x]);
      });
      expectKernelColumns(calls, types, cols, plan, whole, n, `seed ${seed}`, true);
    }
  });

  it('an int64 column whose batches come as doubles, then as bigints (past 2^53), and back: the kernel\'s values over them all', () => {
    const calls = [
      call('lo', 'min', 'i', { frame: { ...rows, start: null, end: 0 } }),
      call('hi', 'max', 'i', { frame: { ...rows, start: null, end: 0 }, nullWhereNull: true }),
      call('n', 'count', 'i', { frame: { ...rows, start: null, end: 0 } }),
      call('prev', 'lag', 'i', { n: 2 }),
      call('r', 'max', 'i', { frame: { ...rows, start: -2, end: 0 } }),
    ];
    const types: DType[] = ['int64', 'int64', 'int64', 'int64', 'int64'];
    const doubles = (xs: (number | null)[]): Column => ({ dtype: 'int64', length: xs.length, values: Float64Array.from(xs, (x) => x ?? 0), valid: Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) });
    const bigints = (xs: (bigint | null)[]): Column => ({ dtype: 'int64', length: xs.length, values: BigInt64Array.from(xs, (x) => x ?? 0n), valid: Uint8Array.from(xs, (x) => (x === null ? 0 : 1)) });
    const tasks: Column[][] = [
      [doubles([5, null, 3]), bigints([2n ** 60n, null, -(2n ** 60n) - 1n])],
      [doubles([7, -2]), doubles([null])],
      [bigints([2n ** 61n + 1n, 4n])],
    ];
    const all = concatColumns(tasks.flat(), 'int64');
    const whole = computeWindow({ partitionBy: [], calls, types }, [], new Map([['i', all]]), all.length);
    const summaries = tasks.map((batches) => {
      const w = new RunningWindow(calls, types, null);
      for (const b of batches) w.fold({ length: b.length, columns: new Map([['i', b]]) });
      return w.carry();
    });
    const carries = chainCarries(calls, summaries);
    const pieces: Column[][] = calls.map(() => []);
    tasks.forEach((batches, t) => {
      const w = new RunningWindow(calls, types, carries[t]);
      for (const b of batches) for (const o of w.step({ length: b.length, columns: new Map([['i', b]]) })) calls.forEach((c, k) => pieces[k].push(o.columns.get(c.name)!));
    });
    calls.forEach((c, k) => {
      const got = concatColumns(pieces[k], types[k]);
      const norm = (x: unknown): unknown => (typeof x === 'bigint' ? x.toString() : typeof x === 'number' ? String(x) : x);
      expect(Array.from({ length: all.length }, (_, i) => norm(valueAt(got, i))), c.name).toEqual(Array.from({ length: all.length }, (_, i) => norm(valueAt(whole[k], i))));
    });
  });

  it('an int64 running sum past 2^53 is refused across tasks, as in one', () => {
    const calls = [call('cs', 'sum', 'i', { frame: { ...rows, start: null, end: 0 } })];
    const big = (x: number): Map<string, Column> => new Map([['i', { dtype: 'int64', length: 1, values: Float64Array.of(x), valid: null }]]);
    const w1 = new RunningWindow(calls, ['int64'], null);
    w1.fold({ length: 1, columns: big(2 ** 52) });
    const [carry] = chainCarries(calls, [w1.carry(), w1.carry()]).slice(1);
    const w2 = new RunningWindow(calls, ['int64'], carry);
    expect(() => w2.step({ length: 1, columns: big(2 ** 52) })).toThrow(/passes 2\^53/);
  });
});
