/**
 * The driver's last step of an operator-graph stage (gather.ts), through the API on in-thread
 * executors: LIMIT … OFFSET cuts after a sort (top-k) and after a join (concat), a limit
 * larger than the rows, grouped results merged in key order from several reduce tasks, a group
 * head by an expression key (its helper column dropped after the merge), and a write with no
 * rows. Each answer is checked against plain JS or against the same query without the cut.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InlineExecutor } from '@floe/scheduler';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { col, readCsv } from '../index.js';
import { readCsvAnyBlocksize } from '../api/read-csv.js';
import { isUniqueDictionary } from '../kernels/unique-dictionary.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-gather-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** In-thread, but planned as for two workers: aggregates and shuffles get two or more reduce tasks. */
class TwoWide extends InlineExecutor {
  override readonly concurrency = 2;
}
const executors = [['inline', new InlineExecutor()], ['two-wide inline', new TwoWide()]] as const;

const N = 60;
// k: 0..6 with a null every 11th row; g: 0..12 with a null every 9th; v: a permutation of 0..59
const rows = Array.from({ length: N }, (_, i) => ({ k: i % 11 === 5 ? null : (i * 5) % 7, g: i % 9 === 4 ? null : (i * 7) % 13, v: (i * 17) % N, s: `r${i}` }));
const path = join(dir, 'rows.csv');
writeFileSync(path, `k,g,v,s\n${rows.map((r) => `${r.k ?? ''},${r.g ?? ''},${r.v},${r.s}`).join('\n')}\n`);
const right = join(dir, 'right.csv');
writeFileSync(right, 'k,w\n0,100\n1,101\n2,102\n3,103\n');
const frame = () => readCsvAnyBlocksize(path, { blocksize: 64 });
const byV = [...rows].sort((a, b) => a.v - b.v);

describe.each(executors)('gather on the %s executor', (_, executor) => {
  const run = (df: ReturnType<typeof frame>) => df.compute({ executor });
  // a 1-byte budget: no sort fits on the driver, so a sort runs on the operator graph (top-k, external)
  const tight = (df: ReturnType<typeof frame>) => df.compute({ executor, memoryLimit: 1 });

  test('a top-k with an offset: the rows ranked offset … offset+n', async () => {
    expect((await tight(frame().sort('v').slice(5, 7))).toRows()).toEqual(byV.slice(5, 12));
    expect((await tight(frame().sort('v', { descending: true }).slice(55))).toRows()).toEqual([...byV].reverse().slice(55));
    // the cut rows feed a join: the next stage reads the gathered chunk by its length
    const cutThenJoined = await tight(frame().sort('v').slice(5, 7).join(readCsv(right), { on: 'k' }).sort('v'));
    expect(cutThenJoined.toRows().map((r) => r.v)).toEqual(byV.slice(5, 12).filter((r) => r.k !== null && r.k <= 3).map((r) => r.v));
    const past = await tight(frame().sort('v').slice(70, 3));
    expect([past.numRows, past.columnNames]).toEqual([0, ['k', 'g', 'v', 's']]);
  });

  test('a limit larger than the rows gives every row, once', async () => {
    for (const t of [await tight(frame().sort('v').limit(1000)), await tight(frame().sort('v')), await run(frame().sort('v').limit(1000))]) {
      expect(t.numRows).toBe(N);
      expect(t.toRows()).toEqual(byV);
    }
  });

  test('a join cut by LIMIT … OFFSET gives the same rows as the join without the cut, from the offset', async () => {
    const joined = () => frame().join(readCsv(right), { on: 'k' });
    const whole = (await run(joined())).toRows();
    expect(whole.length).toBe(rows.filter((r) => r.k !== null && r.k <= 3).length);
    expect((await run(joined().slice(3, 4))).toRows()).toEqual(whole.slice(3, 7));
    expect((await run(joined().limit(5))).toRows()).toEqual(whole.slice(0, 5));
    expect((await run(joined().slice(whole.length - 2, 10))).toRows()).toEqual(whole.slice(-2));
  });

  test('grouped results come out in key order, null last, without a sort', async () => {
    const t = await run(frame().groupBy('g', { keepNullKeys: true }).agg(col('v').sum().alias('sv'), col('*').count().alias('n')));
    const want = new Map<number | null, { sv: number; n: number }>();
    for (const r of rows) { const e = want.get(r.g) ?? { sv: 0, n: 0 }; e.sv += r.v; e.n++; want.set(r.g, e); }
    const keys = [...want.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a - b));
    expect(t.toRows()).toEqual(keys.map((g) => ({ g, ...want.get(g)! })));
  });

  test('first rows per group of an expression key: file order within a group, groups in key order, the key column dropped', async () => {
    const t = await run(frame().groupBy(col('v').mod(5).alias('m')).head(2));
    expect(t.columnNames).toEqual(['k', 'g', 'v', 's']);
    expect(t.toRows()).toEqual([0, 1, 2, 3, 4].flatMap((m) => rows.filter((r) => r.v % 5 === m).slice(0, 2)));
  });

  test('a sorted frame with no rows writes one part file holding the header', async () => {
    const out = join(dir, `empty-${executor.concurrency}`);
    const res = await frame().filter(col('v').lt(0)).sort('v').writeCsv(out, { executor });
    expect(res.rows).toBe(0);
    const files = readdirSync(out);
    expect(files.length).toBe(1);
    expect(res.files).toEqual([join(out, files[0])]);
    expect(readFileSync(join(out, files[0]), 'utf8')).toBe('k,g,v,s\n');
  });

  test('rows skipped on the way to a grouped result are reported once each, by line', async () => {
    const bad = join(dir, `bad-${executor.concurrency}.csv`);
    writeFileSync(bad, `k,v\n${Array.from({ length: 30 }, (_, i) => (i === 7 || i === 21 ? `${i % 4},${i},x` : `${i % 4},${i}`)).join('\n')}\n`);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const t = await readCsvAnyBlocksize(bad, { blocksize: 48, onBadLines: 'warn' }).groupBy('k').agg(col('v').sum()).compute({ executor });
      expect(t.skippedRows).toBe(2);
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([`floe: skipped 2 row(s) with the wrong number of fields (first at ${bad}:9, ${bad}:23)`]);
    } finally {
      warn.mockRestore();
    }
  });

  test('a grouped aggregate written to files: its groups in key order across the part files, as compute() gives them', async () => {
    const grouped = () => frame().groupBy('v').agg(col('k').max().alias('mk'), col('*').count().alias('n'));
    const want = (await run(grouped())).toRows().map((r) => `${r.v},${r.mk ?? ''},${r.n}`);
    expect(want.length).toBe(N);
    for (const memoryLimit of [1, 1 << 30]) {
      const out = join(dir, `grouped-${executor.concurrency}-${memoryLimit}`);
      const res = await grouped().writeCsv(out, { executor, memoryLimit });
      expect(res.rows).toBe(N);
      const lines = res.files.flatMap((f) => readFileSync(f, 'utf8').split('\n').slice(1).filter((l) => l !== ''));
      expect(lines, `memoryLimit ${memoryLimit}`).toEqual(want);
    }
  });

  test('a small grouped aggregate written to one CSV file: each reduce task\'s lines merged by key hold what compute() gives', async () => {
    // string keys that need quoting (a comma, a quote, a newline), a null key, null and float values
    const names = ['a,b', 'say "hi"', 'two\nlines', 'plain', 'NA', 'é'];
    // ~150 rows a group: hashed into partials (as many groups as rows would be sorted instead)
    const text = ['g,v,w', ...Array.from({ length: 2000 }, (_, i) => `${i % 9 === 4 ? '' : JSON.stringify(names[(i * 7) % 13 % names.length] + ((i * 7) % 13))},${i},${i % 4 === 0 ? '' : i / 8}`)].join('\n');
    const keyed = join(dir, `keyed-${executor.concurrency}.csv`);
    writeFileSync(keyed, `${text.replaceAll('\\"', '""')}\n`);
    const grouped = () => readCsvAnyBlocksize(keyed, { blocksize: 4096 }).groupBy('g').agg(col('v').sum().alias('sv'), col('w').mean().alias('mw'), col('*').count().alias('n'));
    const want = await run(grouped());
    expect(want.numRows).toBeGreaterThanOrEqual(13);
    for (const delimiter of [',', '::']) {
      const out = join(dir, `small-${executor.concurrency}-${delimiter.length}`);
      const groups = new Set<string>();
      const res = await grouped().writeCsv(out, { executor, delimiter, onEvent: (e) => { if (e.type === 'task-done') groups.add(e.group); } });
      // reduce tasks, and no write task: the lines are merged into the file by the gather
      expect([groups.has('reduce'), groups.has('write')]).toEqual([true, false]);
      expect(res.rows).toBe(want.numRows);
      expect(res.files.length).toBe(1);
      const back = await readCsv(res.files[0], { delimiter }).compute();
      expect(back.toRows(), `delimiter ${delimiter}`).toEqual(want.toRows());
    }
  });

  test('merged reduce tasks\' key columns: a dictionary known to hold each string once does (one key\'s values are in one task only; of two keys, only the pairs are)', async () => {
    const text = ['a,b,v', ...Array.from({ length: 3000 }, (_, i) => `k${(i * 7) % 50},m${(i * 3) % 40},${i}`)].join('\n');
    const keyed = join(dir, `pairs-${executor.concurrency}.csv`);
    writeFileSync(keyed, `${text}\n`);
    const frame2 = () => readCsvAnyBlocksize(keyed, { blocksize: 4096 });
    for (const keys of [['a'], ['a', 'b']]) {
      const t = await frame2().groupBy(...keys).agg(col('v').sum().alias('sv')).compute({ executor });
      expect(t.numRows).toBe(keys.length === 1 ? 50 : 200);
      for (const k of keys) {
        const dict = t.column(k).data.dict!;
        if (isUniqueDictionary(dict)) expect(new Set(dict).size, `${keys.join('+')}: ${k}`).toBe(dict.length);
      }
      if (keys.length === 1 && executor.concurrency > 1) expect(isUniqueDictionary(t.column('a').data.dict!)).toBe(true);
    }
  });

  test('a grouped aggregate of one partition written to files (no exchange: one gather) holds what compute() gives', async () => {
    const one = () => readCsv(path).join(readCsv(right), { on: 'k' }).groupBy('w').agg(col('v').sum().alias('sv'));
    const want = (await run(one())).toRows().map((r) => `${r.w},${r.sv}`);
    expect(want.length).toBe(4);
    const out = join(dir, `one-${executor.concurrency}`);
    const res = await one().writeCsv(out, { executor });
    expect(res.files.flatMap((f) => readFileSync(f, 'utf8').split('\n').slice(1).filter((l) => l !== ''))).toEqual(want);
  });
});
