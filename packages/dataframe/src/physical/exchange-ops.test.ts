/**
 * The driver-side sort barrier, on hand-made runs: where it puts the range boundaries (the
 * sample's quantiles, so ranges are balanced) and which segments each range reads (exactly
 * those overlapping it: one missed loses rows, one extra costs a read).
 */
import { describe, expect, it } from 'vitest';
import type { KeyTuple } from '../kernels/sort.js';
import { finalize } from '../kernels/aggregates.js';
import { mergePartials, sortBarrier } from './exchange-ops.js';
import type { AggCall, PartialAggregate, SortRun } from './pipeline-spec.js';
import type { RowChunk } from './row-chunk.js';

/** A run whose segments are named by their first and last key; `sample` as given (its order is the barrier's business). */
function run(name: string, segments: [number | null, number | null][], sample: (number | null)[]): SortRun {
  return {
    kind: 'sortRun',
    length: segments.length,
    segments: segments.map(([first, last], k) => ({ chunk: `${name}${k}` as unknown as RowChunk, first: [first], last: [last] })),
    sample: sample.map((v): KeyTuple => [v]),
  };
}

const barrier = (runs: SortRun[], p: number, descending = false, nullsLast = true) =>
  sortBarrier({ specs: [], p, by: [{ expr: { kind: 'col', name: 'k' }, descending }], nullsLast }, runs);

describe('sortBarrier', () => {
  it('puts p - 1 boundaries at evenly spaced quantiles of all runs\' samples, sorted', () => {
    const evens = Array.from({ length: 50 }, (_, i) => 100 - 2 * i); // 100, 98, …, 2: unsorted as a whole with the odds
    const odds = Array.from({ length: 50 }, (_, i) => 2 * i + 1);
    const r = barrier([run('a', [[1, 100]], evens), run('b', [[1, 99]], odds)], 4);
    // sample 1..100: boundaries at sample[25], [50], [75]
    expect(r.ranges.map((x) => [x.lo, x.hi])).toEqual([[null, [26]], [[26], [51]], [[51], [76]], [[76], null]]);
    expect(r.buckets).toEqual([]);
    expect(r.skipped).toBe(0);
    expect(r.skippedLines).toEqual([]);
  });

  it('keeps boundaries distinct, and still gives the p ranges planned: the ones past the distinct boundaries read nothing', () => {
    const r = barrier([run('a', [[5, 5]], [5, 5, 5, 5, 5, 5, 5, 9])], 4);
    expect(r.ranges.map((x) => [x.lo, x.hi])).toEqual([[null, [5]], [[5], null], [null, null], [null, null]]);
    expect(r.ranges.map((x) => x.runs)).toEqual([[{ chunks: [] }], [{ chunks: ['a0'] }], [{ chunks: [] }], [{ chunks: [] }]]);
    const empty = barrier([run('a', [], [])], 3);
    expect(empty.ranges).toEqual(Array.from({ length: 3 }, () => ({ lo: null, hi: null, runs: [{ chunks: [] }] })));
  });

  it('descending keys and nulls first order the boundaries the sort\'s way', () => {
    const desc = barrier([run('a', [], [1, 2, 3, 4, 5, 6, 7, 8])], 2, true);
    expect(desc.ranges.map((x) => [x.lo, x.hi])).toEqual([[null, [4]], [[4], null]]);
    const nullsFirst = barrier([run('a', [], [3, null, 1, null])], 2, false, false);
    expect(nullsFirst.ranges.map((x) => [x.lo, x.hi])).toEqual([[null, [1]], [[1], null]]);
  });

  it('gives each range exactly the segments that overlap [lo, hi): one ending at lo is in, one starting at hi is out', () => {
    // boundaries 26, 51, 76 as above; segments of run a: [1,25] [20,26] [26,50] [51,60] [61,100]
    const sample = Array.from({ length: 100 }, (_, i) => i + 1);
    const r = barrier([run('a', [[1, 25], [20, 26], [26, 50], [51, 60], [61, 100]], sample), run('b', [[null, null]], [])], 4);
    expect(r.ranges.map((x) => x.runs.map((y) => y.chunks))).toEqual([
      [['a0', 'a1'], []],
      [['a1', 'a2'], []],
      [['a3', 'a4'], []],
      [['a4'], ['b0']], // nulls sort last: the null segment belongs to the last range only
    ]);
  });
});

describe('mergePartials of median partials', () => {
  const call = { fn: 'median' as const, input: 'float64' as const, ddof: 1, arg: { kind: 'col' as const, name: 'v' } } as unknown as AggCall;
  const partial = (keys: number[], gid: number[], val: number[]): PartialAggregate => ({
    kind: 'aggregate', ngroups: keys.length,
    keys: [{ dtype: 'int64', length: keys.length, values: Float64Array.from(keys), valid: null }],
    states: [{ len: gid.length, gid: Int32Array.from(gid), val: Float64Array.from(val), later: [] }],
  });
  // three partials of 3 000, 5 000 and 4 000 values over keys 0..99, in different key orders
  // (value i of partial p is p·10⁴ + i)
  const sized = (p: number, n: number): PartialAggregate => partial(Array.from({ length: 100 }, (_, k) => (k * (p + 1) * 7) % 100),
    Array.from({ length: n }, (_, i) => (i * 7 + p) % 100), Array.from({ length: n }, (_, i) => p * 10_000 + i));
  const parts = [sized(0, 3000), sized(1, 5000), sized(2, 4000)];
  const args = { keyTypes: ['int64'] as AggCall['input'][], calls: [call], keepNullKeys: false };

  it('takes their values by reference (none copied) and finalizes to every key\'s median over all three', () => {
    const merged = mergePartials(args, parts);
    const state = merged.states[0] as { len: number; later: { list: { val: Float64Array } }[] };
    expect(state.len).toBe(0);
    expect(state.later.map((l) => l.list.val)).toEqual(parts.map((p) => (p.states[0] as { val: Float64Array }).val));
    const col = finalize(merged.states[0], { fn: 'median', input: 'float64', ddof: 1 }, merged.ngroups, 'v');
    // the reference: each key's values gathered from every partial through its own keys
    const byKey = new Map<number, number[]>();
    for (const p of parts) {
      const keys = p.keys[0].values as Float64Array;
      const st = p.states[0] as { len: number; gid: Int32Array; val: Float64Array };
      for (let i = 0; i < st.len; i++) {
        const k = keys[st.gid[i]];
        if (!byKey.has(k)) byKey.set(k, []);
        byKey.get(k)!.push(st.val[i]);
      }
    }
    const mergedKeys = merged.keys[0].values as Float64Array;
    for (let g = 0; g < merged.ngroups; g++) {
      const xs = byKey.get(mergedKeys[g])!.sort((a, b) => a - b);
      const m = xs.length % 2 === 1 ? xs[xs.length >> 1] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2;
      expect((col.values as Float64Array)[g]).toBe(m);
    }
  });
});

