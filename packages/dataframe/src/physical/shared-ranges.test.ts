/**
 * A stage over shared ranges: tasks claim CSV ranges from one cursor, each into its one sink,
 * and the driver checks every range's first row in file order — re-reading a range no task
 * read, and every range of a task that read one from a wrong guess — before any result or
 * error counts. Two tasks' claims are played here by reading chosen ranges in each.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorToData, InlineExecutor, LocalPool, type Executor } from '@floe/scheduler';
import { afterAll, describe, expect, test } from 'vitest';
import { readCsvAnyBlocksize } from '../api/read-csv.js';
import { DEFAULT_DIALECT, DEFAULT_NULL_VALUES } from '../io/csv/dialect.js';
import type { PartitionRange } from '../io/csv/read-partition.js';
import { valueAt } from '../kernels/column.js';
import { col } from '../index.js';
import { mulberry32 } from '../testing/random-csv.js';
import type { Field } from '../types/dtype.js';
import { runTaskSync, type PartitionOutput } from './partition-task.js';
import type { CollectedRows, PartitionResult, ScanSpec, TaskSpec } from './pipeline-spec.js';
import { checkSharedRanges, sharedRounds, splitRanges } from './shared-ranges.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-shared-ranges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fields: Field[] = [{ name: 'k', dtype: 'int64' }, { name: 't', dtype: 'string' }];
const scanOf = (skipBadLines = false): ScanSpec => ({
  nFields: 2, fields: [{ index: 0, name: 'k', dtype: 'int64' }, { index: 1, name: 't', dtype: 'string' }], delimiter: 0x2c,
  nullValues: [...DEFAULT_NULL_VALUES], dateErrorsNull: false, skipBadLines, lossyUtf8: false, dateFormats: {},
  dialect: DEFAULT_DIALECT, padShortRows: false, batchRows: 64,
});

/** The file as ranges of `step` bytes after its header, and a spec over them all. */
function stage(path: string, step: number, skipBadLines = false): { spec: TaskSpec; ranges: PartitionRange[] } {
  const st = statSync(path);
  const whole: PartitionRange = { path, start: 0, end: st.size, dataStart: 4, planned: { size: st.size, mtimeMs: st.mtimeMs } };
  const ranges = splitRanges([whole], step);
  const spec: TaskSpec = { input: { kind: 'sharedRanges', ranges, cursor: new SharedArrayBuffer(4) }, scan: scanOf(skipBadLines), stages: [], sink: { kind: 'collect', fields, limit: null } };
  return { spec, ranges };
}

/** A task that claimed the ranges `which` (in that order): read through a cursor over them alone. */
function claimed(spec: TaskSpec, which: readonly number[], index: number): PartitionOutput {
  const { ranges } = spec.input as Extract<TaskSpec['input'], { kind: 'sharedRanges' }>;
  const out = runTaskSync({ spec: { ...spec, input: { kind: 'sharedRanges', ranges: which.map((k) => ranges[k]), cursor: new SharedArrayBuffer(4) } }, index });
  return { ...out, claimed: out.claimed!.map((c) => ({ ...c, range: which[c.range] })) };
}

const rowsOf = (results: readonly (PartitionResult | null)[]): [number, string][] =>
  results.flatMap((r) => {
    const { columns, length } = r as CollectedRows;
    return Array.from({ length }, (_, i) => [valueAt(columns[0], i) as number, valueAt(columns[1], i) as string] as [number, string]);
  }).sort((a, b) => a[0] - b[0]);

const evens = (n: number): number[] => Array.from({ length: n }, (_, i) => i).filter((i) => i % 2 === 0);
const odds = (n: number): number[] => Array.from({ length: n }, (_, i) => i).filter((i) => i % 2 === 1);

describe('splitRanges', () => {
  test('cuts each range into pieces of about the size, end to end, keeping a known first row on the first piece only', () => {
    const a: PartitionRange = { path: 'a.csv', start: 0, end: 100, dataStart: 4 };
    const b: PartitionRange = { path: 'b.csv', start: 50, end: 80, dataStart: 4, firstRow: 52 };
    const out = splitRanges([a, b], 30);
    expect(out.map((r) => [r.path, r.start, r.end, r.firstRow])).toEqual([
      ['a.csv', 0, 33, undefined], ['a.csv', 33, 66, undefined], ['a.csv', 66, 100, undefined],
      ['b.csv', 50, 80, 52],
    ]);
    // smaller than a piece: kept whole
    expect(splitRanges([a], 1000)).toEqual([a]);
  });
});

describe('sharedRounds', () => {
  const MB = 1 << 20;
  const file = (path: string, size: number): PartitionRange => ({ path, start: 0, end: size, dataStart: 4 });

  test('one round up to the round size a worker; ranges of at most the largest, 32 a worker or more, at least 1 MB', () => {
    const one = sharedRounds([file('a.csv', 100 * MB), file('b.csv', 100 * MB)], 2, 256 * MB, 4 * MB);
    expect(one.rounds).toHaveLength(1);
    expect(one.rangeBytes).toBe(Math.ceil((200 * MB) / 64));
    expect(one.rounds[0].length).toBeGreaterThanOrEqual(64);
    expect(sharedRounds([file('a.csv', 1000 * MB)], 2, 256 * MB, 4 * MB).rangeBytes).toBe(4 * MB);
    expect(sharedRounds([file('a.csv', 10 * MB)], 2, 256 * MB, 4 * MB).rangeBytes).toBe(MB);
  });

  test('more input in rounds of about the round size, the ranges in file order across them', () => {
    const planned = [file('a.csv', 300 * MB), file('b.csv', 250 * MB), file('c.csv', 500 * MB)];
    const { rounds } = sharedRounds(planned, 2, 128 * MB, 4 * MB);
    expect(rounds).toHaveLength(5);
    const sizes = rounds.map((r) => r.reduce((n, x) => n + x.end - x.start, 0) / MB);
    for (const s of sizes) expect(Math.abs(s - 210)).toBeLessThan(5);
    const flat = rounds.flat();
    expect(flat.map((r) => r.path)).toEqual([...flat.map((r) => r.path)].sort());
    for (let i = 1; i < flat.length; i++) if (flat[i].path === flat[i - 1].path) expect(flat[i].start).toBe(flat[i - 1].end);
  });
});

describe('a task over shared ranges', () => {
  const path = join(dir, 'plain.csv');
  const rows = Array.from({ length: 200 }, (_, i) => [i, `v${i % 7}`] as [number, string]);
  writeFileSync(path, `k,t\n${rows.map(([k, t]) => `${k},${t}`).join('\n')}\n`);

  test('claims every range in turn into one sink, and says where each began and stopped', () => {
    const { spec, ranges } = stage(path, 100);
    const out = runTaskSync({ spec, index: 0 });
    expect(out.error).toBeNull();
    expect(out.claimed!.map((c) => c.range)).toEqual(ranges.map((_, k) => k));
    // each range's rows stop where the next one's begin
    for (let k = 1; k < ranges.length; k++) expect(out.claimed![k].firstRow).toBe(out.claimed![k - 1].nextRow);
    expect(rowsOf([out.result])).toEqual(rows);
    // a second task finds nothing left
    const late = runTaskSync({ spec, index: 1 });
    expect([late.claimed, late.rows]).toEqual([[], 0]);
    expect(rowsOf([late.result])).toEqual([]);
  });

  test("two tasks' interleaved claims check out: both partials kept, nothing read again", () => {
    const { spec, ranges } = stage(path, 100);
    const outs = [claimed(spec, evens(ranges.length), 0), claimed(spec, odds(ranges.length), 1)];
    const checked = checkSharedRanges([spec, spec], outs);
    expect(checked.results).toEqual([outs[0].result, outs[1].result]);
    expect(rowsOf(checked.results)).toEqual(rows);
  });

  test('a range no task read (its worker died) is read on the driver', () => {
    const { spec, ranges } = stage(path, 100);
    const outs = [claimed(spec, evens(ranges.length), 0), claimed(spec, odds(ranges.length).filter((k) => k !== 3), 1)];
    const checked = checkSharedRanges([spec, spec], outs);
    expect(checked.results).toHaveLength(3);
    expect(rowsOf(checked.results)).toEqual(rows);
  });
});

describe('first rows guessed wrong (quoted fields with line feeds)', () => {
  // each text field holds a line feed and, before it, text that reads as a row of its own
  const path = join(dir, 'quoted.csv');
  const rows = Array.from({ length: 120 }, (_, i) => [i, `a${i}\n${900_000 + i},b`] as [number, string]);
  writeFileSync(path, `k,t\n${rows.map(([k, t]) => `${k},"${t}"`).join('\n')}\n`);

  test("a task that read a range from a wrong guess is dropped and its ranges read again: only the file's rows", () => {
    const { spec, ranges } = stage(path, 37);
    const outs = [claimed(spec, evens(ranges.length), 0), claimed(spec, odds(ranges.length), 1)];
    // the fixture does what it says: the tasks' own reads hold rows that are not the file's
    const read = outs.flatMap((o) => (o.result ? rowsOf([o.result]) : []));
    expect(read.some(([k]) => k >= 900_000) || outs.some((o) => o.error !== null)).toBe(true);
    const checked = checkSharedRanges([spec, spec], outs);
    expect(rowsOf(checked.results)).toEqual(rows);
  });

  test('an error from a wrong guess is not thrown', () => {
    // after the line feed, `x"` then `5` alone: a row too short, but only for a wrong guess
    const p = join(dir, 'short.csv');
    const good = Array.from({ length: 60 }, (_, i) => [i, `x${i}",\n5`] as [number, string]);
    writeFileSync(p, `k,t\n${good.map(([k, t]) => `${k},"${t.replace(/"/g, '""')}"`).join('\n')}\n`);
    const { spec, ranges } = stage(p, 23);
    const outs = [claimed(spec, evens(ranges.length), 0), claimed(spec, odds(ranges.length), 1)];
    expect(outs.some((o) => o.error !== null)).toBe(true);
    expect(rowsOf(checkSharedRanges([spec, spec], outs).results)).toEqual(good);
  });
});

describe('rounds', () => {
  test("a round's first range is checked against the last range of the round before", () => {
    const path = join(dir, 'rounds.csv');
    const rows = Array.from({ length: 120 }, (_, i) => [i, `a${i}\n${900_000 + i},b`] as [number, string]);
    writeFileSync(path, `k,t\n${rows.map(([k, t]) => `${k},"${t}"`).join('\n')}\n`);
    const { spec, ranges } = stage(path, 41);
    // the rounds meet at a range whose own guess is wrong (it begins inside a quoted field)
    const whole = runTaskSync({ spec, index: 0 }).claimed!;
    const half = whole.findIndex((c, k) => k > 0 && c.firstRow !== whole[k - 1].nextRow);
    expect(half).toBeGreaterThan(0);
    const round = (from: number, to: number): TaskSpec => ({ ...spec, input: { kind: 'sharedRanges', ranges: ranges.slice(from, to), cursor: new SharedArrayBuffer(4) } });
    const a = round(0, half);
    const b = round(half, ranges.length);
    // each round's tasks read all of its ranges in turn (one task each here)
    const outs = [runTaskSync({ spec: a, index: 0 }), runTaskSync({ spec: b, index: 1 })];
    expect(rowsOf(checkSharedRanges([a, b], outs).results)).toEqual(rows);
  });
});

describe('errors and skipped rows', () => {
  test("a confirmed range's error is thrown, by file and line; the failing task stops the others' claims", () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, `k,t\n${Array.from({ length: 100 }, (_, i) => (i === 70 ? 'seventy,x' : `${i},x`)).join('\n')}\n`);
    const { spec, ranges } = stage(path, 60);
    const out = runTaskSync({ spec, index: 0 });
    expect(out.result).toBeNull();
    expect(Atomics.load(new Int32Array((spec.input as { cursor: SharedArrayBuffer }).cursor), 0)).toBeGreaterThanOrEqual(ranges.length);
    expect(() => checkSharedRanges([spec], [out])).toThrow(/bad\.csv.*line 72/);
    const split = stage(path, 60);
    const outs = [claimed(split.spec, evens(ranges.length), 0), claimed(split.spec, odds(ranges.length), 1)];
    expect(() => checkSharedRanges([split.spec, split.spec], outs)).toThrow(/bad\.csv.*line 72/);
  });

  test("an error in a task that read a range wrongly before is not thrown: its batch held that range's rows", () => {
    const path = join(dir, 'carried.csv');
    const rows = Array.from({ length: 100 }, (_, i) => [i, 'x'] as [number, string]);
    writeFileSync(path, `k,t\n${rows.map(([k, t]) => `${k},${t}`).join('\n')}\n`);
    const { spec, ranges } = stage(path, 60);
    const outs = [claimed(spec, evens(ranges.length), 0), claimed(spec, odds(ranges.length), 1)];
    // task 0 guessed range 2 wrong, then failed in range 4 (as pushing a batch with range 2's rows)
    const c = outs[0].claimed!;
    c[1] = { ...c[1], firstRow: c[1].firstRow + 1 };
    c[2] = { ...c[2], nextRow: -1, error: errorToData(new Error('a value of the wrongly read range')) };
    outs[0] = { ...outs[0], claimed: c.slice(0, 3), result: null, error: c[2].error };
    expect(rowsOf(checkSharedRanges([spec, spec], outs).results)).toEqual(rows);
  });

  test("rows skipped by onBadLines: counted once each, the first lines in the file's order", () => {
    const path = join(dir, 'ragged.csv');
    writeFileSync(path, `k,t\n${Array.from({ length: 100 }, (_, i) => (i % 10 === 9 ? `${i},x,extra` : `${i},x`)).join('\n')}\n`);
    const { spec, ranges } = stage(path, 50, true);
    // the odd ranges first: a task that claimed later ranges may end first
    const outs = [claimed(spec, odds(ranges.length), 0), claimed(spec, evens(ranges.length), 1)];
    const checked = checkSharedRanges([spec, spec], outs);
    expect(checked.skipped).toBe(10);
    expect(checked.skippedLines).toEqual([11, 21, 31, 41, 51].map((l) => `${path}:${l}`));
    expect(rowsOf(checked.results)).toHaveLength(90);
  });
});

describe('a grouped aggregate on two threads, one partition a worker', () => {
  // ~6 MB in two partitions: each cut into ranges of about 1 MB, claimed in turn
  const path = join(dir, 'groups.csv');
  const n = 300_000;
  const rand = mulberry32(7);
  const lines = Array.from({ length: n }, () => `id${String(Math.floor(rand() * 20_000)).padStart(6, '0')},${Math.floor(rand() * 100)},${(rand() * 100).toFixed(4)},${'x'.repeat(Math.floor(rand() * 8))}`);
  writeFileSync(path, `id,v,w,pad\n${lines.join('\n')}\n`);
  const blocksize = Math.ceil(statSync(path).size / 2) + 100;
  const query = () => readCsvAnyBlocksize(path, { blocksize }).groupBy('id')
    .agg(col('v').sum().alias('s'), col('v').count().alias('c'), col('v').min().alias('lo'), col('w').max().alias('hi'), col('w').mean().alias('m'));

  test('reads the ranges in turn and gives the same groups as one thread', async () => {
    const pool = new LocalPool({ workers: 2 });
    try {
      expect(query().explain({ executor: pool })).toMatch(/scan: \d+ range\(s\) of up to 1\.\d MB, claimed in turn by 2 task\(s\), one a worker/);
      const shared = (await query().compute({ executor: pool })).toRows();
      const inline = (await query().compute({ executor: new InlineExecutor() })).toRows();
      expect(shared.length).toBe(inline.length);
      expect(shared.length).toBeGreaterThan(19_000);
      shared.forEach((r, i) => {
        const { m, ...exact } = r;
        const { m: m1, ...exact1 } = inline[i];
        expect(exact).toEqual(exact1);
        expect(m as number).toBeCloseTo(m1 as number, 9);
      });
    } finally {
      await pool.close();
    }
  });

  test('a key estimated past a quarter of the budget, within half: still claimed (one partial a worker), with the answers of the split plan', async () => {
    // ~40 k integer keys, 12 rows each (hashed, not sorted); 56 bytes a group (key 32, sum 16, count 8): a quarter of 13 MB over two
    // workers holds ~30 k groups, half ~60 k; a quarter of 6 MB the floor of 16 k, half 32 k
    const ints = join(dir, 'int-groups.csv');
    const r = mulberry32(11);
    writeFileSync(ints, `k,v\n${Array.from({ length: 480_000 }, () => `${Math.floor(r() * 40_000)},${Math.floor(r() * 100)}`).join('\n')}\n`);
    const bs = Math.ceil(statSync(ints).size / 2) + 100;
    const q = () => readCsvAnyBlocksize(ints, { blocksize: bs }).groupBy('k').agg(col('v').sum().alias('s'), col('v').count().alias('c'));
    const pool = new LocalPool({ workers: 2 });
    try {
      expect(q().explain({ executor: pool, memoryLimit: '13MB' })).toMatch(/claimed in turn by 2 task\(s\)/);
      expect(q().explain({ executor: pool, memoryLimit: '6MB' })).not.toMatch(/claimed in turn/);
      const claimed = (await q().compute({ executor: pool, memoryLimit: '13MB' })).toRows();
      const split = (await q().compute({ executor: pool, memoryLimit: '6MB' })).toRows();
      const inline = (await q().compute({ executor: new InlineExecutor() })).toRows();
      expect(claimed.length).toBeGreaterThan(39_000);
      expect(claimed).toEqual(inline);
      expect(split).toEqual(inline);
    } finally {
      await pool.close();
    }
  });

  test('not where the order of rows counts (first, last) or where workers share no memory', () => {
    const pool = { concurrency: 2, run: () => Promise.reject(new Error('not run')), close: async () => {} } as Executor;
    expect(query().explain({ executor: pool })).not.toMatch(/claimed in turn/);
    const firsts = readCsvAnyBlocksize(path, { blocksize }).groupBy('id').agg(col('v').first());
    expect(firsts.explain({ executor: { ...pool, sharedMemory: true } as Executor })).not.toMatch(/claimed in turn/);
    expect(query().explain({ executor: { ...pool, sharedMemory: true } as Executor })).toMatch(/claimed in turn/);
  });

  test('not for files whose sample has quoted values with line feeds (wrong first-row guesses likely)', () => {
    const quoted = join(dir, 'comments.csv');
    writeFileSync(quoted, `id,v,note\n${lines.slice(0, 100_000).map((l, i) => `${l.split(',').slice(0, 2).join(',')},"row ${i}\nsecond line"`).join('\n')}\n`);
    const pool = { concurrency: 2, sharedMemory: true, run: () => Promise.reject(new Error('not run')), close: async () => {} } as Executor;
    const bs = Math.ceil(statSync(quoted).size / 2) + 100;
    const q = readCsvAnyBlocksize(quoted, { blocksize: bs }).groupBy('v').agg(col('id').count().alias('n'));
    expect(q.explain({ executor: pool })).toMatch(/aggregate: 2 partial\(s\)/);
    expect(q.explain({ executor: pool })).not.toMatch(/claimed in turn/);
  });
});
