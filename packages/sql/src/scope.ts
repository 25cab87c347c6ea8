/**
 * The columns a query can name, and where each lives in the frame being built: `o.amount` and
 * `amount` → the frame column that holds it. A single table keeps its column names; the tables
 * of a join are renamed to `alias.name` so that equal names on both sides never collide.
 */
import { closestName, type DataFrame } from '@floe/dataframe';
import { SqlError, type SqlPosition } from './sql-error.js';

export interface ScopeColumn {
  /** The table alias (or name) that qualifies it; null for a USING column merged from both sides. */
  table: string | null;
  name: string;
  /** The column of the frame holding it. */
  internal: string;
  /** Listed by `select *` (false for the two sides of a USING column, which is listed once). */
  star: boolean;
}

export interface Scope {
  frame: DataFrame;
  columns: ScopeColumn[];
}

/** The scope of one table: `table` qualifies every column. */
export function tableScope(frame: DataFrame, table: string | null): Scope {
  return { frame, columns: frame.columns.map((name) => ({ table, name, internal: name, star: true })) };
}

/** The frame column a reference names; errors name the column and suggest a near one. */
export function resolveColumn(scope: Scope, table: string | null, name: string, at: SqlPosition | null): ScopeColumn {
  const tables = new Set(scope.columns.map((c) => c.table).filter((t): t is string => t !== null));
  let candidates = scope.columns;
  if (table !== null) {
    const t = matchName([...tables], table);
    if (t === null) throw new SqlError(`no table ${JSON.stringify(table)} in FROM`, at, tables.size ? `tables: ${[...tables].join(', ')}` : undefined);
    candidates = candidates.filter((c) => c.table === t);
  }
  // a USING column (no table) hides the two sides it merges, when named without a table
  const merged = table === null ? candidates.filter((c) => c.table === null && c.name.toLowerCase() === name.toLowerCase()) : [];
  const pool = merged.length > 0 ? merged : candidates;
  const exact = pool.filter((c) => c.name === name);
  const found = exact.length > 0 ? exact : pool.filter((c) => c.name.toLowerCase() === name.toLowerCase());
  if (found.length === 1) return found[0];
  const label = table === null ? name : `${table}.${name}`;
  if (found.length > 1 && new Set(found.map((c) => c.table)).size === 1) {
    // one table's columns whose names differ only in case (Name, name): a table cannot tell them apart
    const spelled = found.map((c) => JSON.stringify(c.name)).join(' and ');
    throw new SqlError(`column reference ${JSON.stringify(label)} is ambiguous: ${found[0].table === null ? 'the input' : found[0].table} has columns ${spelled}, whose names differ only in case; name one in double quotes, spelled exactly ("${found[0].name}")`, at);
  }
  if (found.length > 1) {
    throw new SqlError(`column reference ${JSON.stringify(label)} is ambiguous: it is in ${found.map((c) => c.table).join(' and ')}; qualify it (${found[0].table}.${name})`, at);
  }
  const names = [...new Set(pool.map((c) => c.name))];
  if (scope.columns.length === 0) throw new SqlError(`no column ${JSON.stringify(label)}: a query without FROM has no columns`, at, "name a table: from 'file.csv'");
  const near = closestName(name, names);
  throw new SqlError(`no column ${JSON.stringify(label)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}`, at, `columns: ${names.join(', ')}`);
}

/** An exact match, else the one case-insensitive match (SQL names are case-insensitive unless quoted). */
export function matchName(names: readonly string[], name: string): string | null {
  if (names.includes(name)) return name;
  const lower = names.filter((n) => n.toLowerCase() === name.toLowerCase());
  return lower.length === 1 ? lower[0] : null;
}
