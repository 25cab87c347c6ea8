/**
 * Which scanned columns a query only carries (optimizer/carried-columns.ts), and that a mostly
 * distinct carried text column read as its rows' strings gives the same answers as the
 * dictionary: selects, filters, joins, sorts and groupings over 300 k distinct ids, through
 * compute() and writeCsv, with and without the rewrite rules.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { InlineExecutor } from '@floe/scheduler';
import { readCsvAnyBlocksize } from '../api/read-csv.js';
import type { DataFrame } from '../api/dataframe.js';
import { col, concat, shutdown } from '../index.js';
import { scansOf } from '../plan/logical-plan.js';
import { Rng } from '../testing/random-csv.js';
import { optimize, withoutRewrites } from './optimize.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-carried-'));
afterAll(async () => {
  await shutdown();
  rmSync(dir, { recursive: true, force: true });
});
const executor = new InlineExecutor();

// 300 k rows: id mostly distinct (past a dictionary's 262 k bound), k 10 keys, v ints, note text with some non-ASCII and nulls
const path = join(dir, 'x.csv');
const rng = new Rng(29);
const lines: string[] = [];
for (let r = 0; r < 300_000; r++) {
  const id = rng.chance(0.02) ? '' : `u${rng.int(0, 2_000_000).toString(36)}`;
  const note = rng.chance(0.05) ? '' : rng.chance(0.1) ? `"café, ${r % 97}"` : `n${r % 5000}`;
  lines.push(`${id},k${rng.int(0, 9)},${rng.int(-1000, 1000)},${note}`);
}
writeFileSync(path, `id,k,v,note\n${lines.join('\n')}\n`);
const keysPath = join(dir, 'keys.csv');
writeFileSync(keysPath, `k,label\n${Array.from({ length: 8 }, (_, i) => `k${i},L${i}`).join('\n')}\n`);

const x = (): DataFrame => readCsvAnyBlocksize(path, { blocksize: 1 << 20 });
const keys = (): DataFrame => readCsvAnyBlocksize(keysPath);

function carriedOf(df: DataFrame): string[][] {
  return scansOf(optimize(df.plan)).map((s) => [...(s.carried ?? [])].sort());
}

async function rowsOf(df: DataFrame): Promise<unknown[]> {
  return (await df.compute({ executor })).toRows();
}

function csvOf(files: readonly string[]): string {
  return [...files].sort().map((f) => readFileSync(f, 'utf8')).join('');
}

describe('which columns a query carries', () => {
  test('a select, a filter, a rename, a sort and a join carry what they only pass on', () => {
    expect(carriedOf(x())).toEqual([['id', 'k', 'note', 'v']]);
    expect(carriedOf(x().filter(col('v').gt(0)).select('id', 'note'))).toEqual([['id', 'note']]);
    expect(carriedOf(x().select(col('id').alias('who'), col('k')).filter(col('who').eq('u1')))).toEqual([['k']]);
    expect(carriedOf(x().sort('note'))).toEqual([['id', 'k', 'v']]);
    expect(carriedOf(x().join(keys(), { on: 'k' }))).toEqual([['id', 'note', 'v'], ['label']]);
    expect(carriedOf(x().withColumns(col('note').str.upper().alias('loud')))).toEqual([['id', 'k', 'v']]);
  });

  test('replaced and swapped names, suffixed and outer joins, concat and limit', () => {
    // `with` replacing a column by an expression of itself: read; the others carried
    expect(carriedOf(x().withColumns(col('note').str.upper().alias('note')))).toEqual([['id', 'k', 'v']]);
    // a swap of two names: the filter on the new `id` reads the old `note`
    expect(carriedOf(x().select(col('id').alias('note'), col('note').alias('id')).filter(col('id').eq('n1')))).toEqual([['id']]);
    // a self-join: the right side's `label` comes out as `label_right`, and a filter on that reads it
    expect(carriedOf(keys().join(keys(), { on: 'k' }).filter(col('label_right').eq('L2')))).toEqual([['label'], []]);
    expect(carriedOf(x().join(keys(), { on: 'k', how: 'outer' }))).toEqual([['id', 'note', 'v'], ['label']]);
    expect(carriedOf(concat([x(), x()]).filter(col('note').eq('n1')).limit(5))).toEqual([['id', 'k', 'v'], ['id', 'k', 'v']]);
  });

  test('keys, windows and aggregates compare what they read; unique() by some columns carries the others', () => {
    expect(carriedOf(x().groupBy('id').agg(col('v').sum()))).toEqual([[]]);
    expect(carriedOf(x().unique(['note']))).toEqual([['id', 'k', 'v']]);
    expect(carriedOf(x().select('id', 'k', col('v').cumSum().over('k').alias('c')))).toEqual([['id']]);
    expect(carriedOf(x().join(keys(), { on: 'k' }).filter(col('label').eq('L1')))).toEqual([['id', 'note', 'v'], []]);
  });
});

describe('a carried mostly distinct column: the same answers', () => {
  const queries: [string, () => DataFrame][] = [
    ['every column', () => x()],
    ['a filter and a projection', () => x().filter(col('v').gt(500)).select('note', 'id')],
    ['a join on another column', () => x().join(keys(), { on: 'k' })],
    ['a sort by another column', () => x().filter(col('v').lt(-900)).sort('v', 'k')],
    ['a grouping by the distinct column', () => x().groupBy('id').agg(col('v').sum())],
  ];

  test.each(queries)('%s: compute() with and without the rules', async (_, q) => {
    const rewritten = await rowsOf(q());
    const plain = await withoutRewrites(() => rowsOf(q()));
    expect(rewritten.length).toBeGreaterThan(100);
    expect(rewritten).toEqual(plain);
  }, 60_000);

  test('a join whose both sides carry a distinct column, its buckets spilled (text held as bytes through the exchange, the spill files, the join and the CSV writer): the rows and the bytes written without the rules', async () => {
    // r: the join key; id and tag: mostly distinct text, with nulls, quotes, the delimiter and non-ASCII
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    const r2 = new Rng(31);
    const text = (r: number): string => (r2.chance(0.03) ? '' : r2.chance(0.05) ? `"é, ""${r}"""` : `t${r2.int(0, 5_000_000).toString(36)}`);
    // past a dictionary's 262 k bound: each side's text is read as its rows' bytes
    writeFileSync(a, `r,id\n${Array.from({ length: 300_000 }, (_, r) => `${r % 280_000},${text(r)}`).join('\n')}\n`);
    writeFileSync(b, `r,tag,n\n${Array.from({ length: 280_000 }, (_, r) => `${(r * 11) % 280_000},${text(r)},${r}`).join('\n')}\n`);
    const q = (): DataFrame => readCsvAnyBlocksize(a, { blocksize: 256 << 10 }).join(readCsvAnyBlocksize(b, { blocksize: 256 << 10 }), { on: 'r' });
    expect(carriedOf(q())).toEqual([['id'], ['n', 'tag']]);
    const opts = { executor, memoryLimit: '8MB' };
    const rewritten = (await q().compute(opts)).toRows();
    const plain = await withoutRewrites(async () => (await q().compute(opts)).toRows());
    expect(rewritten.length).toBe(300_000);
    expect(rewritten).toEqual(plain);
    // in worker threads: a result's dictionaries held as bytes are made plain before they cross
    expect((await q().compute({ memoryLimit: '8MB' })).toRows()).toEqual(plain);
    // a sort of a side by its key, out of core: its text gathered from sorted runs, permuted, collected
    const sorted = (): DataFrame => readCsvAnyBlocksize(b, { blocksize: 256 << 10 }).sort('n', { descending: true });
    expect((await sorted().compute(opts)).toRows()).toEqual(await withoutRewrites(async () => (await sorted().compute(opts)).toRows()));
    const w1 = await q().writeCsv(join(dir, 'joined-rules'), opts);
    const w2 = await withoutRewrites(() => q().writeCsv(join(dir, 'joined-plain'), opts));
    expect(csvOf(w1.files)).toEqual(csvOf(w2.files));
  }, 120_000);

  test('a many-to-many join of a carried text column, its buckets spilled, collected: each left value stays with its own rows (a take of as many rows as its dictionary held was copied in the dictionary\'s order)', async () => {
    const a = join(dir, 'm2m-a.csv');
    const b = join(dir, 'm2m-b.csv');
    const r3 = new Rng(37);
    // left: 300 k rows, keys in [0, 280 k), ids mostly distinct (past the dictionary's bound: held as bytes)
    writeFileSync(a, `r,id\n${Array.from({ length: 300_000 }, (_, i) => `${r3.int(0, 279_999)},t${i.toString(36)}x${r3.int(0, 999_999)}`).join('\n')}\n`);
    // right: keys 0 … 139 999, each twice; left rows with a key past them match nothing
    writeFileSync(b, `r,n\n${Array.from({ length: 280_000 }, (_, i) => `${i % 140_000},${i}`).join('\n')}\n`);
    const q = (): DataFrame => readCsvAnyBlocksize(a, { blocksize: 256 << 10 }).join(readCsvAnyBlocksize(b, { blocksize: 256 << 10 }), { on: 'r' });
    const opts = { executor, memoryLimit: '8MB' };
    const key = (r: Record<string, unknown>): string => `${String(r.r)}|${String(r.id)}|${String(r.n)}`;
    const rewritten = (await q().compute(opts)).toRows().map(key).sort();
    const plain = (await withoutRewrites(async () => (await q().compute(opts)).toRows())).map(key).sort();
    expect(rewritten.length).toBeGreaterThan(250_000);
    expect(rewritten).toEqual(plain);
  }, 120_000);

  test('writeCsv of every column: the file written back, byte for byte', async () => {
    const out = join(dir, 'copy');
    const res = await x().writeCsv(out, { executor });
    expect(res.rows).toBe(300_000);
    expect(readdirSync(out).length).toBeGreaterThan(1);
    // a header a part: compare the rows
    const body = csvOf(res.files).split('\n').filter((l) => l !== '' && l !== 'id,k,v,note');
    expect(body).toEqual(lines);
  }, 60_000);
});
