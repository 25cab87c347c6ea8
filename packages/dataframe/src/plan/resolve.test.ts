import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { col, lit, readCsv } from '../index.js';

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

  test('agg() outputs must be aggregated or keys', () => {
    expect(() => df.groupBy('name').agg(col('price'))).toThrow(/must be aggregated/);
    expect(() => df.groupBy('name').agg(col('price').sum().add(lit(1)).alias('p1'))).not.toThrow();
  });

  test('duplicate output names are refused', () => {
    expect(() => df.select(col('price'), col('price'))).toThrow(/two columns named "price"/);
  });
});
