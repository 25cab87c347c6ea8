/**
 * The select list, with stars expanded: `*`, `t.*`, `* exclude (a, b)` become one item per
 * column; every item gets its output name (its alias, its column's name, else its SQL text),
 * made unique with `_1`, `_2` the way DuckDB does.
 */
import { EXCLUDE_MARKER, exprText } from './parse-sql.js';
import { matchName, resolveColumn, type Scope, type ScopeColumn } from './scope.js';
import { columnRef, functionArgs, positionOf, type SqlNode } from './sql-ast.js';
import { SqlError } from './sql-error.js';
import { findWord } from './source-text.js';

export interface SelectItem {
  ast: SqlNode;
  name: string;
}

export function selectItems(columns: SqlNode[], scope: Scope, text: string): SelectItem[] {
  const items: SelectItem[] = [];
  for (const c of columns) {
    const e = c.expr as SqlNode;
    const alias = (c.as as string | null) ?? null;
    if (e.type === 'column_ref' && columnRef(e).name === '*') {
      items.push(...starItems(scope, columnRef(e).table, [], text));
    } else if (e.type === 'function' && isExclude(e)) {
      const qualifier = ((e.name as { schema?: { value: string } }).schema?.value) ?? null;
      const names = functionArgs(e).map((a) => {
        if (a.type !== 'column_ref') throw new SqlError('* exclude (…) takes column names', positionOf(e));
        return columnRef(a).name;
      });
      items.push(...starItems(scope, qualifier, names, text));
    } else {
      items.push({ ast: e, name: alias ?? defaultName(e, scope) });
    }
  }
  return uniqueNames(items);
}

function isExclude(e: SqlNode): boolean {
  return (e.name as { name: { value: string }[] }).name.map((p) => p.value).join('.') === EXCLUDE_MARKER;
}

function starItems(scope: Scope, table: string | null, exclude: string[], text: string): SelectItem[] {
  let cols: ScopeColumn[];
  if (table === null) {
    cols = scope.columns.filter((c) => c.star);
    if (scope.columns.length === 0) throw new SqlError('SELECT * needs FROM: a query without FROM has no columns', findWord(text, '*'));
  } else {
    const t = matchName([...new Set(scope.columns.map((c) => c.table).filter((x): x is string => x !== null))], table);
    if (t === null) throw new SqlError(`no table ${JSON.stringify(table)} in FROM for ${table}.*`, findWord(text, table));
    cols = scope.columns.filter((c) => c.table === t);
  }
  // names as SQL matches them (exclude (X) leaves out x); one that matches none is an error naming the mistake
  const left = new Set<string>();
  for (const name of exclude) {
    const hit = matchName(cols.map((c) => c.name), name);
    if (hit === null) resolveColumn({ frame: scope.frame, columns: cols }, null, name, findWord(text, name));
    else left.add(hit);
  }
  return cols
    .filter((c) => !left.has(c.name))
    .map((c) => ({ ast: { type: 'column_ref', table: c.table, column: c.name }, name: c.name }));
}

function defaultName(e: SqlNode, scope: Scope): string {
  if (e.type === 'column_ref') {
    // the column's own spelling (`x0` names column X0), as DuckDB does
    const { table, name } = columnRef(e);
    try {
      return resolveColumn(scope, table, name, null).name;
    } catch {
      return name; // translation reports the mistake, with its position
    }
  }
  if (e.type === 'double_quote_string') return String(e.value);
  return exprText(e).replace(/\b([A-Z_]+)\(/g, (m) => m.toLowerCase()).replace(/"/g, '');
}

function uniqueNames(items: SelectItem[]): SelectItem[] {
  const seen = new Map<string, number>();
  return items.map((it) => {
    const n = seen.get(it.name) ?? 0;
    seen.set(it.name, n + 1);
    return n === 0 ? it : { ...it, name: `${it.name}_${n}` };
  });
}
