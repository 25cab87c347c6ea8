/**
 * `readCsv(files, { unionByName: true })`: files whose columns differ in order or in set, read as
 * one frame (DuckDB's `union_by_name`, Polars' diagonal concat). Each file's header and types are
 * inferred on their own; files with the same columns and types are read together as one scan;
 * the scans are stacked with their columns aligned by name. The result has every name seen, in
 * first-seen order; a column a file lacks is null there. A column typed differently by different
 * files takes the wider type: int64 + float64 → float64, date + timestamp → timestamp, any other
 * mix → string.
 */
import type { DType } from '../types/dtype.js';
import { concat, type DataFrame } from './dataframe.js';
import { col, lit, type Expr } from './expr.js';

/** The type two files' columns of one name are read as. */
export function widerType(a: DType, b: DType): DType {
  if (a === b) return a;
  const pair = new Set([a, b]);
  if (pair.has('int64') && pair.has('float64')) return 'float64';
  if (pair.has('date') && pair.has('timestamp')) return 'timestamp';
  return 'string';
}

/** `open(files)` reads a list of files as one scan (they must share a header). */
export function readByName(files: readonly string[], open: (files: string[]) => DataFrame): DataFrame {
  const groups = new Map<string, { files: string[]; frame: DataFrame }>();
  for (const f of files) {
    const frame = open([f]);
    const key = JSON.stringify(frame.schema.map((x) => [x.name, x.dtype]));
    const g = groups.get(key);
    if (g) g.files.push(f);
    else groups.set(key, { files: [f], frame });
  }
  const frames = [...groups.values()].map((g) => (g.files.length === 1 ? g.frame : open(g.files)));
  const types = new Map<string, DType>();
  for (const frame of frames) {
    for (const { name, dtype } of frame.schema) types.set(name, types.has(name) ? widerType(types.get(name)!, dtype) : dtype);
  }
  if (frames.length === 1) return frames[0];
  return concat(frames.map((frame) => {
    const have = new Map(frame.schema.map((x) => [x.name, x.dtype]));
    const exprs: Expr[] = [...types].map(([name, dtype]) => {
      const t = have.get(name);
      if (t === undefined) return lit(null).cast(dtype).alias(name);
      return t === dtype ? col(name) : col(name).cast(dtype).alias(name);
    });
    return frame.select(exprs);
  }));
}
