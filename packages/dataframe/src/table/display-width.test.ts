import { describe, expect, it } from 'vitest';
import { fromColumns } from '../index.js';
import { displayWidth, padDisplay, tableText } from './display-width.js';

describe('a box table cell on a terminal', () => {
  it('escapes control characters, so a row stays one line', () => {
    expect(tableText('plain')).toBe('plain');
    expect(tableText('line1\nline2\r\tx\u0000\u007f')).toBe('line1\\nline2\\r\\tx\\u{0}\\u{7f}');
  });

  it('counts wide and fullwidth characters and emoji two columns, combining marks none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('ａb')).toBe(3);
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('e\u0301té')).toBe(3);
    expect(displayWidth('😀x')).toBe(3);
    expect(padDisplay('日本', 6)).toBe('日本  ');
    expect(padDisplay('日本', 6, true)).toBe('  日本');
    expect(padDisplay('toolong', 3)).toBe('toolong');
  });

  it('toString() draws every row one line high and its borders in one column', async () => {
    const t = await fromColumns({ k: [1, 2, 3], t: ['line1\nline2', 'ａb', '日本語'] }).compute();
    const lines = t.toString().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines).toContain('│     1 ┆ line1\\nline2 │');
    const border = (l: string): number => displayWidth(l.slice(0, l.lastIndexOf('│') + 1));
    const rows = lines.filter((l) => l.startsWith('│'));
    expect(new Set(rows.map(border)).size).toBe(1);
  });
});
