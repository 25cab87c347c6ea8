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

  it('may repeat', () => {
    expect(keys('X0', 'day(Date) as d').map((k) => k.name)).toEqual(['X0', 'd']);
  });

  it('reject aggregates and keys that read no column', () => {
    expect(() => keys('sum(X0)')).toThrow(GrammarError);
    expect(() => keys('1 + 2')).toThrow("--by: the key '1 + 2' reads no column at column 1");
  });
});
