import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { col, readCsv } from '@floe/dataframe';
import { afterAll, describe, expect, it } from 'vitest';
import { fromArray } from '../api/creation.js';
import { inline, run } from '../testing/oracle.js';
import { fromDataFrame, toDataFrame } from './dataframe.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-array-df-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('arrays and DataFrames', () => {
  it('df.toArray takes numeric columns as a [rows, columns] float64 array, nulls as NaN', async () => {
    const path = join(dir, 'in.csv');
    writeFileSync(path, 'X0,name,X1\n1,a,0.5\n2,b,\n3,c,2.5\n');
    const df = readCsv(path);
    const x = await df.toArray(['X0', 'X1'], { executor: inline, chunks: [2, 2] });
    expect(x.shape).toEqual([3, 2]);
    expect(x.dtype).toBe('float64');
    const got = await run(x);
    expect(got.data.slice(0, 3)).toEqual([1, 0.5, 2]);
    // one name as itself (it was read as the characters 'X' and '0': column "X" not found)
    const one = await df.toArray('X0', { executor: inline });
    expect(one.shape).toEqual([3, 1]);
    expect((await run(one)).data).toEqual([1, 2, 3]);
    expect(got.data[3]).toBeNaN();
    expect(got.data.slice(4)).toEqual([3, 2.5]);
    await expect(fromDataFrame(df, ['name'], { executor: inline })).rejects.toThrow(/column 'name' is string/);
  });

  it('toDataFrame writes row blocks from the workers and reads them back as a lazy DataFrame', async () => {
    const x = fromArray(Float64Array.from([1, 2, 3, 4, 5, NaN]), { shape: [3, 2], chunks: [2, 1] });
    const df = await toDataFrame(x, ['a', 'b'], { executor: inline, dir: join(dir, 'out') });
    const t = await df.withColumns(col('a').add(col('b')).alias('s')).compute({ executor: inline });
    expect(t.toRows()).toEqual([{ a: 1, b: 2, s: 3 }, { a: 3, b: 4, s: 7 }, { a: 5, b: null, s: null }]);
    const back = await df.toArray(['a', 'b'], { executor: inline });
    expect((await run(back)).data.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    await expect(toDataFrame(x, ['only-one'], { executor: inline })).rejects.toThrow(/got 1 names for 2 columns/);
  });

  it('toDataFrame without a dir names its temp folders with the pid (the dataframe package SpillDir: removed on exit and on Ctrl-C) and adds one exit listener for all calls', async () => {
    const x = fromArray(Float64Array.from([1, 2]), { shape: [2, 1] });
    const mine = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith(`floe-array-frame-${process.pid}-`));
    const before = mine().length;
    const listeners = process.listenerCount('exit');
    for (let i = 0; i < 12; i++) await toDataFrame(x, ['a'], { executor: inline });
    expect(mine().length).toBe(before + 12);
    expect(process.listenerCount('exit')).toBeLessThanOrEqual(listeners + 1);
    for (const name of mine()) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  });
});
