import { col, type Field } from 'floe/core';
import { describe, expect, it } from 'vitest';
import { GrammarError } from './grammar-error.js';
import { buildKeys, parseKeys } from './parse-key.js';

const schema: Field[] = [{ name: 'Date', dtype: 'timestamp' }, { name: 'X0', dtype: 'int64' }, { name: 'a b', dtype: 'string' }];
const keys = (...by: string[]) => buildKeys(parseKeys(by), schema);

describe('--by keys', () => {
  it('name a key after its column unless renamed, like the library', () => {
    expect(keys('year(Date), X0, month(Date) as m, "a b"').map((k) => [k.name, k.column])).toEqual([
      ['Date', null], ['X0', 'X0'], ['m', null], ['a b', 'a b'],
    ]);
  });

  it('build calendar keys as dt expressions', () => {
    expect(keys('hour(Date)')[0].expr.toString()).toBe(col('Date').dt.hour().alias('Date').toString());
  });

  it('name two calls of one column after the call, unless renamed (both were "Date": an error that asked for as)', () => {
    expect(keys('year(Date), month(Date), X0').map((k) => k.name)).toEqual(['year_Date', 'month_Date', 'X0']);
    expect(keys('year(Date), month(Date) as m').map((k) => k.name)).toEqual(['Date', 'm']);
    // not a call of one column: the names stay, and the command says to rename one
    expect(keys('X0, X0 + 1').map((k) => k.name)).toEqual(['X0', 'X0']);
  });

  it('may repeat', () => {
    expect(keys('X0', 'day(Date) as d').map((k) => k.name)).toEqual(['X0', 'd']);
  });

  it('reject aggregates and keys that read no column', () => {
    expect(() => keys('sum(X0)')).toThrow(GrammarError);
    expect(() => keys('1 + 2')).toThrow("--by: the key '1 + 2' reads no column at column 1");
  });
});
