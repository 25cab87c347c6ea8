/**
 * `readCsv(files, { unionByName: true })`: files whose columns differ in order or in set, read as
 * one frame (DuckDB's `union_by_name`, Polars' diagonal concat). Each file's header, dialect and
 * types are inferred on their own; files with the same columns, types and dialect are read
 * together as one scan; the scans are stacked with their columns aligned by name. The result has
 * every name seen, in first-seen order; a column a file lacks is null there. A column typed
 * differently by different files takes the wider type: int64 + float64 → float64, date +
 * timestamp → timestamp, any other mix → string. A column whose sample holds no value in a file
 * (a header-only file, an all-empty column) has no type there yet: it takes the other files'.
 * A file whose column must become text, or has no type yet, is read with that column's type
 * given, so text keeps its bytes ("007", "1.50") and values deeper in the file are parsed —
 * and checked — as the column's type, not cast from a number.
 */
import type { DType } from '../types/dtype.js';
import { scansOf } from '../plan/logical-plan.js';
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

/** `open(files, otherFiles)` reads a list of files as one scan (they must share a header and dialect), some columns typed as the other files type them. */
export function readByName(files: readonly string[], open: (files: string[], otherFiles?: Record<string, DType>) => DataFrame): DataFrame {
  const groups = new Map<string, { files: string[]; frame: DataFrame; valueless: Set<string> }>();
  for (const f of files) {
    const frame = open([f]);
    const source = scansOf(frame.plan)[0]?.source;
    const valueless = new Set(source?.format === 'csv' ? source.valueless : []);
    // files read as one scan share the first one's dialect: a ';' file beside a ',' file, or one with a trailing delimiter, is its own group
    const dialect = source?.format === 'csv' ? [source.dialect, source.header, source.skipRows] : null;
    const key = JSON.stringify([frame.schema.map((x) => [x.name, valueless.has(x.name) ? null : x.dtype]), dialect]);
    const g = groups.get(key);
    if (g) g.files.push(f);
    else groups.set(key, { files: [f], frame, valueless });
  }
  const types = new Map<string, DType | null>();
  for (const { frame, valueless } of groups.values()) {
    for (const { name, dtype } of frame.schema) {
      const t = valueless.has(name) ? null : dtype;
      const seen = types.get(name);
      types.set(name, seen === undefined || seen === null ? t : t === null ? seen : widerType(seen, t));
    }
  }
  const target = new Map([...types].map(([name, t]) => [name, t ?? 'string']));
  const frames = [...groups.values()].map(({ files: group, frame, valueless }) => {
    // a column that must become text, or has no type yet here: read as the column's type
    const given: Record<string, DType> = {};
    for (const { name, dtype } of frame.schema) {
      const t = target.get(name)!;
      if (t !== dtype && (t === 'string' || valueless.has(name))) given[name] = t;
    }
    if (Object.keys(given).length > 0) return open(group, given);
    return group.length === 1 ? frame : open(group);
  });
  if (frames.length === 1) return frames[0];
  return concat(frames.map((frame) => {
    const have = new Map(frame.schema.map((x) => [x.name, x.dtype]));
    const exprs: Expr[] = [...target].map(([name, dtype]) => {
      const t = have.get(name);
      if (t === undefined) return lit(null).cast(dtype).alias(name);
      return t === dtype ? col(name) : col(name).cast(dtype).alias(name);
    });
    return frame.select(exprs);
  }));
}
