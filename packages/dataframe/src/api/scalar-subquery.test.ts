/**
 * fillNull with a strategy: mean/min/max come from the WHOLE frame (a first pass), not from
 * each partition; forward/backward are refused (they need row order across partitions).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { col } from '../index.js';
import { readCsvAnyBlocksize } from './read-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-fill-'));
const path = join(dir, 'v.csv');
// 400 rows, in partitions of ~1 KB: v is 0..399 with every tenth null, so no partition's
// own mean equals the whole frame's
const lines = ['k,v,s'];
for (let i = 0; i < 400; i++) lines.push(`${i % 3},${i % 10 === 0 ? '' : i},${i % 7 === 0 ? '' : `s${i % 5}`}`);
writeFileSync(path, `${lines.join('\n')}\n`);
const df = readCsvAnyBlocksize(path, { blocksize: 1024 });
const present = Array.from({ length: 400 }, (_, i) => i).filter((i) => i % 10 !== 0);
const mean = present.reduce((a, b) => a + b, 0) / present.length;

describe('fillNull({ strategy })', () => {
  test('the input spans many partitions', () => {
    expect(df.npartitions).toBeGreaterThan(3);
  });
  test("'mean' fills with the mean of the whole frame (int64 becomes float64)", async () => {
    const t = await df.withColumns(col('v').fillNull({ strategy: 'mean' })).compute();
    expect(t.schema[1]).toEqual({ name: 'v', dtype: 'float64' });
    const v = t.column('v').toArray();
    expect(v[0]).toBeCloseTo(mean, 12);
    expect(v[390]).toBeCloseTo(mean, 12);
    expect(v[1]).toBe(1);
  });
  test("'min', 'max' and 'zero' (min/max keep the type; strings too)", async () => {
    const t = await df.select(
      col('v').fillNull({ strategy: 'min' }).alias('mn'),
      col('v').fillNull({ strategy: 'max' }).alias('mx'),
      col('v').fillNull({ strategy: 'zero' }).alias('z'),
      col('s').fillNull({ strategy: 'max' }).alias('s'),
    ).compute();
    expect(t.schema.map((f) => f.dtype)).toEqual(['int64', 'int64', 'int64', 'string']);
    expect(t.toRows()[0]).toEqual({ mn: 1, mx: 399, z: 0, s: 's4' });
  });
  test('after a filter, the statistic is of the filtered rows', async () => {
    const t = await df.filter(col('v').lt(100).or(col('v').isNull())).withColumns(col('v').fillNull({ strategy: 'max' })).compute();
    expect(t.column('v').get(0)).toBe(99);
  });
  test('on the whole DataFrame: every column of a fitting type', async () => {
    const t = await df.fillNull({ strategy: 'min' }).compute();
    expect(t.toRows()[0]).toEqual({ k: 0, v: 1, s: 's0' });
    const z = await df.fillNull(-1).compute();
    expect(z.toRows()[0]).toEqual({ k: 0, v: -1, s: null });
  });
  test('a fill value beyond 2^53 is refused, naming the column and the strategy (it named floe\'s own s0)', async () => {
    const big = join(dir, 'big.csv');
    writeFileSync(big, 'i\n-9011585243160570\n\n5\n');
    await expect(readCsvAnyBlocksize(big).select(col('i').fillNull({ strategy: 'min' })).compute())
      .rejects.toThrow('fillNull: the fill value -9011585243160570 (col("i").min()[whole frame]) is beyond 2^53; cast the column to float64 first');
  });
  test('inside agg() it is refused with the way out; forward/backward are refused', () => {
    expect(() => df.agg(col('v').fillNull({ strategy: 'mean' }).sum())).toThrow('fillNull({ strategy: "mean" }) is computed over the whole frame, so it can be used in select(), withColumns(), filter() and sort(), not inside groupBy()/agg()');
    expect(() => col('v').fillNull({ strategy: 'forward' })).toThrow("fillNull({ strategy: 'forward' }) is not supported: it needs the row order across partitions");
    // an unknown one lists only the strategies that work
    expect(() => col('v').fillNull({ strategy: 'avg' } as never)).toThrow(`fillNull: unknown strategy "avg"; use one of 'mean', 'min', 'max', 'zero' (or a value)`);
    expect(() => df.select(col('s').fillNull({ strategy: 'mean' }))).toThrow("fillNull({ strategy: 'mean' }): mean() needs a numeric column, but col(\"s\") is string");
  });
  test('explain shows the whole-frame value', () => {
    expect(df.withColumns(col('v').fillNull({ strategy: 'mean' })).explain()).toContain('col("v").fillNull(col("v").mean()[whole frame])');
  });
});
