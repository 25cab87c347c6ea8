import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readCsv } from '../index.js';
import { exactQuantiles } from './describe.js';
import { readCsvAnyBlocksize } from './read-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-describe-'));

describe('exact percentiles', () => {
  test('linear interpolation between the closest ranks (pandas), nulls and NaN skipped', () => {
    const c = { dtype: 'float64' as const, length: 6, values: Float64Array.of(4, 1, 0, 3, 2, NaN), valid: Uint8Array.of(1, 1, 0, 1, 1, 1) };
    expect(exactQuantiles(c, [0, 0.25, 0.5, 0.75, 1, 0.1])).toEqual([1, 1.75, 2.5, 3.25, 4, 1.3]);
    expect(exactQuantiles({ ...c, valid: new Uint8Array(6) }, [0.5])).toEqual([null]);
  });
});

describe('df.describe()', () => {
  const path = join(dir, 'd.csv');
  writeFileSync(path, 'i,f,s,d,b\n1,2.5,x,2020-01-01,true\n3,,y,2020-01-03,false\n,4.5,,2020-01-05,true\n7,0.5,x,,\n');
  test('pandas/Polars layout: a statistic column, float64 for numbers, text for the rest', async () => {
    const t = await readCsvAnyBlocksize(path, { blocksize: 16, dtypes: { d: 'date' } }).describe();
    expect(t.schema).toEqual([
      { name: 'statistic', dtype: 'string' }, { name: 'i', dtype: 'float64' }, { name: 'f', dtype: 'float64' },
      { name: 's', dtype: 'string' }, { name: 'd', dtype: 'string' }, { name: 'b', dtype: 'float64' },
    ]);
    expect(t.column('statistic').toArray()).toEqual(['count', 'nulls', 'mean', 'std', 'min', '25%', '50%', '75%', 'max']);
    expect(t.column('i').toArray()).toEqual([3, 1, 11 / 3, Math.sqrt(28 / 3), 1, 2, 3, 5, 7]);
    expect(t.column('f').toArray()).toEqual([3, 1, 2.5, 2, 0.5, 1.5, 2.5, 3.5, 4.5]);
    expect(t.column('s').toArray()).toEqual(['3', '1', null, null, 'x', null, null, null, 'y']);
    expect(t.column('d').toArray()).toEqual(['3', '1', '2020-01-03', null, '2020-01-01', '2020-01-02', '2020-01-03', '2020-01-04', '2020-01-05']);
    expect(t.column('b').toArray()).toEqual([3, 1, 2 / 3, Math.sqrt(1 / 3), 0, 0.5, 1, 1, 1]);
  });
  test('percentiles are chosen, or skipped; too many values for maxBytes is refused before reading them', async () => {
    const df = readCsv(path, { dtypes: { d: 'date' } });
    expect((await df.describe({ percentiles: [0.9] })).column('statistic').toArray()).toEqual(['count', 'nulls', 'mean', 'std', 'min', '90%', 'max']);
    expect((await df.describe({ percentiles: [] })).numRows).toBe(6);
    await expect(df.describe({ maxBytes: 10 })).rejects.toThrow('describe(): exact percentiles of 4 column(s) × 4 rows need ~0.0 MiB in memory, more than maxBytes (0.0 MiB); pass { percentiles: [] } to skip them, or a larger maxBytes (or memoryLimit)');
    await expect(df.describe({ percentiles: [50] })).rejects.toThrow('describe(): percentiles must be numbers in [0, 1], got 50');
    // in increasing order, each once, as pandas (a repeat showed its row twice)
    expect((await df.describe({ percentiles: [0.75, 0.1] })).column('statistic').toArray()).toEqual(['count', 'nulls', 'mean', 'std', 'min', '10%', '75%', 'max']);
    await expect(df.describe({ percentiles: [0.5, 0.5] })).rejects.toThrow('describe(): percentiles cannot hold a value twice, got 0.5 twice');
  });
});
