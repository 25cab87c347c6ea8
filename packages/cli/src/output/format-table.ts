/**
 * A result as a box table for a terminal, in the layout the engine's Table.toString() uses
 * (shape line, header, dtype row). Up to `maxRows` rows are drawn; a longer result shows its
 * first and last rows around a `…` row, and a last line says how many rows were left out and
 * how to get them all (CSV in a pipe, or --output, always has every row).
 *
 * Only the rows drawn are formatted, and widths are folded row by row: never spread an
 * unbounded array into a call (`Math.max(...cells)` overflows the stack past ~100 k values).
 */
import { displayWidth, padDisplay, tableText } from 'floe/core';
import { displayText } from './format-value.js';
import type { ResultSet } from './result-set.js';

const NUMERIC = new Set(['int64', 'float64']);

/** Rows drawn on a terminal before the middle is elided (Polars and DuckDB elide too). */
export const TABLE_MAX_ROWS = 100;

/**
 * Terminal columns a cell takes at most: a longer value is cut, ending in `…` (one cell of 5 M
 * characters drew lines of megabytes). CSV, JSON and --output keep every value whole.
 */
export const TABLE_CELL_WIDTH = 64;

/** `s` cut to TABLE_CELL_WIDTH terminal columns, its last one `…`, when it is wider. */
function cutCell(s: string): string {
  if (s.length <= TABLE_CELL_WIDTH / 2 || displayWidth(s) <= TABLE_CELL_WIDTH) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > TABLE_CELL_WIDTH - 1) break;
    out += ch;
  }
  return `${out}…`;
}

export interface TableOptions {
  /** Most rows drawn (default TABLE_MAX_ROWS); Infinity draws every row. */
  maxRows?: number;
  /**
   * `rs` holds only the rows to draw of a result of `total` rows: its first `head` rows, then its
   * last ones (table-parts.ts: a result read from its part files, never whole).
   */
  held?: { total: number; head: number };
}

export function* formatTable(rs: ResultSet, options: TableOptions = {}): Iterable<string> {
  const { fields, columns } = rs;
  const numRows = options.held?.total ?? rs.numRows;
  const maxRows = Math.max(2, options.maxRows ?? TABLE_MAX_ROWS);
  const elided = numRows > (options.held ? rs.numRows : maxRows);
  const headN = options.held?.head ?? (elided ? Math.ceil(maxRows / 2) : numRows);
  const tailStart = options.held ? headN : elided ? numRows - (maxRows - headN) : numRows;
  const shown: number[] = [];
  for (let i = 0; i < headN; i++) shown.push(i);
  for (let i = tailStart; i < rs.numRows; i++) shown.push(i);
  // control characters escaped (a row stays one line), widths in terminal columns (display-width.ts)
  const cells = columns.map((c, k) => shown.map((i) => cutCell(tableText(displayText(c[i], fields[k].dtype)))));
  const names = fields.map((f) => tableText(f.name));
  const widths = fields.map((f, k) => cells[k].reduce((w, s) => Math.max(w, displayWidth(s)), Math.max(displayWidth(names[k]), f.dtype.length, 3)));
  const right = fields.map((f) => NUMERIC.has(f.dtype));
  const rule = (l: string, m: string, r: string, fill: string): string => `${l}${widths.map((w) => fill.repeat(w + 2)).join(m)}${r}\n`;
  const row = (vals: string[], align: boolean[]): string =>
    `│${vals.map((v, k) => ` ${padDisplay(v, widths[k], align[k])} `).join('┆')}│\n`;
  const left = fields.map(() => false);
  yield `shape: (${numRows}, ${fields.length})\n`;
  yield rule('┌', '┬', '┐', '─');
  yield row(names, left);
  yield row(fields.map(() => '---'), left);
  yield row(fields.map((f) => f.dtype), left);
  yield rule('╞', '╪', '╡', '═');
  for (let r = 0; r < shown.length; r++) {
    if (elided && r === headN) yield row(fields.map(() => '…'), left);
    yield row(cells.map((c) => c[r]), right);
  }
  yield rule('└', '┴', '┘', '─');
  const hidden = numRows - shown.length;
  if (elided) yield `… ${hidden} more row${hidden === 1 ? '' : 's'} not shown; for every row use --format csv, or --output FILE\n`;
}
