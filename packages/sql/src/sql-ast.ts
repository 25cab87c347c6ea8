/**
 * The parts of node-sql-parser's AST that translation reads. Its published types cover only a
 * part of the tree, so nodes are read through this loose shape and the helpers below.
 */
import type { SqlPosition } from './sql-error.js';

export interface SqlNode {
  type?: string;
  loc?: { start: { offset: number; line: number; column: number }; end: { offset: number } };
  [key: string]: unknown;
}

export function child(n: SqlNode, key: string): SqlNode {
  return n[key] as SqlNode;
}

export function children(n: SqlNode, key: string): SqlNode[] {
  return (n[key] as SqlNode[] | null | undefined) ?? [];
}

/** Where a node starts, when the parser recorded it (functions and subqueries; not column names). */
export function positionOf(n: SqlNode | null | undefined): SqlPosition | null {
  const start = n?.loc?.start;
  return start ? { line: start.line, column: start.column } : null;
}

/** A node's text in the query, when the parser recorded where it starts and ends (`year(s)`). */
export function textOf(n: SqlNode, text: string): string | null {
  const loc = n.loc;
  return loc && loc.end.offset > loc.start.offset ? text.slice(loc.start.offset, loc.end.offset) : null;
}

/** A column reference's name ("*" for a star), and its table qualifier. */
export function columnRef(n: SqlNode): { table: string | null; name: string } {
  const c = n.column as string | { expr: { value: string } };
  const t = n.table as string | { value: string } | null | undefined;
  return { table: t === null || t === undefined ? null : typeof t === 'string' ? t : String(t.value), name: typeof c === 'string' ? c : String(c.expr.value) };
}

/** A function's name, lower case (`year`, `date_trunc`). */
export function functionName(n: SqlNode): string {
  const name = n.name as string | { name: { value: string }[] };
  return (typeof name === 'string' ? name : name.name.map((p) => p.value).join('.')).toLowerCase();
}

/** The argument nodes of a function call. */
export function functionArgs(n: SqlNode): SqlNode[] {
  const args = n.args as { value?: SqlNode[]; expr?: SqlNode } | null | undefined;
  if (!args) return [];
  if (Array.isArray(args.value)) return args.value;
  return args.expr ? [args.expr] : [];
}

/** A subquery in an expression or FROM: `{ ast: select }`. */
export function subqueryOf(n: SqlNode | null | undefined): SqlNode | null {
  if (n && typeof n === 'object' && 'ast' in n && n.ast && (n.ast as SqlNode).type === 'select') return n.ast as SqlNode;
  return null;
}

/**
 * `n` with each column reference outside its subqueries replaced by `f` of it, as a new tree
 * (locations kept, a subquery left as it is: its names are its own).
 */
export function mapColumnRefs(n: unknown, f: (ref: SqlNode) => SqlNode): unknown {
  if (Array.isArray(n)) return n.map((x) => mapColumnRefs(x, f));
  if (n === null || typeof n !== 'object') return n;
  const node = n as SqlNode;
  if (node.type === 'select' || 'ast' in node) return node;
  if (node.type === 'column_ref') return f(node);
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'loc' ? v : mapColumnRefs(v, f)]));
}
