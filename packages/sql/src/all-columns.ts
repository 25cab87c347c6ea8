/**
 * DuckDB's `GROUP BY ALL` (every select item that holds no aggregate) and `ORDER BY ALL` (every
 * output column, left to right, in the order's direction), read from the quoted name
 * parse-sql.ts writes in place of ALL, as the output positions they stand for.
 */
import { ALL_MARKER } from './parse-sql.js';
import { columnRef, type SqlNode } from './sql-ast.js';
import { SqlError } from './sql-error.js';
import { findWord } from './source-text.js';

function isAll(n: SqlNode | undefined): boolean {
  return n !== undefined && n.type === 'column_ref' && columnRef(n).table === null && columnRef(n).name === ALL_MARKER;
}

function position(k: number): SqlNode {
  return { type: 'number', value: k };
}

/** GROUP BY's keys, ALL as the positions of the items `grouped` says are not aggregates. */
export function groupByAll(keys: SqlNode[], itemCount: number, grouped: (k: number) => boolean, text: string): SqlNode[] {
  if (!keys.some(isAll)) return keys;
  if (keys.length > 1) throw new SqlError('GROUP BY ALL stands alone; it cannot be listed with other keys', findWord(text, 'group'));
  const out: SqlNode[] = [];
  for (let k = 1; k <= itemCount; k++) if (grouped(k - 1)) out.push(position(k));
  return out;
}

/** ORDER BY's items, ALL as one item a column (its ASC/DESC and NULLS placement each). */
export function orderByAll(items: SqlNode[], columnCount: number, text: string): SqlNode[] {
  if (!items.some((it) => isAll(it.expr as SqlNode | undefined))) return items;
  if (items.length > 1) throw new SqlError('ORDER BY ALL stands alone; it cannot be listed with other keys', findWord(text, 'order'));
  return Array.from({ length: columnCount }, (_, k) => ({ ...items[0], expr: position(k + 1) }));
}
