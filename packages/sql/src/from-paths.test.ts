import { describe, expect, it } from 'vitest';
import { sqlFromPaths } from './from-paths.js';
import { sql } from './sql.js';
import { SqlError } from './sql-error.js';

describe('sqlFromPaths: the files a query reads', () => {
  it('finds paths in FROM, joins, subqueries, WITH, UNION and read_csv(), not string values', () => {
    const q = `with t as (select * from 'a.csv') select * from '-' x join (select * from read_csv('/dev/fd/63')) y on x.k = y.k
               where x.s = 'not/a.path' union all select * from t union all select * from 'lake/*.parquet'`;
    expect(sqlFromPaths(q).sort()).toEqual(['-', '/dev/fd/63', 'a.csv', 'lake/*.parquet']);
  });

  it('names no table the caller passed by name', () => {
    expect(sqlFromPaths('select * from orders o join customers c on o.id = c.id')).toEqual([]);
  });
});

describe("from '-' outside the CLI", () => {
  it('is a clear error, not "no such file"', () => {
    expect(() => sql("select count(*) from '-'")).toThrow(SqlError);
    expect(() => sql("select count(*) from '-'")).toThrow(/standard input, which only the floe CLI reads/);
  });
});
