import { describe, expect, it } from 'vitest';
import { formatTable } from './format-table.js';

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
});
