import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { col, corr, fromColumns, lit, readCsv, when } from '../index.js';

const dir = mkdtempSync(join(tmpdir(), 'floe-resolve-'));
writeFileSync(join(dir, 'a.csv'), 'name,price,when\nx,1.5,2020-01-01 00:00:00\n');
const df = readCsv(join(dir, 'a.csv'), { parseDates: ['when'] });

describe('query checks happen when the query is built', () => {
  test('an unknown column names the closest match and all available columns', () => {
    expect(() => df.filter(col('prise').gt(1))).toThrow('column "prise" not found (did you mean "price"?); available columns: "name", "price", "when"');
  });

  test('type errors name the expression', () => {
    expect(() => df.select(col('name').add(1))).toThrow(/arithmetic needs numeric operands, got string and int64/);
    expect(() => df.groupBy(col('price').dt.year())).not.toThrow();
    expect(() => df.groupBy(col('price').dt.year()).sum()).toThrow(/\.dt\.year\(\) needs a timestamp or date column/);
    expect(() => df.filter(col('price'))).toThrow(/filter needs a boolean condition, got float64/);
  });

  test('an aggregate in a per-row expression is refused when the query is built (it failed at compute with an internal error)', () => {
    expect(() => df.select(col('price').sum())).toThrow('select() computes a value per row, but col("price").sum() aggregates many rows');
    expect(() => df.withColumns(col('price').sub(col('price').mean()).alias('d'))).toThrow(/^withColumns\(\) computes a value per row, but col\("price"\)\.mean\(\) aggregates many rows .*df\.agg/);
    expect(() => df.filter(col('price').gt(col('price').mean()))).toThrow('filter() computes a value per row');
  });

  test('a null literal takes the type of what it meets: and/or (Kleene), comparisons, fillNull (it was typed float64: "and needs boolean operands, got bool and float64")', async () => {
    const t = fromColumns({ b: [true, false, null], s: ['x', null, 'y'] });
    const rows = async (e: ReturnType<typeof col>) => (await t.select(e.alias('r')).compute()).toRows().map((r) => r.r);
    expect(await rows(col('b').and(null))).toEqual([null, false, null]);
    expect(await rows(col('b').or(lit(null)))).toEqual([true, null, null]);
    expect(await rows(col('s').eq(null))).toEqual([null, null, null]);
    expect(await rows(col('s').fillNull(null))).toEqual(['x', null, 'y']);
    expect({ ...t.select(col('s').eq(null).alias('e'), col('b').and(null).alias('a')).dtypes }).toEqual({ e: 'bool', a: 'bool' });
    // a null condition (SQL's CASE WHEN NULL, NOT NULL): never true
    expect(await rows(when(lit(null), 1, 2))).toEqual([2, 2, 2]);
    expect(await rows(lit(null).not())).toEqual([null, null, null]);
  });

  test('agg() outputs must be aggregated or keys', () => {
    expect(() => df.groupBy('name').agg(col('price'))).toThrow(/must be aggregated/);
    expect(() => df.groupBy('name').agg(col('price').sum().add(lit(1)).alias('p1'))).not.toThrow();
  });

  test('new aggregates: types of their inputs and outputs, q in [0, 1], corr reads both inputs', () => {
    expect(() => df.groupBy('price').agg(col('name').median())).toThrow('median() needs a numeric column, but col("name") is string');
    // a timestamp's median is a timestamp (plan/temporal-averages.ts); its sum is still refused
    expect(df.groupBy('name').agg(col('when').median()).schema.find((f) => f.name === 'when')?.dtype).toBe('timestamp');
    expect(() => df.groupBy('name').agg(col('when').sum())).toThrow('sum() needs a numeric column, but col("when") is timestamp');
    expect(() => df.agg(corr(col('price'), col('name')))).toThrow('corr() needs a numeric column, but col("name") is string');
    expect(() => col('price').quantile(-0.1)).toThrow('quantile(q) needs a number q between 0 and 1, got -0.1');
    expect(() => df.groupBy('name').agg(corr(col('price'), col('nope')))).toThrow(/column "nope" not found/);
    expect(() => df.agg(corr('price', 'price').add(col('price')))).toThrow(/column "price" in agg\(\) must be aggregated/);
    const out = df.groupBy('name').agg(col('when').nUnique().alias('n'), col('when').first().alias('f'), col('name').last().alias('l'), col('price').quantile(0.9).alias('q'), corr('price', col('price').mul(2)).alias('r'));
    expect(out.schema).toEqual([
      { name: 'name', dtype: 'string' }, { name: 'n', dtype: 'int64' }, { name: 'f', dtype: 'timestamp' },
      { name: 'l', dtype: 'string' }, { name: 'q', dtype: 'float64' }, { name: 'r', dtype: 'float64' },
    ]);
    expect(corr('a', col('b').mul(2)).alias('r').toString()).toBe('corr(col("a"), (col("b") * 2)).alias("r")');
    expect(col('v').quantile(0.9).toString()).toBe('col("v").quantile(0.9)');
  });

  test('duplicate output names are refused', () => {
    expect(() => df.select(col('price'), col('price'))).toThrow(/two columns named "price"/);
  });
});

describe('planning errors a first user meets', () => {
  const df = fromColumns({ k: ['a', 'b'], v: [1, 2] });
  test('an aggregate as a sort or group key is a PlanError that says so (it was "internal: agg cannot be evaluated per row" at run time)', () => {
    expect(() => df.sort(col('v').sum())).toThrow(/^sort\(\) computes a value per row, but col\("v"\)\.sum\(\) aggregates many rows/);
    expect(() => df.groupBy(col('v').sum()).agg(col('v').count().alias('n'))).toThrow(/^groupBy\(\) computes a value per row, but col\("v"\)\.sum\(\) aggregates many rows/);
    expect(() => df.groupBy(col('v').max()).head(1)).toThrow(/^groupBy\(\) computes a value per row/);
  });
  test('withColumns with two outputs of one name is refused, as select() refuses it (the last one won)', () => {
    expect(() => df.withColumns(col('v').alias('z'), col('k').alias('z'))).toThrow('the output would have two columns named "z"');
    expect(df.withColumns(col('v').add(1).alias('v')).schema.map((f) => f.name)).toEqual(['k', 'v']);
  });
  test('var and std take a whole ddof from 0', () => {
    for (const bad of [-1, 1.5, '1']) expect(() => col('v').var(bad as never)).toThrow(/^var\(ddof\) needs a whole number from 0/);
    expect(() => col('v').std(-1)).toThrow('std(ddof) needs a whole number from 0 (0: population, 1: sample, the default), got -1');
  });
});
