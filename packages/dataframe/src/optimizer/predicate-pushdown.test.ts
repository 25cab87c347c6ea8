/**
 * Predicate pushdown, seen through the answers it must not change: a filter may move below a
 * projection or a sort only when the columns it reads pass through unchanged, and never below
 * a limit. Each query runs on a tiny file, whole and cut into many partitions.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { col, readCsv, shutdown, type DataFrame } from '../index.js';
import { readCsvAnyBlocksize } from '../api/read-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-pushdown-'));
const file = join(dir, 'v.csv');
writeFileSync(file, `id,v\n${Array.from({ length: 10 }, (_, i) => `${i},${i + 1}`).join('\n')}\n`);

afterAll(async () => {
  await shutdown();
  rmSync(dir, { recursive: true, force: true });
});

/** The rows of a query built on the file, read whole and at an 8-byte blocksize (one row or two a partition). */
async function rowsOf(query: (df: DataFrame) => DataFrame): Promise<Record<string, unknown>[]> {
  const whole = (await query(readCsv(file)).compute()).toRows();
  const cut = (await query(readCsvAnyBlocksize(file, { blocksize: 8 })).compute()).toRows();
  expect(cut).toEqual(whole);
  return whole;
}

describe('predicate pushdown', () => {
  test('a filter on a column that withColumns redefines stays above it', async () => {
    // pushed below, `v > 85` would test the old v (1..10) and keep nothing
    expect(await rowsOf((df) => df.withColumns(col('v').mul(10).alias('v')).filter(col('v').gt(85)))).toEqual([
      { id: 8, v: 90 },
      { id: 9, v: 100 },
    ]);
  });

  test('a filter on a column that withColumns leaves alone reads the same rows either way', async () => {
    expect(await rowsOf((df) => df.withColumns(col('v').mul(10).alias('w')).filter(col('id').gt(7)))).toEqual([
      { id: 8, v: 9, w: 90 },
      { id: 9, v: 10, w: 100 },
    ]);
  });

  test('a filter on a column that select computes under the same name stays above it', async () => {
    expect(await rowsOf((df) => df.select(col('v').mul(10).alias('v')).filter(col('v').gt(85)))).toEqual([{ v: 90 }, { v: 100 }]);
  });

  test('a filter never moves below a limit: it filters the first n rows', async () => {
    // limit(3) keeps v = 1, 2, 3; pushed below, the filter would give v = 3, 4, 5
    expect(await rowsOf((df) => df.limit(3).filter(col('v').gt(2)))).toEqual([{ id: 2, v: 3 }]);
  });

  test('a filter after a sort filters the sorted rows and keeps their order', async () => {
    expect(await rowsOf((df) => df.sort('v', { descending: true }).filter(col('v').gt(7)))).toEqual([
      { id: 9, v: 10 },
      { id: 8, v: 9 },
      { id: 7, v: 8 },
    ]);
  });

  test('stacked filters keep only rows that pass both', async () => {
    expect(await rowsOf((df) => df.filter(col('v').gt(3)).filter(col('id').lt(5)))).toEqual([
      { id: 3, v: 4 },
      { id: 4, v: 5 },
    ]);
  });
});
