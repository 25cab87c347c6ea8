/**
 * The file paths a query reads, as written: `from 'data/*.csv'`, `from '-'`, `read_csv('x.csv')`,
 * in joins, subqueries, WITH and UNION branches. A caller that must prepare an input before the
 * query is planned (the CLI copies standard input and pipes to a file first) asks for them here.
 */
import { describedQuery, fromFirst } from './describe-query.js';
import { looksLikePath, STDIN_NAME } from './file-source.js';
import { parseSql } from './parse-sql.js';
import type { SqlNode } from './sql-ast.js';

export function sqlFromPaths(text: string): string[] {
  const found = new Set<string>();
  visit(parseSql(fromFirst(describedQuery(text) ?? text)), found);
  return [...found];
}

function visit(node: unknown, found: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) visit(n, found);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as SqlNode;
  if (Array.isArray(obj.from)) for (const entry of obj.from as SqlNode[]) collect(entry, found);
  for (const value of Object.values(obj)) if (value !== null && typeof value === 'object') visit(value, found);
}

function collect(entry: SqlNode, found: Set<string>): void {
  if (typeof entry.table === 'string' && !entry.db && (entry.table === STDIN_NAME || looksLikePath(entry.table))) found.add(entry.table);
  const fn = entry.type === 'expr' ? (entry.expr as SqlNode | undefined) : undefined;
  const arg = fn?.type === 'function' ? ((fn.args as SqlNode | undefined)?.value as SqlNode[] | undefined)?.[0] : undefined;
  if (arg?.type === 'single_quote_string') found.add(String(arg.value));
}
