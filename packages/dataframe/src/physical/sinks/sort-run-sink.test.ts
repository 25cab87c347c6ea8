import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { valueAt, type Column } from '../../kernels/column.js';
import type { Field } from '../../types/dtype.js';
import type { Sink, SortRun } from '../pipeline-spec.js';
import { readRowChunk, type RowChunk } from '../row-chunk.js';
import { sortRunSink } from './sort-run-sink.js';


const dir = mkdtempSync(join(tmpdir(), 'floe-sortrun-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// k: int64 with a validity array, s: string without, id: int64 without
const fields: Field[] = [{ name: 'k', dtype: 'int64' }, { name: 's', dtype: 'string' }, { name: 'id', dtype: 'int64' }];
/**
 * Bytes the sink counts for a batch of n rows of these fields: k 8 + 1 (validity), s 4, id 8 a
 * row, and 48 for each entry of a dictionary not seen yet (at most one a row): each batch()
 * has a dictionary of its own, of 2 entries.
 */
const bytesOf = (n: number): number => n * 21 + Math.min(2, n) * 48;

function batch(ks: number[], firstId: number, dict: readonly string[] = ['x', 'y']): { length: number; columns: Map<string, Column> } {
  const n = ks.length;
  return {
    length: n,
    columns: new Map<string, Column>([
      ['k', { dtype: 'int64', length: n, values: Float64Array.from(ks), valid: new Uint8Array(n).fill(1) }],
      ['s', { dtype: 'string', length: n, values: Int32Array.from(ks, (k) => k % 2), valid: null, dict }],
      ['id', { dtype: 'int64', length: n, values: Float64Array.from(ks, (_, i) => firstId + i), valid: null }],
    ]),
  };
}

function spec(name: string, over: Partial<Extract<Sink, { kind: 'sortRun' }>> = {}): Extract<Sink, { kind: 'sortRun' }> {
  return {
    kind: 'sortRun', fields, by: [{ expr: { kind: 'col', name: 'k' }, descending: false }], nullsLast: true,
    segmentRows: 1000, sample: 100, spill: { dir, name, threshold: Number.MAX_SAFE_INTEGER }, ...over,
  };
}

/** Each segment's ids, in order. */
const segmentIds = (run: SortRun): number[][] => run.segments.map((s) => {
  const cols = readRowChunk(s.chunk, fields);
  return Array.from({ length: s.chunk.length }, (_, i) => valueAt(cols[2], i) as number);
});

describe('sort run sink', () => {
  it('sorts a task into one run cut in segments, with first and last keys and an evenly spaced sample', () => {
    const sink = sortRunSink(spec('one', { segmentRows: 3, sample: 3 }), 0);
    // ids 0..5 with keys 5 3 1 4 2 0
    expect(sink.push(batch([5, 3, 1], 0))).toBe(true);
    expect(sink.push(batch([4, 2, 0], 3))).toBe(true);
    const run = sink.finish() as SortRun;
    expect(run.kind).toBe('sortRun');
    expect(run.length).toBe(6);
    // exactly two segments: 6 rows are two segments of 3, no empty third
    expect(segmentIds(run)).toEqual([[5, 2, 4], [1, 3, 0]]);
    expect(run.segments.map((s) => [s.first, s.last])).toEqual([[[0], [2]], [[3], [5]]]);
    // 3 of 6 sorted keys, taken at the middle of each third: positions 1, 3, 5
    expect(run.sample).toEqual([[1], [3], [5]]);
  });

  it('samples every key of a run shorter than the sample size', () => {
    const sink = sortRunSink(spec('short', { sample: 10 }), 0);
    sink.push(batch([2, 0, 1], 0));
    const run = sink.finish() as SortRun;
    expect(run.sample).toEqual([[0], [1], [2]]);
    expect(run.length).toBe(3);
  });

  it('returns an empty run for a task that got no rows', () => {
    const sink = sortRunSink(spec('empty'), 0);
    expect(sink.push(batch([], 0))).toBe(true);
    expect(sink.finish()).toEqual({ kind: 'sortRun', length: 0, segments: [], sample: [] });
  });

  it('cuts a run once the buffered rows reach runBytes, counting validity and string bytes', () => {
    // 10 rows, then 1: exactly runBytes, so the run is cut there; the last row is a run of its own
    const sink = sortRunSink(spec('budget', { runBytes: bytesOf(10) + bytesOf(1) }), 0);
    sink.push(batch([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], 0));
    sink.push(batch([20], 10));
    sink.push(batch([-1], 11));
    const run = sink.finish() as SortRun;
    expect(segmentIds(run)).toEqual([[9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 10], [11]]);
    expect(run.length).toBe(12);
    // each run adds its own sample: keys 0..9, 20, then -1
    expect(run.sample).toEqual([...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((k) => [k]), [-1]]);
  });

  it('does not cut a run below runBytes, and never without runBytes', () => {
    const under = sortRunSink(spec('under', { runBytes: bytesOf(10) + bytesOf(1) + 1 }), 0);
    under.push(batch([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], 0));
    under.push(batch([20], 10));
    expect(segmentIds(under.finish() as SortRun)).toEqual([[9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 10]]);
    const unbounded = sortRunSink(spec('unbounded'), 0);
    for (let i = 0; i < 4; i++) unbounded.push(batch([3 - i], i));
    expect(segmentIds(unbounded.finish() as SortRun)).toEqual([[3, 2, 1, 0]]);
  });

  it('counts a dictionary shared by batches once (a worker\'s scan dictionary), not 48 bytes a row each time', () => {
    const shared = Array.from({ length: 1000 }, (_, i) => `v${i}`);
    // 10 batches of 10 rows over one dictionary of 1 000 strings: 10 × 210 + 10 × 48 (at most a string a row, once)
    const once = sortRunSink(spec('shared', { runBytes: 10 * 210 + 10 * 48 + 1 }), 0);
    for (let b = 0; b < 10; b++) once.push(batch([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], b * 10, shared));
    expect(segmentIds(once.finish() as SortRun)).toHaveLength(1);
    // the same rows, each batch with a dictionary of its own: cut
    const own = sortRunSink(spec('own', { runBytes: 10 * 210 + 10 * 48 + 1 }), 0);
    for (let b = 0; b < 10; b++) own.push(batch([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], b * 10, [...shared]));
    expect(segmentIds(own.finish() as SortRun).length).toBeGreaterThan(1);
  });

  it('spills the segments of each run into one file, named by task and run', () => {
    const spillDir = mkdtempSync(join(dir, 'spill-'));
    const sink = sortRunSink(spec('sp', { segmentRows: 2, runBytes: bytesOf(4), spill: { dir: spillDir, name: 'sp', threshold: 0 } }), 3);
    sink.push(batch([3, 2, 1, 0], 0));
    sink.push(batch([1, 0, 1], 4));
    const run = sink.finish() as SortRun;
    expect(run.segments.every((s) => s.chunk.kind === 'file')).toBe(true);
    expect(readdirSync(spillDir).filter((f) => !f.includes('-dict-')).sort()).toEqual(['sp-m3-r0.spill', 'sp-m3-r1.spill']);
    expect(run.segments.map((s) => (s.chunk as Extract<RowChunk, { kind: 'file' }>).range![0] > 0)).toEqual([false, true, false, true]);
    expect(segmentIds(run)).toEqual([[3, 2], [1, 0], [5, 4], [6]]);
  });
});
