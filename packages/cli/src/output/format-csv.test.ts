import { describe, expect, it } from 'vitest';
import { formatCsv } from './format-csv.js';
import type { ResultSet } from './result-set.js';

const text = (rs: ResultSet): string => [...formatCsv(rs)].join('');

describe('formatCsv', () => {
  it('writes a header and one line per row, nulls as empty fields', () => {
    const rs: ResultSet = {
      fields: [{ name: 'k', dtype: 'int64' }, { name: 'v', dtype: 'float64' }, { name: 'b', dtype: 'bool' }],
      columns: [[1, 2], [0.5, null], [true, false]],
      numRows: 2,
    };
    expect(text(rs)).toBe('k,v,b\n1,0.5,true\n2,,false\n');
  });

  it('keeps the sign of -0.0, as writeCsv, pandas and DuckDB write it', () => {
    expect(text({ fields: [{ name: 'v', dtype: 'float64' }], columns: [[-0, 0, -2]], numRows: 3 })).toBe('v\n-0.0\n0.0\n-2.0\n');
  });

  it('quotes only fields that need it, doubling quotes', () => {
    const rs: ResultSet = { fields: [{ name: 'a,b', dtype: 'string' }], columns: [['x', 'say "hi"', 'a,b', 'two\nlines', ' pad']], numRows: 5 };
    expect(text(rs)).toBe('"a,b"\nx\n"say ""hi"""\n"a,b"\n"two\nlines"\n" pad"\n');
  });

  it('quotes text that spells a null, so that it reads back as text (an empty string and "NA" came back as nulls), as writeCsv does', () => {
    const rs: ResultSet = { fields: [{ name: 's', dtype: 'string' }, { name: 'f', dtype: 'float64' }], columns: [['', 'NA', 'null', 'ok', null], [1, NaN, 2, 3, 4]], numRows: 5 };
    expect(text(rs)).toBe('s,f\n"",1.0\n"NA",NaN\n"null",2.0\nok,3.0\n,4.0\n');
  });

  it('writes timestamps and dates as ISO text, float64 whole numbers with .0, big integers exactly', () => {
    const rs: ResultSet = {
      fields: [{ name: 't', dtype: 'timestamp' }, { name: 'd', dtype: 'date' }, { name: 'f', dtype: 'float64' }, { name: 'i', dtype: 'int64' }],
      columns: [[new Date(Date.UTC(2010, 0, 2, 3, 4, 5)), new Date(Date.UTC(2010, 0, 2, 3, 4, 5, 60))], [new Date(Date.UTC(2010, 0, 2)), null], [50, 1.25], [2n ** 60n, 7]],
      numRows: 2,
    };
    expect(text(rs)).toBe('t,d,f,i\n2010-01-02 03:04:05,2010-01-02,50.0,1152921504606846976\n2010-01-02 03:04:05.060,,1.25,7\n');
  });

  it('yields pieces of about 64 kB that join to one line a row', () => {
    const n = 20_002;
    const rs: ResultSet = {
      fields: [{ name: 'id', dtype: 'string' }, { name: 's', dtype: 'int64' }, { name: 'm', dtype: 'float64' }],
      columns: [Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 'NA' : `id${i}`)), Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : i * 3)), Array.from({ length: n }, (_, i) => i / 4)],
      numRows: n,
    };
    const pieces = [...formatCsv(rs)];
    expect(pieces.length).toBeGreaterThan(3);
    for (const p of pieces.slice(0, -1)) expect(p.endsWith('\n') && p.length >= 1 << 16 && p.length < (1 << 16) + 100).toBe(true);
    const lines = pieces.join('').split('\n');
    expect(lines.length).toBe(n + 2);
    expect(lines.slice(0, 4)).toEqual(['id,s,m', '"NA",,0.0', 'id1,3,0.25', 'id2,6,0.5']);
    expect(lines[n]).toBe(`id${n - 1},${(n - 1) * 3},${(n - 1) / 4}`);
  });

  it('quotes numbers where the delimiter is a character of their text', () => {
    const rs: ResultSet = { fields: [{ name: 'a', dtype: 'float64' }, { name: 'b', dtype: 'int64' }], columns: [[0.5, 2], [-1, 3]], numRows: 2 };
    expect([...formatCsv(rs, '.')].join('')).toBe('a.b\n"0.5".-1\n"2.0".3\n');
    expect([...formatCsv(rs, '-')].join('')).toBe('a-b\n0.5-"-1"\n2.0-3\n');
  });

  it('one empty line a row when there are no columns', () => {
    expect(text({ fields: [], columns: [], numRows: 2 })).toBe('\n\n\n');
  });

  it('writes only the header for no rows', () => {
    expect(text({ fields: [{ name: 'a', dtype: 'int64' }], columns: [[]], numRows: 0 })).toBe('a\n');
  });
});
