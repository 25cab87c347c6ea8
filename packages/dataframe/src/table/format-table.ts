/**
 * Renders columns as a box table with a dtype row under the header (the layout Polars and
 * DuckDB users know). Long tables show their head and tail around a `…` row.
 */
import { valueAt, type Column } from '../kernels/column.js';
import { formatDate, formatTimestamp } from '../kernels/civil-time.js';
import type { Field } from '../types/dtype.js';
import { displayWidth, padDisplay, tableText } from './display-width.js';

export function formatCell(c: Column, i: number): string {
  const v = valueAt(c, i);
  if (v === null) return 'null';
  switch (c.dtype) {
    case 'timestamp': return formatTimestamp(v as number);
    case 'date': return formatDate(v as number);
    case 'float64': return formatFloat(v as number);
    default: return String(v);
  }
}

function formatFloat(v: number): string {
  if (Object.is(v, -0)) return '-0.0';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return `${v}.0`;
  const s = String(v);
  if (s.length <= 12) return s;
  return Math.abs(v) >= 1e-4 && Math.abs(v) < 1e15 ? String(Number(v.toPrecision(10))) : v.toExponential(6);
}

export function formatTable(fields: readonly Field[], cols: readonly Column[], maxRows: number): string {
  const n = cols.length > 0 ? cols[0].length : 0;
  const rows: number[] = [];
  let gap = -1;
  if (n <= maxRows) for (let i = 0; i < n; i++) rows.push(i);
  else {
    const headN = Math.ceil(maxRows / 2);
    for (let i = 0; i < headN; i++) rows.push(i);
    gap = rows.length;
    for (let i = n - (maxRows - headN); i < n; i++) rows.push(i);
  }
  const cells = fields.map((_, k) => rows.map((i) => tableText(formatCell(cols[k], i))));
  const names = fields.map((f) => tableText(f.name));
  const widths = fields.map((f, k) => cells[k].reduce((w, s) => Math.max(w, displayWidth(s)), Math.max(displayWidth(names[k]), f.dtype.length, 3)));
  const line = (l: string, m: string, r: string, fill: string): string => l + widths.map((w) => fill.repeat(w + 2)).join(m) + r;
  const row = (vals: string[], right: boolean[]): string =>
    `│${vals.map((v, k) => ` ${padDisplay(v, widths[k], right[k])} `).join('┆')}│`;
  const numeric = fields.map((f) => f.dtype === 'int64' || f.dtype === 'float64');
  const left = fields.map(() => false);
  const out = [`shape: (${n}, ${fields.length})`, line('┌', '┬', '┐', '─')];
  out.push(row(names, left));
  out.push(row(fields.map(() => '---'), left));
  out.push(row(fields.map((f) => f.dtype), left));
  out.push(line('╞', '╪', '╡', '═'));
  rows.forEach((_, r) => {
    if (r === gap) out.push(row(fields.map(() => '…'), left));
    out.push(row(cells.map((c) => c[r]), numeric));
  });
  out.push(line('└', '┴', '┘', '─'));
  return out.join('\n');
}
