import { describe, expect, it } from 'vitest';
import { parseSort } from './parse-sort.js';

describe('parseSort', () => {
  it('reads names with optional asc/desc, across commas and repeated flags', () => {
    expect(parseSort(['total desc, country', 'X0 ASC'], '--sort')).toEqual([
      { name: 'total', descending: true },
      { name: 'country', descending: false },
      { name: 'X0', descending: false },
    ]);
  });
  it('reads quoted names with spaces and commas', () => {
    expect(parseSort(['"sum of, x" desc'], '--by')).toEqual([{ name: 'sum of, x', descending: true }]);
  });
  it('refuses what it cannot read, naming the flag', () => {
    expect(() => parseSort(['a desc desc'], '--sort')).toThrow(/--sort: cannot read sort key "a desc desc"/);
    expect(() => parseSort(['a,,b'], '--by')).toThrow(/--by: empty sort key/);
  });
});
