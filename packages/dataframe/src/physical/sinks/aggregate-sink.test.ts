import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Column } from '../../kernels/column.js';
import type { CountState } from '../../kernels/reductions/count.js';
import { groupValuesBytes, type GroupValues } from '../../kernels/reductions/group-values.js';
import type { SumState } from '../../kernels/reductions/sum.js';
import { finalize } from '../../kernels/aggregates.js';
import { mergePartials } from '../exchange-ops.js';
import type { AggCall, PartialAggregate, SplitAggregate } from '../pipeline-spec.js';
import { KeepAllowance, readStateChunk } from '../row-chunk.js';
import { aggregateSink, partialBytes, splitPartial } from './aggregate-sink.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-aggsink-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const num = (xs: number[]): Column => ({ dtype: 'int64', length: xs.length, values: Float64Array.from(xs), valid: null });
const calls: AggCall[] = [{ fn: 'sum', arg: { kind: 'col', name: 'v' }, input: 'int64', ddof: 1 }, { fn: 'size', arg: null, input: null, ddof: 0 }];

describe('aggregate sink, hash-partitioned', () => {
  it('hands over bounded pieces per bucket that merge to the same groups as one table', () => {
    const keys = Array.from({ length: 200 }, (_, i) => (i * 7) % 23);
    const vals = Array.from({ length: 200 }, (_, i) => i);
    const sink = aggregateSink({
      kind: 'aggregate', keys: [{ kind: 'col', name: 'k' }], keyTypes: ['int64'], calls, keepNullKeys: false,
      partitions: { p: 3, spill: { dir, name: 't', threshold: 64 }, maxGroups: 5 },
    }, 0);
    for (let lo = 0; lo < 200; lo += 10) sink.push({ length: 10, columns: new Map([['k', num(keys.slice(lo, lo + 10))], ['v', num(vals.slice(lo, lo + 10))]]) });
    const out = sink.finish() as SplitAggregate;
    expect(out.kind).toBe('aggregate-split');
    expect(out.buckets.length).toBe(3);
    expect(out.buckets.some((pieces) => pieces.length > 1)).toBe(true); // flushed more than once
    expect(readdirSync(dir).some((f) => f.endsWith('.state'))).toBe(true); // and spilled
    const groups = new Map<number, { sum: number; n: number }>();
    for (const pieces of out.buckets) {
      const merged = mergePartials({ keyTypes: ['int64'], calls, keepNullKeys: false }, pieces.map((c) => readStateChunk<PartialAggregate>(c)));
      for (let g = 0; g < merged.ngroups; g++) {
        const k = merged.keys[0].values[g] as number;
        expect(groups.has(k)).toBe(false); // a key lives in one bucket only
        groups.set(k, { sum: (merged.states[0] as SumState).sum[g], n: (merged.states[1] as CountState).count[g] });
      }
    }
    const want = new Map<number, { sum: number; n: number }>();
    keys.forEach((k, i) => { const e = want.get(k) ?? { sum: 0, n: 0 }; e.sum += vals[i]; e.n++; want.set(k, e); });
    expect([...groups.entries()].sort((a, b) => a[0] - b[0])).toEqual([...want.entries()].sort((a, b) => a[0] - b[0]));
  });

  it('keeps in memory, over all its flushes, no more than one piece per bucket may hold; the rest spills', () => {
    const keys = Array.from({ length: 600 }, (_, i) => i);
    const spillDir = mkdtempSync(join(dir, 'allowance-'));
    const threshold = 2_000;
    const sink = aggregateSink({
      kind: 'aggregate', keys: [{ kind: 'col', name: 'k' }], keyTypes: ['int64'], calls, keepNullKeys: false,
      partitions: { p: 3, spill: { dir: spillDir, name: 't', threshold }, maxGroups: 30 },
    }, 0);
    for (let lo = 0; lo < 600; lo += 30) sink.push({ length: 30, columns: new Map([['k', num(keys.slice(lo, lo + 30))], ['v', num(keys.slice(lo, lo + 30))]]) });
    const out = sink.finish() as SplitAggregate;
    const pieces = out.buckets.flat();
    const kept = pieces.filter((c) => c.kind === 'mem').map((c) => partialBytes(readStateChunk<PartialAggregate>(c), calls));
    // every piece (~10 groups, a few hundred bytes) is under the threshold: 20 flushes × 3
    // buckets would all stay in memory, ~10 × the task's allowance, without it
    expect(pieces.length).toBe(60);
    expect(kept.every((b) => b <= threshold)).toBe(true);
    expect(kept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(threshold * 3);
    expect(kept.length).toBeGreaterThan(0);
    expect(readdirSync(spillDir).length).toBe(pieces.length - kept.length);
    let groups = 0;
    let sum = 0;
    for (const bucket of out.buckets) {
      const merged = mergePartials({ keyTypes: ['int64'], calls, keepNullKeys: false }, bucket.map((c) => readStateChunk<PartialAggregate>(c)));
      groups += merged.ngroups;
      for (let g = 0; g < merged.ngroups; g++) sum += (merged.states[0] as SumState).sum[g];
    }
    expect([groups, sum]).toEqual([600, (599 * 600) / 2]);
  });

  it('flushes each time the table reaches maxGroups, and never hands over an empty piece', () => {
    const keys = Array.from({ length: 600 }, (_, i) => i);
    const run = (p: number) => {
      const sink = aggregateSink({
        kind: 'aggregate', keys: [{ kind: 'col', name: 'k' }], keyTypes: ['int64'], calls, keepNullKeys: false,
        partitions: { p, spill: { dir, name: `flush${p}`, threshold: 1 << 20 }, maxGroups: 30 },
      }, 0);
      for (let lo = 0; lo < 600; lo += 10) sink.push({ length: 10, columns: new Map([['k', num(keys.slice(lo, lo + 10))], ['v', num(keys.slice(lo, lo + 10))]]) });
      return (sink.finish() as SplitAggregate).buckets;
    };
    // one bucket: one piece per flush, 600 new keys in batches of 10 reach 30 groups every 3 batches
    expect(run(1)[0].map((c) => readStateChunk<PartialAggregate>(c).ngroups)).toEqual(Array.from({ length: 20 }, () => 30));
    // 40 buckets for 30 groups a flush: some buckets get nothing from a flush, and no piece for it
    const pieces = run(40).flat().map((c) => readStateChunk<PartialAggregate>(c));
    expect(pieces.every((piece) => piece.ngroups > 0)).toBe(true);
    expect(pieces.reduce((n, piece) => n + piece.ngroups, 0)).toBe(600);
  });

  it('an allowance takes what fits and refuses what does not, without going below zero', () => {
    const a = new KeepAllowance(100);
    expect([a.take(60), a.take(50), a.take(40), a.take(1)]).toEqual([true, false, true, false]);
    expect(new KeepAllowance(0).take(0)).toBe(true);
  });

  it('gives each bucket of a split only the dictionary entries of its own string keys', () => {
    const dict = Array.from({ length: 40 }, (_, i) => `k${i}`);
    const keys: Column = { dtype: 'string', length: 40, values: Int32Array.from(dict.keys()), valid: null, dict };
    const partial: PartialAggregate = { kind: 'aggregate', ngroups: 40, keys: [keys], states: [] };
    const pieces = splitPartial(partial, [], 4);
    expect(pieces.reduce((n, p) => n + p.keys[0].dict!.length, 0)).toBe(40);
    const texts = pieces.flatMap((p) => Array.from(p.keys[0].values as Int32Array, (code) => p.keys[0].dict![code]));
    expect(texts.sort()).toEqual([...dict].sort());
  });

  it('a median split in one pass (its values by group) and a sum merged per bucket give the groups one table gives', () => {
    // keys 0..49, each with values i; median keeps every value, sum merges group by group
    const n = 50;
    const rows = 1000;
    const k = Array.from({ length: rows }, (_, i) => (i * 13) % n);
    const v = Array.from({ length: rows }, (_, i) => (i * 37) % 101);
    const both: AggCall[] = [{ fn: 'median', arg: { kind: 'col', name: 'v' }, input: 'int64', ddof: 1 }, { fn: 'sum', arg: { kind: 'col', name: 'v' }, input: 'int64', ddof: 1 }];
    const sink = aggregateSink({ kind: 'aggregate', keys: [{ kind: 'col', name: 'k' }], keyTypes: ['int64'], calls: both, keepNullKeys: false }, 0);
    sink.push({ length: rows, columns: new Map([['k', num(k)], ['v', num(v)]]) });
    const whole = sink.finish() as PartialAggregate;
    // the whole table's answer first: a split consumes the median's values (their arrays are reused)
    const wholeMedian = finalize(whole.states[0], both[0], whole.ngroups, 'v');
    const wholeSum = finalize(whole.states[1], both[1], whole.ngroups, 'v');
    const pieces = splitPartial(whole, both, 3);
    expect(pieces.reduce((a, piece) => a + piece.ngroups, 0)).toBe(n);
    expect(pieces.reduce((a, piece) => a + groupValuesBytes(piece.states[0] as GroupValues) / 12, 0)).toBe(rows);
    const got = new Map<number, { median: number; sum: number }>();
    for (const piece of pieces) {
      const med = finalize(piece.states[0], both[0], piece.ngroups, 'v');
      const sum = finalize(piece.states[1], both[1], piece.ngroups, 'v');
      for (let g = 0; g < piece.ngroups; g++) got.set(piece.keys[0].values[g] as number, { median: med.values[g] as number, sum: sum.values[g] as number });
    }
    for (let g = 0; g < whole.ngroups; g++) expect(got.get(whole.keys[0].values[g] as number)).toEqual({ median: wholeMedian.values[g], sum: wholeSum.values[g] });
  });
});
