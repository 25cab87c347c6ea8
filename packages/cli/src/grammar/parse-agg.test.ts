import { col, type Field } from 'floe/core';
import { describe, expect, it } from 'vitest';
import { buildAggs, parseAggs } from './parse-agg.js';
import { buildKeys, parseKeys } from './parse-key.js';

const schema: Field[] = [
  { name: 'Date', dtype: 'timestamp' },
  { name: 'X0', dtype: 'int64' },
  { name: 'X1', dtype: 'float64' },
  { name: 'flag', dtype: 'bool' },
  { name: 's', dtype: 'string' },
];
const names = (aggs: string[], by: string[] = []) => buildAggs(parseAggs(aggs), schema, buildKeys(parseKeys(by), schema)).map((a) => a.name);

describe('--agg output names', () => {
  it('are fn_X for an aggregate of a column and count for count(*)', () => {
    expect(names(['sum(X0), mean(X1), min(Date), max(s), count(X0), count(*), var(X1), std(X0)'])).toEqual([
      'sum_X0', 'mean_X1', 'min_Date', 'max_s', 'count_X0', 'count', 'var_X1', 'std_X0',
    ]);
  });

  it('of nunique/median/first/last are fn_X; of quantile and corr name both arguments', () => {
    expect(names(['nunique(s), median(X1), first(Date), last(s), quantile(X1, 0.9), corr(X0, X1)'])).toEqual([
      'nunique_s', 'median_X1', 'first_Date', 'last_s', 'quantile_X1_0.9', 'corr_X0_X1',
    ]);
    expect(names(['quantile(X0 * 2, 0.5)'])).toEqual(['quantile(X0 * 2, 0.5)']);
  });

  it('are the text as written for other expressions, or the as-name', () => {
    expect(names(['max(X0) - min(X1), max(X0)  -  min(X0) as range, sum(X0 * 2)'])).toEqual(['max(X0) - min(X1)', 'range', 'sum(X0 * 2)']);
  });

  it('for fn(*) are the numeric non-key columns, prefixed only when several fn(*) are given', () => {
    expect(names(['sum(*)'])).toEqual(['X0', 'X1', 'flag']);
    expect(names(['sum(*)'], ['X0'])).toEqual(['X1', 'flag']);
    expect(names(['sum(*)'], ['year(Date)'])).toEqual(['X0', 'X1', 'flag']);
    expect(names(['sum(*), mean(*)', 'count(*)'], ['X1 as k'])).toEqual(['sum_X0', 'sum_flag', 'mean_X0', 'mean_flag', 'count']);
  });

  it('keep the order of items across repeated --agg', () => {
    expect(names(['count(*)', 'sum(X0)'])).toEqual(['count', 'sum_X0']);
  });

  it('alias each expression with its name', () => {
    const [a] = buildAggs(parseAggs(['sum(X0)']), schema, []);
    expect(a.expr.toString()).toBe(col('X0').sum().alias('sum_X0').toString());
  });
});

describe('--agg errors', () => {
  it('reject items without an aggregate and renamed fn(*)', () => {
    expect(() => names(['count(*), 1 + 2'])).toThrow("--agg: '1 + 2' has no aggregate at column 11");
    expect(() => names(['sum(*) as total'])).toThrow("--agg: sum(*) cannot be renamed with 'as' at column 1");
    expect(() => names(['foo(*)'])).toThrow("--agg: unknown function 'foo' at column 1");
    expect(() => names(['median(*)'])).toThrow('--agg: median(*) is not supported at column 1; name a column, e.g. median(X)');
  });
});
