import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { col, corr, lit, readCsv, shutdown, type Field } from 'floe/core';
import { afterAll, describe, expect, it } from 'vitest';
import { GrammarError } from './grammar-error.js';
import { parseExpr } from './parse-expr.js';
import { toCondition, toExpr } from './to-expr.js';

const schema: Field[] = [
  { name: 'Date', dtype: 'timestamp' },
  { name: 'Day', dtype: 'date' },
  { name: 'X0', dtype: 'int64' },
  { name: 'X1', dtype: 'float64' },
  { name: 'name', dtype: 'string' },
  { name: 'my col', dtype: 'int64' },
];

const row = (s: string): string => toExpr(parseExpr(s, '--where'), { option: '--where', schema, mode: 'row' }).toString();
const agg = (s: string): string => toExpr(parseExpr(s, '--agg'), { option: '--agg', schema, mode: 'agg' }).toString();

afterAll(() => shutdown());

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof GrammarError) return err.message;
    throw err;
  }
  throw new Error('no error');
}

describe('toExpr', () => {
  it('builds the same Expr as the library builder', () => {
    expect(row('X0 > 5 and not (X1 <= 2.5 or name = \'a\')')).toBe(col('X0').gt(5).and(col('X1').lte(2.5).or(col('name').eq('a')).not()).toString());
    expect(row('X0 * 2 + -X1 % 3 != 0')).toBe(col('X0').mul(2).add(col('X1').neg().mod(3)).neq(0).toString());
    expect(row('`my col` is not null or X0 is null')).toBe(col('my col').isNotNull().or(col('X0').isNull()).toString());
    expect(row('year(Date) = 2010 and weekday(Date) < 5')).toBe(col('Date').dt.year().eq(2010).and(col('Date').dt.weekday().lt(5)).toString());
  });
  it("strftime(D, '%Y-%m') is dt.strftime; its format is quoted text with known specifiers", () => {
    expect(row("strftime(Date, '%Y-%m') = '2010-06'")).toBe(col('Date').dt.strftime('%Y-%m').eq('2010-06').toString());
    expect(errorOf(() => row("strftime(Date, 5) = 'x'"))).toBe("--where: strftime() takes its format as quoted text at column 16; e.g. strftime(Date, '%Y-%m')");
    expect(errorOf(() => row("strftime(Date, '%Q') = 'x'"))).toMatch(/^--where: strftime: "%Q" in "%Q" is not a format specifier floe knows/);
    expect(errorOf(() => row("strftime(Date) = 'x'"))).toBe("--where: strftime() takes two arguments, got 1 at column 1; e.g. strftime(Date, '%Y-%m')");
  });

  it('a number written with a point or an exponent is a float (x * 2.0 of an int64 was an int64, and overflowed)', () => {
    const t = (s: string) => toExpr(parseExpr(s, '--agg'), { option: '--agg', schema, mode: 'row' });
    expect(t('X0 * 2.0').node).toMatchObject({ kind: 'binary', right: { kind: 'lit', value: 2, dtype: 'float64' } });
    expect(t('X0 + 1e3').node).toMatchObject({ right: { kind: 'lit', value: 1000, dtype: 'float64' } });
    expect(t('X0 * 2').node).toMatchObject({ right: { kind: 'lit', value: 2, dtype: 'int64' } });
  });

  it('folds a negative number into its literal', () => {
    expect(row('X0 > -3')).toBe(col('X0').gt(lit(-3)).toString());
  });

  it('passes a quoted date compared with a timestamp as the library takes it: its text', () => {
    expect(row("Date >= '2010-06-01'")).toBe(col('Date').gte('2010-06-01').toString());
    expect(row("'2010-06-01 12:30:00' > Date")).toBe(lit('2010-06-01 12:30:00').gt(col('Date')).toString());
  });

  it('compares a date column with a date, or as a timestamp when the literal has a time', () => {
    expect(row("Day = '2010-06-01'")).toBe(col('Day').eq('2010-06-01').toString());
    expect(row("Day < '2010-06-01 12:00'")).toBe(col('Day').cast('timestamp').lt('2010-06-01 12:00').toString());
  });

  it('compares timestamps to the microsecond and years 0000-0099 as written (a Date literal rounded to the millisecond, and read 0099 as 1999)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-to-expr-'));
    try {
      const file = join(dir, 't.csv');
      writeFileSync(file, 'id,t\n1,2020-01-01 10:00:00.000001\n2,0050-06-01 00:00:00\n3,1950-06-01 00:00:00\n');
      const df = readCsv(file, { parseDates: ['t'] });
      const count = async (where: string) => (await df.filter(toCondition(parseExpr(where, '--where'), { option: '--where', schema: df.schema, mode: 'row' })).compute()).numRows;
      expect(await count("t = '2020-01-01 10:00:00.000001'")).toBe(1);
      expect(await count("t > '2020-01-01 10:00:00.000001'")).toBe(0);
      expect(await count("t > '2020-01-01 10:00:00'")).toBe(1);
      expect(await count("t < '0099-01-01'")).toBe(1);
      expect(await count("t >= '0050-06-01' and t < '0050-06-02'")).toBe(1);
      // a day with a zone is its midnight there (refused once the text went to the library as is)
      expect(await count("t >= '2020-01-01Z'")).toBe(1);
      expect(await count("t >= '2020-01-01+12:00'")).toBe(1);
      expect(await count("t >= '2020-01-01-12:00'")).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds aggregates and arithmetic over them', () => {
    expect(agg('max(X0) - min(X1)')).toBe(col('X0').max().sub(col('X1').min()).toString());
    expect(agg('sum(X0 * 2) / count(*)')).toBe(col('X0').mul(2).sum().div(col('*').count()).toString());
    expect(agg('std(X0) + var(X1) + mean(X0) + count(X1)')).toBe(col('X0').std().add(col('X1').var()).add(col('X0').mean()).add(col('X1').count()).toString());
  });
});

describe('toExpr errors', () => {
  it('name unknown columns at their position, with a hint', () => {
    expect(errorOf(() => row('X0 > 1 and X9 < 2'))).toBe('--where: unknown column "X9" at column 12; did you mean "X0"?');
    expect(errorOf(() => row('x0 > 1'))).toBe('--where: unknown column "x0" at column 1; did you mean "X0"?');
    expect(errorOf(() => row('nope = 1'))).toBe('--where: unknown column "nope" at column 1; columns: "Date", "Day", "X0", "X1", "name", "my col"');
    expect(errorOf(() => row('`${1}` = 1'))).toMatch(/^--where: unknown column "\$\{1\}" at column 1/);
  });

  it('accept only known functions, looked up by name only', () => {
    expect(errorOf(() => row("require('fs')"))).toMatch(/^--where: unknown function 'require' at column 1; functions: year, month/);
    expect(errorOf(() => row('constructor(X0) = 1'))).toMatch(/^--where: unknown function 'constructor' at column 1/);
    expect(errorOf(() => row('toString(X0) = 1'))).toMatch(/^--where: unknown function 'tostring' at column 1/);
    expect(errorOf(() => row('__proto__(X0) = 1'))).toMatch(/^--where: unknown function '__proto__' at column 1/);
    expect(errorOf(() => row('year(Date, X0) = 1'))).toBe('--where: year() takes one argument, got 2 at column 1; e.g. year(Date)');
  });

  it('builds nunique, median, quantile, first, last and corr', () => {
    expect(agg('nunique(name) + median(X0)')).toBe(col('name').nUnique().add(col('X0').median()).toString());
    expect(agg('quantile(X1, 0.9) - quantile(X1, 0)')).toBe(col('X1').quantile(0.9).sub(col('X1').quantile(0)).toString());
    expect(agg('first(Date)')).toBe(col('Date').first().toString());
    expect(agg('last(name)')).toBe(col('name').last().toString());
    expect(agg('corr(X0, X1 * 2)')).toBe(corr(col('X0'), col('X1').mul(2)).toString());
  });

  it('average dates: mean, median and quantile of Date (a timestamp, as describe prints; they were refused)', () => {
    expect(agg('mean(Date) + 0')).toBe(col('Date').mean().add(0).toString());
    expect(agg('median(Date)')).toBe(col('Date').median().toString());
    expect(agg('quantile(Date, 0.9)')).toBe(col('Date').quantile(0.9).toString());
    expect(errorOf(() => agg('sum(Date)'))).toBe('--agg: sum() needs a numeric value, but Date is timestamp at column 5');
  });

  it('check the arguments of quantile and corr', () => {
    expect(errorOf(() => agg('quantile(X1)'))).toBe('--agg: quantile() takes two arguments, got 1 at column 1; e.g. quantile(X, 0.9)');
    expect(errorOf(() => agg('quantile(X1, 1.5)'))).toBe('--agg: quantile() needs q as a number from 0 to 1 at column 14; e.g. quantile(X, 0.9)');
    expect(errorOf(() => agg('quantile(X1, X0)'))).toBe('--agg: quantile() needs q as a number from 0 to 1 at column 14; e.g. quantile(X, 0.9)');
    expect(errorOf(() => agg('corr(X0)'))).toBe('--agg: corr() takes two arguments, got 1 at column 1; e.g. corr(X, Y)');
    expect(errorOf(() => agg('corr(X0, name)'))).toBe('--agg: corr() needs a numeric value, but name is string at column 10');
    expect(errorOf(() => agg('median(name)'))).toBe('--agg: median() needs a numeric value, but name is string at column 8');
    expect(errorOf(() => agg('median(X0, X1)'))).toBe('--agg: median() takes one argument, got 2 at column 1; e.g. median(X)');
    expect(errorOf(() => agg('nunique(*)'))).toBe('--agg: nunique(*) is not supported at column 1; name a column, e.g. nunique(X)');
    expect(errorOf(() => agg('corr(X0, *)'))).toMatch(/^--agg: unexpected '\*' at column 10/);
  });

  it('keep aggregates out of row expressions and columns inside aggregates', () => {
    expect(errorOf(() => row('sum(X0) > 1'))).toBe('--where: sum() is an aggregate, not allowed in --where at column 1; aggregates go in --agg');
    expect(errorOf(() => agg('max(X0) - X1'))).toBe('--agg: column X1 must be inside an aggregate at column 11; e.g. sum(X1), or group by it with --by X1');
    expect(errorOf(() => agg('sum(max(X0))'))).toBe('--agg: aggregates cannot be nested: max() inside another aggregate at column 5');
    expect(errorOf(() => agg('sum(*) + 1'))).toMatch(/^--agg: sum\(\*\) cannot be part of an expression at column 1/);
  });

  it('check types they can see before any data is read', () => {
    expect(errorOf(() => agg('mean(name)'))).toBe('--agg: mean() needs a numeric value, but name is string at column 6');
    expect(errorOf(() => row('year(X0) = 1'))).toBe('--where: year() needs a timestamp or date, but X0 is int64 at column 6');
    expect(errorOf(() => row('year(name) = 1'))).toBe('--where: year() needs a timestamp or date, but name is string at column 6; read it as dates with --parse-dates name');
  });

  it('catch dates written without quotes and bad date literals', () => {
    expect(errorOf(() => row('Date > 2010-06-01'))).toBe("--where: cannot compare timestamp with a number at column 8; quote dates, e.g. '2010-06-01' or '2010-06-01 12:00:00'");
    expect(errorOf(() => row('name = 2010-06-01'))).toBe("--where: cannot compare name (string) with a number at column 8; quote dates, e.g. '2010-06-01'");
    expect(errorOf(() => row("Date > '2010-02-30'"))).toBe("--where: cannot read '2010-02-30' as a date at column 8; write dates as 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS'");
  });

  it('catch a quoted number compared with a number column (it said only "cannot compare int64 with string")', () => {
    expect(errorOf(() => row("X0 > '50'"))).toBe("--where: cannot compare X0 (int64) with the text '50' at column 6; drop the quotes: 50");
    expect(errorOf(() => row("'abc' = X0"))).toBe("--where: cannot compare X0 (int64) with the text 'abc' at column 1; compare it with a number");
  });

  it('require a condition for a filter', () => {
    const cond = (s: string) => toCondition(parseExpr(s, '--where'), { option: '--where', schema, mode: 'row' });
    expect(errorOf(() => cond('X0 + 1'))).toBe('--where: expected a condition, but this is a number at column 1; compare it, e.g. X0 > 5, or test it with is null');
    expect(errorOf(() => cond('name'))).toMatch(/^--where: expected a condition, but this is the string column name at column 1/);
    expect(cond('X0 > 1 or X1 is null').toString()).toBe(col('X0').gt(1).or(col('X1').isNull()).toString());
  });
});
