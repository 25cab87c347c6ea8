/**
 * A result as a box table for a terminal, in the layout the engine's Table.toString() uses
 * (shape line, header, dtype row), but with every row: a CLI user asked for all of them.
 */
import { displayText } from './format-value.js';
import type { ResultSet } from './result-set.js';

const NUMERIC = new Set(['int64', 'float64']);

export function* formatTable(rs: ResultSet): Iterable<string> {
  const { fields, columns, numRows } = rs;
  const cells = columns.map((c, k) => c.map((v) => displayText(v, fields[k].dtype)));
  const widths = fields.map((f, k) => Math.max(f.name.length, f.dtype.length, 3, ...cells[k].map((s) => s.length)));
  const right = fields.map((f) => NUMERIC.has(f.dtype));
  const rule = (l: string, m: string, r: string, fill: string): string => `${l}${widths.map((w) => fill.repeat(w + 2)).join(m)}${r}\n`;
  const row = (vals: string[], align: boolean[]): string =>
    `│${vals.map((v, k) => ` ${align[k] ? v.padStart(widths[k]) : v.padEnd(widths[k])} `).join('┆')}│\n`;
  const left = fields.map(() => false);
  yield `shape: (${numRows}, ${fields.length})\n`;
  yield rule('┌', '┬', '┐', '─');
  yield row(fields.map((f) => f.name), left);
  yield row(fields.map(() => '---'), left);
  yield row(fields.map((f) => f.dtype), left);
  yield rule('╞', '╪', '╡', '═');
  for (let i = 0; i < numRows; i++) yield row(cells.map((c) => c[i]), right);
  yield rule('└', '┴', '┘', '─');
}
