/**
 * The driver-side sort barrier, on hand-made runs: where it puts the range boundaries (the
 * sample's quantiles, so ranges are balanced) and which segments each range reads (exactly
 * those overlapping it: one missed loses rows, one extra costs a read).
 */
import { describe, expect, it } from 'vitest';
import type { KeyTuple } from '../kernels/sort.js';
import { sortBarrier } from './exchange-ops.js';
import type { SortRun } from './pipeline-spec.js';
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
