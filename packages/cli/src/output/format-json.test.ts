import { describe, expect, it } from 'vitest';
import { formatJson, formatNdjson } from './format-json.js';
import type { ResultSet } from './result-set.js';

const rs: ResultSet = {
  fields: [{ name: 'Date', dtype: 'timestamp' }, { name: 'n', dtype: 'int64' }, { name: 'x', dtype: 'float64' }, { name: 's', dtype: 'string' }],
  columns: [[new Date(Date.UTC(2010, 0, 1)), null], [2n ** 60n, 3], [Number.NaN, 0.5], ['a"b', null]],
  numRows: 2,
};

describe('formatJson', () => {
  it('writes an array of row objects, one per line, that JSON.parse reads back', () => {
    const out = [...formatJson(rs)].join('');
    expect(out).toBe('[\n{"Date":"2010-01-01 00:00:00","n":1152921504606846976,"x":null,"s":"a\\"b"},\n{"Date":null,"n":3,"x":0.5,"s":null}\n]\n');
    expect(JSON.parse(out)).toHaveLength(2);
  });

  it('writes [] for no rows', () => {
    expect([...formatJson({ ...rs, columns: rs.columns.map(() => []), numRows: 0 })].join('')).toBe('[]\n');
  });
});

describe('formatNdjson', () => {
  it('writes one object per line and nothing else', () => {
    const lines = [...formatNdjson(rs)].join('').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[1])).toEqual({ Date: null, n: 3, x: 0.5, s: null });
  });
});
