/** Worker task: one row block of a 2-d array written as a CSV file with a header (NaN → empty field). */
import { writeFile } from 'node:fs/promises';
import type { BlockExpr } from '../kernels/block-expr.js';
import { toContiguous } from '../kernels/block.js';
import { evaluate } from '../kernels/evaluate.js';

export async function writeCsvPart(file: string, names: string[], expr: BlockExpr): Promise<number> {
  const b = toContiguous(evaluate(expr));
  const [rows, cols] = b.shape;
  const lines: string[] = [names.map(quote).join(',')];
  const d = b.data as unknown as { [i: number]: number | bigint };
  const cell = b.dtype === 'bool' ? (v: number | bigint) => (v ? 'true' : 'false') : (v: number | bigint) => (typeof v === 'number' && Number.isNaN(v) ? '' : String(v));
  for (let i = 0; i < rows; i++) {
    const row = new Array<string>(cols);
    for (let j = 0; j < cols; j++) row[j] = cell(d[i * cols + j]);
    lines.push(row.join(','));
  }
  await writeFile(file, `${lines.join('\n')}\n`);
  return rows;
}

function quote(name: string): string {
  return /[",\n\r]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}
