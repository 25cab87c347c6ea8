/**
 * The db-benchmark inputs, generated once (gen-dbbench.ts) and cached under the data folder with
 * the suite's `.complete.json` marker: a folder is reused only when it was made with the same
 * parameters.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { cached } from '../data/datasets.js';
import { generateGroupby, generateJoin, groupbyFileName, JOIN_TABLES, joinSizes, prettySci } from '../data/gen-dbbench.js';
import type { Task } from './question.js';

export const SEED = 108;

export interface DbDataset {
  task: Task;
  dir: string;
  /** CSV path by table name. */
  files: Record<string, string>;
  bytes: number;
  description: string;
}

export function dbDataset(task: Task, root: string, rows: number, k: number, nas: number, log: (msg: string) => void): DbDataset {
  let files: Record<string, string>;
  let dir: string;
  let description: string;
  // window functions run over the groupby data
  if (task === 'groupby' || task === 'window') {
    const p = { rows, k, nas, seed: SEED };
    dir = join(root, `dbbench-groupby-${prettySci(rows)}-${prettySci(k)}-${nas}`);
    cached(dir, `dbbench groupby v1: ${JSON.stringify(p)}`, () => { generateGroupby(dir, p); return rows; }, log);
    files = { x: join(dir, groupbyFileName(p)) };
    description = `${groupbyFileName(p)}: ${rows.toLocaleString('en-US')} rows, K=${k}, ${nas}% nulls in every column`;
  } else {
    const p = { rows, nas, seed: SEED };
    dir = join(root, `dbbench-join-${prettySci(rows)}-${nas}`);
    cached(dir, `dbbench join v1: ${JSON.stringify(p)}`, () => { generateJoin(dir, p); return rows; }, log);
    files = Object.fromEntries(JOIN_TABLES.map((t) => [t, join(dir, `${t}.csv`)]));
    const sizes = joinSizes(rows);
    description = `x ${sizes.x.toLocaleString('en-US')} rows (${nas}% nulls in keys and v1), small ${sizes.small}, medium ${sizes.medium.toLocaleString('en-US')}, big ${sizes.big.toLocaleString('en-US')}`;
  }
  const bytes = Object.values(files).reduce((s, f) => s + statSync(f).size, 0);
  return { task, dir, files, bytes, description: `${description}; ${(bytes / 1e6).toFixed(0)} MB` };
}
