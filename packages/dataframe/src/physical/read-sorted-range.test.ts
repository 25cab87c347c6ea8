import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { valueAt, type Column } from '../kernels/column.js';
import { markReused } from '../kernels/reused-dictionary.js';
import { isUniqueDictionary } from '../kernels/unique-dictionary.js';
import { mulberry32 } from '../testing/random-csv.js';
import type { Field } from '../types/dtype.js';
import { sortBarrier } from './exchange-ops.js';
import type { Sink, SortKey, SortRun } from './pipeline-spec.js';
import { readSortedRange } from './read-sorted-range.js';
import { sortRunSink } from './sinks/sort-run-sink.js';


const dir = mkdtempSync(join(tmpdir(), 'floe-sorted-range-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Row = { id: number; k: number | null; s: string | null };
const fields: Field[] = [{ name: 'id', dtype: 'int64' }, { name: 'k', dtype: 'int64' }, { name: 's', dtype: 'string' }];

function rows(seed: number, n: number): Row[] {
  const rnd = mulberry32(seed);
  // few distinct keys (many ties: stability matters) and some nulls in both keys
  return Array.from({ length: n }, (_, id) => ({
    id,
    k: rnd() < 0.1 ? null : Math.floor(rnd() * 7),
    s: rnd() < 0.1 ? null : `s${Math.floor(rnd() * 5)}`,
  }));
}

/** `dict`: one array for every batch (as a scan's), or a new one each time. */
function batchOf(rs: Row[], dict = ['s0', 's1', 's2', 's3', 's4']): { length: number; columns: Map<string, Column> } {
  const n = rs.length;
  const s: Column = { dtype: 'string', length: n, values: Int32Array.from(rs, (r) => (r.s === null ? 0 : dict.indexOf(r.s))), valid: Uint8Array.from(rs, (r) => (r.s === null ? 0 : 1)), dict };
  const k: Column = { dtype: 'int64', length: n, values: Float64Array.from(rs, (r) => r.k ?? 0), valid: Uint8Array.from(rs, (r) => (r.k === null ? 0 : 1)) };
  const id: Column = { dtype: 'int64', length: n, values: Float64Array.from(rs, (r) => r.id), valid: null };
  return { length: n, columns: new Map([['id', id], ['k', k], ['s', s]]) };
}

/** The oracle: Array.prototype.sort is stable. */
function oracle(rs: Row[], by: { key: 'k' | 's'; desc: boolean }[], nullsLast: boolean): number[] {
  return [...rs].sort((a, b) => {
    for (const { key, desc } of by) {
      const x = a[key];
      const y = b[key];
      if (x === y) continue;
      if (x === null || y === null) return (x === null ? 1 : -1) * (nullsLast ? 1 : -1);
      return (x < y ? -1 : 1) * (desc ? -1 : 1);
    }
    return 0;
  }).map((r) => r.id);
}

function sortThrough(tasks: Row[][], by: { key: 'k' | 's'; desc: boolean }[], nullsLast: boolean, p: number, threshold: number, runBytes: number, dict?: string[]): { ids: number[]; runs: SortRun[] } {
  const keys: SortKey[] = by.map((b) => ({ expr: { kind: 'col', name: b.key }, descending: b.desc }));
  const sink: Extract<Sink, { kind: 'sortRun' }> = { kind: 'sortRun', fields, by: keys, nullsLast, segmentRows: 16, sample: 8, spill: { dir, name: `t${threshold}`, threshold }, runBytes };
  const runs = tasks.map((rs, t) => {
    const s = sortRunSink(sink, t);
    for (let lo = 0; lo < rs.length; lo += 25) s.push(batchOf(rs.slice(lo, lo + 25), dict));
    return s.finish() as SortRun;
  });
  const { ranges } = sortBarrier({ specs: [], p, by: keys, nullsLast }, runs);
  const ids: number[] = [];
  for (const r of ranges) {
    readSortedRange({ kind: 'sorted', fields, by: keys, nullsLast, lo: r.lo, hi: r.hi, runs: r.runs }, 10, (_f, cols, n) => {
      for (let i = 0; i < n; i++) ids.push(valueAt(cols[0], i) as number);
      return true;
    });
  }
  return { ids, runs };
}

describe('external sort: runs cut within a byte budget, ranges merged', () => {
  const data = rows(7, 900);
  const tasks = [data.slice(0, 300), data.slice(300, 650), data.slice(650)];
  it.each([
    { by: [{ key: 'k', desc: true }, { key: 's', desc: false }], nullsLast: true },
    { by: [{ key: 's', desc: true }, { key: 'k', desc: false }], nullsLast: true },
    { by: [{ key: 'k', desc: false }], nullsLast: false },
  ] as const)('equals a stable sort of the input ($by.0.key first, nullsLast $nullsLast), with several runs per task, spilled', ({ by, nullsLast }) => {
    const { ids, runs } = sortThrough(tasks, [...by], nullsLast, 4, 0, 2_000);
    expect(ids).toEqual(oracle(data, [...by], nullsLast));
    // a run is cut every ~2 kB of rows: each task's segments are several runs' worth
    expect(runs[0].segments.length).toBeGreaterThan(Math.ceil(300 / 16));
    expect(runs[0].sample.length).toBeGreaterThan(8);
    expect(readdirSync(dir).some((f) => f.endsWith('.spill'))).toBe(true);
  });

  it('keeps input order among equal keys when consecutive segments and runs are taken as one piece', () => {
    // every key equal (segments and runs all follow one another) or rising by blocks (a task's
    // second run starts below its first run's end: those two are merged, not joined)
    const equal = data.map((r) => ({ ...r, k: 3, s: 's1' }));
    const blocks = data.map((r) => ({ ...r, k: Math.floor((r.id % 150) / 40), s: 's2' }));
    for (const rs of [equal, blocks]) {
      const by = [{ key: 'k', desc: false }, { key: 's', desc: false }] as { key: 'k' | 's'; desc: boolean }[];
      const parts = [rs.slice(0, 300), rs.slice(300, 650), rs.slice(650)];
      // the batches share their dictionary (a task's runs do too) or not; spilled or kept
      for (const dict of [undefined, ['s0', 's1', 's2', 's3', 's4']]) {
        for (const [p, threshold] of [[1, 0], [3, 0], [3, Number.MAX_SAFE_INTEGER]]) expect(sortThrough(parts, by, true, p, threshold, 2_000, dict).ids).toEqual(oracle(rs, by, true));
      }
    }
  });

  it('gives the same order kept in memory, one run per task, and one range', () => {
    const by = [{ key: 'k', desc: true }, { key: 's', desc: false }] as { key: 'k' | 's'; desc: boolean }[];
    expect(sortThrough(tasks, by, true, 1, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER).ids).toEqual(oracle(data, by, true));
  });

  it('gives each output batch a dictionary of only the strings it holds', () => {
    const keys: SortKey[] = [{ expr: { kind: 'col', name: 'id' }, descending: false }];
    const sink: Extract<Sink, { kind: 'sortRun' }> = { kind: 'sortRun', fields, by: keys, nullsLast: true, segmentRows: 16, sample: 8, spill: { dir, name: 'dict', threshold: Number.MAX_SAFE_INTEGER }, runBytes: 500 };
    const s = sortRunSink(sink, 0);
    const all = data.map((r, i) => ({ ...r, s: `u${i}` }));
    const batch = batchOf(all);
    batch.columns.set('s', { dtype: 'string', length: all.length, values: Int32Array.from(all, (_, i) => i), valid: null, dict: all.map((r) => r.s) });
    s.push(batch);
    const run = s.finish() as SortRun;
    const seen: string[] = [];
    readSortedRange({ kind: 'sorted', fields, by: keys, nullsLast: true, lo: null, hi: null, runs: [{ chunks: run.segments.map((x) => x.chunk) }] }, 10, (_f, cols, n) => {
      expect(cols[2].dict!.length).toBe(n);
      for (let i = 0; i < n; i++) seen.push(valueAt(cols[2], i) as string);
      return true;
    });
    expect(seen).toEqual(all.map((r) => r.s));
  });
});

describe('strings of a range whose pieces index a few large dictionaries', () => {
  it('gives every batch one dictionary of each string once (two tasks\' dictionaries of the same strings, in other orders), and the same values', () => {
    const keys: SortKey[] = [{ expr: { kind: 'col', name: 'k' }, descending: false }, { expr: { kind: 'col', name: 'id' }, descending: false }];
    const sink: Extract<Sink, { kind: 'sortRun' }> = { kind: 'sortRun', fields, by: keys, nullsLast: true, segmentRows: 16, sample: 8, spill: { dir, name: 'union', threshold: Number.MAX_SAFE_INTEGER }, runBytes: Number.MAX_SAFE_INTEGER };
    const rnd = mulberry32(23);
    const words = Array.from({ length: 40 }, (_, j) => `w${j}`);
    // each task's dictionary holds the words in its own order (as each worker's scan meets them)
    const dicts = [words.slice(), words.slice().reverse()];
    const want: { id: number; k: number; s: string | null }[] = [];
    const runs = dicts.map((dict, t) => {
      const n = 300;
      const ids = Array.from({ length: n }, (_, i) => t * n + i);
      const k = ids.map(() => Math.floor(rnd() * 5));
      const s = ids.map(() => (rnd() < 0.1 ? null : dict[Math.floor(rnd() * dict.length)]));
      ids.forEach((id, i) => want.push({ id, k: k[i], s: s[i] }));
      const batch = {
        length: n,
        columns: new Map<string, Column>([
          ['id', { dtype: 'int64', length: n, values: Float64Array.from(ids), valid: null }],
          ['k', { dtype: 'int64', length: n, values: Float64Array.from(k), valid: null }],
          ['s', { dtype: 'string', length: n, values: Int32Array.from(s, (x) => (x === null ? 0 : dict.indexOf(x))), valid: Uint8Array.from(s, (x) => (x === null ? 0 : 1)), dict }],
        ]),
      };
      const sk = sortRunSink(sink, t);
      sk.push(batch);
      return sk.finish() as SortRun;
    });
    // kept in memory, their string column shares the task's dictionary (worthSharing: 40 entries, 300 rows)
    const shared = runs.map((run) => ({ chunks: run.segments.map((x) => x.chunk) }));
    expect(shared[0].chunks.every((c) => c.kind === 'mem' && c.dicts?.[2] !== undefined && c.dicts[2] !== null)).toBe(true);
    const got: { id: number; k: number; s: string | null }[] = [];
    const batchDicts = new Set<readonly string[]>();
    readSortedRange({ kind: 'sorted', fields, by: keys, nullsLast: true, lo: null, hi: null, runs: shared }, 64, (_f, cols, n) => {
      batchDicts.add(cols[2].dict!);
      for (let i = 0; i < n; i++) got.push({ id: valueAt(cols[0], i) as number, k: valueAt(cols[1], i) as number, s: valueAt(cols[2], i) as string | null });
      return true;
    });
    expect(got).toEqual([...want].sort((a, b) => a.k - b.k || a.id - b.id));
    expect(batchDicts.size).toBe(1);
    const [dict] = batchDicts;
    expect([...dict].sort()).toEqual([...words].sort());
    expect(isUniqueDictionary(dict)).toBe(true);
  });
});

describe('a range over a thread\'s reused dictionaries (spilled shared ones, read once per thread)', () => {
  it('unites and ranks them even for fewer rows than their entries, and sorts and gathers the same strings', () => {
    const rnd = mulberry32(41);
    const words = Array.from({ length: 50 }, (_, j) => `r${String(j).padStart(2, '0')}`);
    const dicts = [markReused(words.slice()), markReused(words.slice().reverse())];
    const sFields: Field[] = [{ name: 'id', dtype: 'int64' }, { name: 's', dtype: 'string' }];
    const keys: SortKey[] = [{ expr: { kind: 'col', name: 's' }, descending: false }, { expr: { kind: 'col', name: 'id' }, descending: false }];
    const want: { id: number; s: string }[] = [];
    // 2 runs × 30 rows over 2 × 50 entries: without reuse, too few rows to rank or unite (strings compared, a dictionary a batch)
    const runs = dicts.map((dict, t) => {
      const codes = Array.from({ length: 30 }, () => Math.floor(rnd() * dict.length)).sort((a, b) => (dict[a] < dict[b] ? -1 : dict[a] > dict[b] ? 1 : 0));
      const ids = codes.map((_, i) => t * 100 + i);
      codes.forEach((c, i) => want.push({ id: ids[i], s: dict[c] }));
      const chunk = { kind: 'mem' as const, length: 30, columns: [
        { dtype: 'int64', length: 30, values: Float64Array.from(ids), valid: null },
        { dtype: 'string', length: 30, values: Int32Array.from(codes), valid: null, dict },
      ] as Column[] };
      return { chunks: [chunk] };
    });
    const got: { id: number; s: string }[] = [];
    const batchDicts = new Set<readonly string[]>();
    readSortedRange({ kind: 'sorted', fields: sFields, by: keys, nullsLast: true, lo: null, hi: null, runs }, 16, (_f, cols, n) => {
      batchDicts.add(cols[1].dict!);
      for (let i = 0; i < n; i++) got.push({ id: valueAt(cols[0], i) as number, s: valueAt(cols[1], i) as string });
      return true;
    });
    expect(got).toEqual([...want].sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : a.id - b.id)));
    expect(batchDicts.size).toBe(1);
    expect(isUniqueDictionary([...batchDicts][0])).toBe(true);
  });
});

describe('an int64 column held as float64 in some runs and as 64-bit integers in others', () => {
  it('comes out as exact 64-bit integers, nulls kept', () => {
    const iFields: Field[] = [{ name: 'k', dtype: 'int64' }, { name: 'v', dtype: 'int64' }];
    const keys: SortKey[] = [{ expr: { kind: 'col', name: 'k' }, descending: false }];
    const big = 2n ** 60n;
    // run 0: every value a safe integer (held as float64), one null; run 1: values past 2^53
    const runs = [
      { chunks: [{ kind: 'mem' as const, length: 3, columns: [
        { dtype: 'int64', length: 3, values: Float64Array.from([1, 3, 5]), valid: null },
        { dtype: 'int64', length: 3, values: Float64Array.from([10, 0, -30]), valid: Uint8Array.from([1, 0, 1]) },
      ] as Column[] }] },
      { chunks: [{ kind: 'mem' as const, length: 3, columns: [
        { dtype: 'int64', length: 3, values: Float64Array.from([2, 3, 4]), valid: null },
        { dtype: 'int64', length: 3, values: BigInt64Array.from([big, -big, 7n]), valid: null },
      ] as Column[] }] },
    ];
    const got: [unknown, unknown][] = [];
    const kinds = new Set<string>();
    readSortedRange({ kind: 'sorted', fields: iFields, by: keys, nullsLast: true, lo: null, hi: null, runs }, 4, (_f, cols, n) => {
      kinds.add(cols[1].values.constructor.name);
      for (let i = 0; i < n; i++) got.push([valueAt(cols[0], i), valueAt(cols[1], i)]);
      return true;
    });
    expect(kinds).toEqual(new Set(['BigInt64Array']));
    // ties (k = 3) keep run order
    expect(got.map(([k, v]) => [Number(k), v === null ? null : BigInt(v as bigint)])).toEqual([[1, 10n], [2, big], [3, null], [3, -big], [4, 7n], [5, -30n]]);
  });
});
