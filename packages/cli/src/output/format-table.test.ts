import { describe, expect, it } from 'vitest';
import { formatTable, TABLE_CELL_WIDTH } from './format-table.js';

describe('formatTable', () => {
  it('draws a box with a dtype row, numbers right-aligned, nulls shown', () => {
    const out = [...formatTable({
      fields: [{ name: 'k', dtype: 'string' }, { name: 'value', dtype: 'float64' }],
      columns: [['a', 'bb'], [1.5, null]],
      numRows: 2,
    })].join('');
    expect(out).toBe([
      'shape: (2, 2)',
      '┌────────┬─────────┐',
      '│ k      ┆ value   │',
      '│ ---    ┆ ---     │',
      '│ string ┆ float64 │',
      '╞════════╪═════════╡',
      '│ a      ┆     1.5 │',
      '│ bb     ┆    null │',
      '└────────┴─────────┘',
      '',
    ].join('\n'));
  });

  it('cuts a cell wider than TABLE_CELL_WIDTH columns to it, ending in … (a 5 M-character value drew megabyte lines); wide characters count two', () => {
    const long = 'x'.repeat(5_000_000);
    const wide = '中'.repeat(40);
    const out = [...formatTable({ fields: [{ name: 's', dtype: 'string' }], columns: [[long, wide, 'short']], numRows: 3 })].join('');
    const lines = out.split('\n');
    expect(lines[6]).toBe(`│ ${'x'.repeat(TABLE_CELL_WIDTH - 1)}… │`);
    expect(lines[7]).toBe(`│ ${'中'.repeat((TABLE_CELL_WIDTH - 2) / 2)}…  │`);
    expect(lines[8]).toBe(`│ short${' '.repeat(TABLE_CELL_WIDTH - 5)} │`);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(TABLE_CELL_WIDTH + 8);
  });

  it('draws the first and last rows of a long result around a … row, and says how many are left out', () => {
    const n = 150_000; // past the ~100 k values a spread into Math.max could take
    const out = [...formatTable({ fields: [{ name: 'i', dtype: 'int64' }], columns: [Array.from({ length: n }, (_, i) => i)], numRows: n }, { maxRows: 4 })].join('');
    expect(out).toBe([
      'shape: (150000, 1)',
      '┌────────┐',
      '│ i      │',
      '│ ---    │',
      '│ int64  │',
      '╞════════╡',
      '│      0 │',
      '│      1 │',
      '│ …      │',
      '│ 149998 │',
      '│ 149999 │',
      '└────────┘',
      '… 149996 more rows not shown; for every row use --format csv, or --output FILE',
      '',
    ].join('\n'));
  });

  it('draws at most 100 rows by default, and every row when asked', () => {
    const n = 130_000;
    const rs = { fields: [{ name: 'i', dtype: 'int64' }], columns: [Array.from({ length: n }, (_, i) => i)], numRows: n };
    const lines = [...formatTable(rs)].join('').split('\n');
    expect(lines.filter((l) => /^│ +\d+ │$/.test(l))).toHaveLength(100);
    expect(lines.at(-2)).toBe('… 129900 more rows not shown; for every row use --format csv, or --output FILE');
    expect([...formatTable(rs, { maxRows: Infinity })].join('').split('\n')).toHaveLength(n + 8);
  });
});
