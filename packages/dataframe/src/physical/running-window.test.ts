/**
 * A window over no partition that runs along the rows (cumSum, rowNumber, shift, rolling
 * windows) over a scan's many partitions: each task's columns from what the tasks before it
 * carry — the rows and values of the same query read as one partition (one task holding every
 * row), in the file's order; through compute() and writeCsv, in threads and inline.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { InlineExecutor } from '@floe/scheduler';
import { readCsvAnyBlocksize } from '../api/read-csv.js';
import type { DataFrame } from '../api/dataframe.js';
import { col, rowNumber } from '../index.js';
import { Rng } from '../testing/random-csv.js';
import { csvFormat } from '../io/csv/csv-source.js';
import { scanRequest, type WindowCall } from '../plan/logical-plan.js';
import { shutdown } from './default-executor.js';
import { narrowedScan, type Part } from './operator-graph.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-running-window-'));
afterAll(async () => {
  await shutdown();
  rmSync(dir, { recursive: true, force: true });
});
const executor = new InlineExecutor();

// 20 k rows: id (the row's number), v (quarters, some null), s (text, some null), t (a date), a quoted comma now and then
const path = join(dir, 'rows.csv');
const rng = new Rng(5);
const lines: string[] = [];
for (let r = 0; r < 20_000; r++) {
  const v = rng.chance(0.06) ? '' : (rng.int(-2000, 2000) / 4).toFixed(2);
  const s = rng.chance(0.04) ? '' : rng.chance(0.1) ? `"s${rng.int(1, 30)},x"` : `s${rng.int(1, 30)}`;
  lines.push(`${r},${v},${s},2024-0${rng.int(1, 9)}-1${rng.int(0, 9)}`);
}
writeFileSync(path, `id,v,s,t\n${lines.join('\n')}\n`);
const frame = (blocksize: number): DataFrame => readCsvAnyBlocksize(path, { blocksize, parseDates: ['t'] });

const queries: [string, (df: DataFrame) => DataFrame][] = [
  ['running sums, counts, means, extremes and row numbers', (df) => df.withColumns(
    col('v').cumSum().alias('cs'), col('v').cumCount().alias('cc'), col('v').cumMax().alias('cmax'), col('t').cumMin().alias('first_day'),
    rowNumber().alias('rn'))],
  ['shift, diff and rolling windows reaching back over the tasks\' edges', (df) => df.withColumns(
    col('v').shift(3).alias('lag3'), col('s').shift(1, 'start').alias('prev_s'), col('v').diff().alias('d'),
    col('v').rollingSum(5).alias('rs'), col('v').rollingMean(40, { minPeriods: 1 }).alias('rm'), col('s').rollingMin(3).alias('rmin'))],
  ['shift(-n) and centred rolling windows reaching ahead over the tasks\' edges', (df) => df.withColumns(
    col('v').shift(-1).alias('next'), col('s').shift(-3, 'end').alias('next_s'), col('t').shift(-1000).alias('t_ahead'),
    col('v').rollingMean(5, { center: true, minPeriods: 1 }).alias('cm'), col('s').rollingMax(4, { center: true }).alias('cmax'),
    col('v').shift(-1).sub(col('v').shift(1)).alias('spread'), col('v').cumSum().alias('cs'))],
  ['after a filter that empties whole batches, reaching ahead', (df) => df.filter(col('id').mod(4000).lt(1200)).withColumns(col('id').shift(-2).alias('next2'), col('v').rollingSum(3, { center: true, minPeriods: 0 }).alias('c'))],
  ['after a filter that empties whole batches, of a computed input', (df) => df.filter(col('id').gt(15_000)).withColumns(col('v').fillNull(0).add(1).cumSum().alias('c'), col('v').mul(2).shift(1).alias('p'))],
  ['after a filter, with a window in the next filter', (df) => df.filter(col('v').gt(0)).withColumns(col('v').cumSum().alias('cs')).filter(rowNumber().le(5000))],
];

// sorted out of core first (a budget the rows do not fit in): the sort's key ranges, in order —
// of the rows three times over (1.7 MB: ranges of at most 1 MiB, so more than one on one worker)
const sortedQuery = (df: DataFrame): DataFrame => df.sort(['v', 'id'], { descending: [true, false] }).withColumns(col('v').cumSum().alias('cs'), rowNumber().alias('rn'), col('id').shift(1).alias('prev'), col('id').shift(-1).alias('next'));

/**
 * 6000 rows of six fields, `long`: some too long (else only some too short): quoted commas,
 * doubled and backslash-escaped quotes and line breaks in `a`, quoted null spellings, comment
 * lines with quotes of their own.
 */
function messyFile(name: string, long: boolean): string {
  const r = new Rng(77);
  const rows: string[] = [];
  for (let i = 0; i < 6000; i++) {
    if (r.chance(0.01)) { rows.push(`# a comment ${i}, with "quotes`); continue; }
    const text = r.chance(0.1) ? `"q ${i}, ""x"" \\" \n line"` : r.chance(0.1) ? `"a,b,${i}"` : `t${i}`;
    const fields = [String(i), r.chance(0.05) ? '' : String(r.int(-50, 50)), text, String(r.int(0, 9)), r.chance(0.1) ? '"NA"' : 'NA', `${i}.5`];
    const ragged = r.int(0, 99);
    if (ragged === 0) fields.pop();
    else if (long && ragged === 1) fields.push('extra');
    rows.push(fields.join(','));
  }
  writeFileSync(join(dir, name), `id,v,a,b,c,d\n${rows.join('\n')}\n`);
  return join(dir, name);
}

describe('a running window over a scan\'s partitions', () => {
  test('plans as tasks that sum up their rows, then the scan again with each task\'s carry', () => {
    const text = frame(16 * 1024).withColumns(col('v').cumSum().alias('cs')).explain({ executor });
    expect(text).toContain('sum up their rows');
    expect(frame(16 * 1024).withColumns(col('v').shift(-1).alias('next')).explain({ executor })).toContain('sum up their rows');
    expect(frame(16 * 1024).withColumns(col('v').shift(-2000).alias('far')).explain({ executor })).not.toContain('sum up their rows');
  });

  for (const [name, query] of queries) {
    test(`${name}: the rows of one task, in the file's order`, async () => {
      const planned = query(frame(16 * 1024));
      expect(planned.explain({ executor })).toContain('sum up their rows');
      const got = (await planned.compute({ executor })).toRows();
      const whole = (await query(frame(1 << 30)).compute({ executor })).toRows();
      expect(got.length).toBeGreaterThan(4000);
      expect(got).toEqual(whole);
      const ids = got.map((r) => r.id as number);
      expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
    });
  }

  test('after an out-of-core sort: along its key ranges, in the sort\'s order', async () => {
    const small = { executor, memoryLimit: '256KB' };
    const big = join(dir, 'big.csv');
    writeFileSync(big, `id,v,s,t\n${[0, 1, 2].flatMap((c) => lines.map((l, i) => `${c * 20_000 + i}${l.slice(l.indexOf(','))}`)).join('\n')}\n`);
    const thrice = (blocksize: number): DataFrame => readCsvAnyBlocksize(big, { blocksize, parseDates: ['t'] });
    const planned = sortedQuery(thrice(16 * 1024));
    const text = planned.explain(small);
    expect(text).toMatch(/range exchange into [2-9]\d* key range/);
    expect(text).toContain('sum up their rows');
    const got = (await planned.compute(small)).toRows();
    const whole = (await sortedQuery(thrice(1 << 30)).compute({ executor })).toRows();
    expect(got.length).toBe(60_000);
    expect(got).toEqual(whole);
    expect(got.map((r) => r.rn)).toEqual(Array.from({ length: 60_000 }, (_, i) => i + 1));
  });

  test('an ordered window over no partition, on input too large to sort in memory: sorted out of core, run along, sorted back (the rows of one task)', async () => {
    const small = { executor, memoryLimit: '256KB' };
    const q = (df: DataFrame): DataFrame => df.withColumns(
      rowNumber().over({ orderBy: 'v' }).alias('rn'),
      col('s').shift(1).over({ orderBy: 'v' }).alias('prev_s'),
      col('id').shift(-2).over({ orderBy: 'v' }).alias('next2'),
      col('v').cumSum().over({ orderBy: 'v' }).alias('cs'),
      col('id').rollingMax(5, { center: true }).over({ orderBy: 'v' }).alias('near'),
    );
    // of the rows three times over (1.7 MB: more than one key range), and once (one range)
    const big = join(dir, 'big-ordered.csv');
    writeFileSync(big, `id,v,s,t\n${[0, 1, 2].flatMap((c) => lines.map((l, i) => `${c * 20_000 + i}${l.slice(l.indexOf(','))}`)).join('\n')}\n`);
    const thrice = (blocksize: number): DataFrame => readCsvAnyBlocksize(big, { blocksize, parseDates: ['t'] });
    for (const [read, rows, ranges] of [[thrice, 60_000, /into [2-9]\d* key range/], [frame, 20_000, /into 1 key range/]] as const) {
      const planned = q(read(16 * 1024));
      const text = planned.explain(small);
      expect(text.match(/range exchange/g)?.length).toBe(2);
      expect(text).toMatch(ranges);
      expect(text).toContain('sum up their rows');
      expect(planned.explain({ executor })).not.toContain('range exchange');
      const got = (await planned.compute(small)).toRows();
      const whole = (await q(read(1 << 30)).compute({ executor })).toRows();
      expect(got.length).toBe(rows);
      expect(got).toEqual(whole);
    }
    // descending, ties (a date of ~90 values), nulls last: one order for every call
    const byDay = (df: DataFrame): DataFrame => df.withColumns(
      rowNumber().over({ orderBy: ['t', 'v'], descending: [true, false] }).alias('rn'),
      col('v').shift(-1).over({ orderBy: ['t', 'v'], descending: [true, false] }).alias('nv'),
    );
    expect(byDay(frame(16 * 1024)).explain(small)).toContain('sum up their rows');
    expect((await byDay(frame(16 * 1024)).compute(small)).toRows()).toEqual((await byDay(frame(1 << 30)).compute({ executor })).toRows());
    // ranks: sorted by the order alone, each peer group in one key range
    const ranks = (df: DataFrame): DataFrame => df.withColumns(
      col('v').rank().alias('r'), col('v').rank({ method: 'dense' }).alias('dense'), col('v').rank({ method: 'max' }).alias('rmax'), col('v').rank({ method: 'average' }).alias('ravg'),
    );
    const ranksOf = (df: DataFrame): DataFrame => df.withColumns(col('t').rank({ descending: true }).alias('r'), col('t').rank({ method: 'dense', descending: true }).alias('d'));
    for (const q2 of [ranks, ranksOf]) {
      const text2 = q2(thrice(16 * 1024)).explain(small);
      expect(text2).toMatch(/into [2-9]\d* key range/);
      expect(text2).toContain('sum up their rows');
      expect((await q2(thrice(16 * 1024)).compute(small)).toRows()).toEqual((await q2(thrice(1 << 30)).compute({ executor })).toRows());
    }
    // two orders, or row numbers beside ranks, stay one task
    expect(frame(16 * 1024).withColumns(rowNumber().over({ orderBy: 'v' }).alias('a'), rowNumber().over({ orderBy: 't' }).alias('b')).explain(small)).not.toContain('sum up their rows');
    expect(frame(16 * 1024).withColumns(col('v').rank().alias('r'), rowNumber().over({ orderBy: 'v' }).alias('a')).explain(small)).not.toContain('sum up their rows');
  });

  test('a bad line skipped is counted once, though the file is read twice', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `id,v\n${Array.from({ length: 3000 }, (_, i) => (i === 1700 ? 'junk' : `${i},${i % 7}`)).join('\n')}\n`);
    const t = await readCsvAnyBlocksize(bad, { blocksize: 4096, onBadLines: 'skip' }).withColumns(col('v').cumSum().alias('c')).compute({ executor });
    expect([t.numRows, t.skippedRows, t.toRows().at(-1)!.c]).toEqual([2999, 1, Array.from({ length: 3000 }, (_, i) => (i === 1700 ? 0 : i % 7)).reduce((a, b) => a + b, 0)]);
  });

  test('the first read parses only what its filters and the calls read; a bad value elsewhere still fails the query', async () => {
    const scan = frame(16 * 1024).plan;
    if (scan.kind !== 'scan' || scan.source.format !== 'csv') throw new Error('a CSV scan');
    const planned = csvFormat.plan(scan.source, scanRequest(scan, null))[0];
    const part: Part = { ...planned, stages: [], est: planned.bytes, local: false };
    const call = (fn: WindowCall['fn'], arg: string | null): WindowCall => ({ name: `w_${fn}`, fn, arg, orderBy: [], nullsLast: false, frame: null });
    const names = (p: Part): string[] => p.scan!.fields.map((f) => f.name);
    expect(names(narrowedScan({ ...part, stages: [{ kind: 'filter', predicate: col('t').gt(0).node }] }, [call('lag', 'v')]))).toEqual(['v', 't']);
    expect(names(narrowedScan(part, [call('rowNumber', null)]))).toEqual(['id']);
    const projected: Part = { ...part, stages: [{ kind: 'project', exprs: [col('v').node], mode: 'with' }] };
    expect(narrowedScan(projected, [call('lag', 'v')])).toBe(projected);

    const typed = join(dir, 'typed.csv');
    writeFileSync(typed, `v,n\n${Array.from({ length: 5000 }, (_, i) => `${i},${i === 4321 ? 'oops' : i}`).join('\n')}\n`);
    await expect(readCsvAnyBlocksize(typed, { blocksize: 4096, dtypes: { n: 'int64' } }).withColumns(col('v').cumSum().alias('c')).compute({ executor }))
      .rejects.toThrow(/oops/);
  });

  test('its two reads keep the same rows: skipped fields with quoted commas and line breaks, ragged rows skipped or padded, comments, escapes', async () => {
    const q = (df: DataFrame): DataFrame => df.filter(col('id').gt(10)).withColumns(col('v').cumSum().alias('cs'), rowNumber().alias('rn'), col('v').shift(2).alias('p'), col('a').shift(-1).alias('n'));
    for (const onBadLines of ['skip', 'pad'] as const) {
      // pad pads rows that are too short, and still refuses rows that are too long
      const messy = messyFile(`messy-${onBadLines}.csv`, onBadLines === 'skip');
      const read = (blocksize: number): DataFrame => readCsvAnyBlocksize(messy, { blocksize, onBadLines, comment: '#', escape: '\\', dtypes: { a: 'string' } });
      const planned = q(read(4096));
      expect(planned.explain({ executor })).toContain('sum up their rows');
      const got = await planned.compute({ executor });
      const whole = await q(read(1 << 30)).compute({ executor });
      expect(got.numRows).toBeGreaterThan(5000);
      expect([got.toRows(), got.skippedRows]).toEqual([whole.toRows(), whole.skippedRows]);
    }
  });

  test('in worker threads, and written to files: the rows of one task', async () => {
    const q = (df: DataFrame) => df.withColumns(col('v').cumSum().alias('cs'), rowNumber().alias('rn'), col('v').shift(2).alias('p'), col('s').shift(-1).alias('n'));
    const out = join(dir, 'out');
    await q(frame(16 * 1024)).writeCsv(out);
    expect(readdirSync(out).filter((f) => f.endsWith('.csv')).length).toBeGreaterThan(4);
    const written = (await readCsvAnyBlocksize(join(out, '*.csv'), { parseDates: ['t'] }).compute({ executor })).toRows();
    const whole = (await q(frame(1 << 30)).compute({ executor })).toRows();
    expect(written.length).toBe(20_000);
    expect(written).toEqual(whole);
    expect(readFileSync(join(out, readdirSync(out).filter((f) => f.endsWith('.csv')).sort()[0]), 'utf8').split('\n')[0]).toBe('id,v,s,t,cs,rn,p,n');
  });
});
