/**
 * DataFrames over data already in memory: rows of objects, arrays per column, or an Arrow
 * table. The data is typed once here; the frame is partitioned like a file (about `blocksize`
 * bytes a partition) so it joins, stacks and aggregates with frames read from files.
 */
import type { Table as ArrowTable } from 'apache-arrow';
import { arrow } from '../io/lazy-arrow.js';
import { columnsFromArrow } from '../io/arrow/from-arrow.js';
import { columnFromValues } from '../io/memory/from-values.js';
import { memorySource } from '../io/memory/memory-source.js';
import { DEFAULT_BLOCKSIZE, parseByteSize } from '../io/csv/partitions.js';
import type { ScanNode } from '../plan/logical-plan.js';
import type { Column } from '../kernels/column.js';
import type { Field } from '../types/dtype.js';
import { DataFrame } from './dataframe.js';

export interface FromMemoryOptions {
  /** Bytes per partition, e.g. `'8MB'` (default 32 MiB). */
  blocksize?: number | string;
}

/** `fromRows([{ a: 1, b: 'x' }, { a: 2, b: 'y' }])`: columns in first-seen key order; a missing key is null. */
export function fromRows(rows: readonly Record<string, unknown>[], opts: FromMemoryOptions = {}): DataFrame {
  if (!Array.isArray(rows)) throw new TypeError('fromRows() takes an array of objects, e.g. fromRows([{ a: 1, b: \'x\' }])');
  const names: string[] = [];
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new TypeError(`fromRows(): row ${i} is ${r === null ? 'null' : Array.isArray(r) ? 'an array' : typeof r}, not an object`);
    for (const k of Object.keys(r)) if (!seen.has(k)) { seen.add(k); names.push(k); }
  });
  if (names.length === 0) throw new TypeError('fromRows(): no columns (the rows are empty or have no keys)');
  const built = names.map((name) => columnFromValues(name, rows.map((r) => r[name]), 'fromRows()'));
  return frame('fromRows', built.map((b) => b.field), built.map((b) => b.column), rows.length, opts);
}

/** `fromColumns({ a: [1, 2], b: ['x', 'y'] })`: every array the same length. */
export function fromColumns(columns: Record<string, ArrayLike<unknown>>, opts: FromMemoryOptions = {}): DataFrame {
  if (columns === null || typeof columns !== 'object' || Array.isArray(columns)) throw new TypeError('fromColumns() takes an object of arrays, e.g. fromColumns({ a: [1, 2], b: [\'x\', \'y\'] })');
  const entries = Object.entries(columns);
  if (entries.length === 0) throw new TypeError('fromColumns(): no columns');
  const n = entries[0][1]?.length;
  for (const [name, values] of entries) {
    if (values === null || typeof values !== 'object' || typeof values.length !== 'number') throw new TypeError(`fromColumns(): column ${JSON.stringify(name)} is not an array`);
    if (values.length !== n) throw new TypeError(`fromColumns(): column ${JSON.stringify(name)} has ${values.length} values but ${JSON.stringify(entries[0][0])} has ${n}; every column needs the same length`);
  }
  const built = entries.map(([name, values]) => columnFromValues(name, values, 'fromColumns()'));
  return frame('fromColumns', built.map((b) => b.field), built.map((b) => b.column), n, opts);
}

/** `fromArrow(table)`: an apache-arrow Table (e.g. from `tableFromIPC` or another library's `toArrow()`). */
export function fromArrow(table: ArrowTable, opts: FromMemoryOptions = {}): DataFrame {
  if (!(table instanceof arrow().Table) && !(table && typeof table === 'object' && 'schema' in table && 'getChildAt' in table)) {
    throw new TypeError('fromArrow() takes an apache-arrow Table');
  }
  const { fields, columns } = columnsFromArrow(table, 'fromArrow()');
  return frame('fromArrow', fields, columns, table.numRows, opts);
}

function frame(origin: string, fields: Field[], columns: Column[], length: number, opts: FromMemoryOptions): DataFrame {
  const blocksize = opts.blocksize !== undefined ? parseByteSize(opts.blocksize) : DEFAULT_BLOCKSIZE;
  if (!(blocksize >= 1)) throw new RangeError(`${origin}: blocksize must be at least 1 byte`);
  const source = memorySource(origin, fields, columns, length);
  return new DataFrame({ kind: 'scan', source, blocksize, columns: null, parts: Object.create(null) as ScanNode['parts'] });
}
