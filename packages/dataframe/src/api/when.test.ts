import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shutdown } from '../physical/default-executor.js';
import { col, when } from './expr.js';
import { readCsv } from './read-csv.js';
import { fromRows } from './from-memory.js';

function frame(csv: string) {
  const dir = mkdtempSync(join(tmpdir(), 'floe-when-'));
  writeFileSync(join(dir, 'a.csv'), csv);
  return readCsv(join(dir, 'a.csv'));
}

afterAll(() => shutdown());

describe('JS habits around results and conditions', () => {
  it("Polars' when(cond).then(v).otherwise(w) (it failed: lit(): unsupported value undefined), a Table iterated with for…of, join how: 'full'", async () => {
    const df = fromRows([{ k: 1, t: 3 }, { k: 2, t: 12 }, { k: 3, t: null }]);
    const t = await df.select(col('k'), when(col('t').gt(5)).then('warm').otherwise('cold').alias('feel'), when(col('t').gt(5)).then(1).alias('one')).compute();
    const rows = [];
    for (const r of t) rows.push(r);
    expect(rows).toEqual([{ k: 1, feel: 'cold', one: null }, { k: 2, feel: 'warm', one: 1 }, { k: 3, feel: 'cold', one: null }]);
    expect(t.toRows()).toEqual(rows);
    // awaited by mistake: refused, not a promise that never settles
    await expect((async () => await (when(col('t').gt(5)) as unknown as Promise<unknown>))()).rejects.toThrow('when(cond) is not a promise');
    // Polars' keyword form as an object: each expression aliased to its key (the error printed plan nodes)
    expect((await df.withColumns({ double: col('k').mul(2) }).select('k', { plus: col('k').add(1) }).compute()).toRows()).toEqual([{ k: 1, plus: 2 }, { k: 2, plus: 3 }, { k: 3, plus: 4 }]);
    expect((await df.groupBy('k').agg({ n: col('t').count() }).compute()).toRows()).toEqual([{ k: 1, n: 1 }, { k: 2, n: 1 }, { k: 3, n: 0 }]);
    expect(() => df.select({ a: col('k'), b: 3 } as never)).toThrow('got an object { "a": col("k"), "b": 3 }');
    const right = fromRows([{ k: 2, y: 'B' }, { k: 4, y: 'D' }]);
    expect((await df.join(right, { on: 'k', how: 'full' }).sort('k').compute()).toRows().map((r) => [r.k, r.y])).toEqual([[1, null], [2, 'B'], [3, null], [4, 'D']]);
  });
});

describe('when(cond, value, otherwise)', () => {
  it('takes then where the condition holds and otherwise where it is false or null', async () => {
    const df = frame('x,s\n1,a\n-2,b\n,c\n5,\n');
    const t = await df.select(
      when(col('x').gt(0), 'pos', 'other').alias('sign'),
      when(col('x').gt(0), col('s'), null).alias('s2'),
      when(col('x').lt(0), col('x'), 0.5).alias('v'),
    ).compute();
    expect(t.toRows()).toEqual([
      { sign: 'pos', s2: 'a', v: 0.5 },
      { sign: 'other', s2: null, v: -2 },
      { sign: 'other', s2: null, v: 0.5 },
      { sign: 'pos', s2: null, v: 0.5 },
    ]);
  });

  it('refuses branches of different types, naming them', () => {
    const df = frame('x,s\n1,a\n');
    expect(() => df.select(when(col('x').gt(0), col('s'), 1).alias('y'))).toThrow(/different types, string and int64/);
  });

  it('refuses a condition that is not boolean', () => {
    const df = frame('x,s\n1,a\n');
    expect(() => df.select(when(col('x'), 1, 2).alias('y'))).toThrow(/boolean condition, got int64/);
  });
});
