/**
 * AND binds tighter than OR. node-sql-parser's PostgreSQL grammar reads a chain of them in a
 * WHERE, HAVING, ON or CASE WHEN left to right at one level — `a OR b AND c` as `(a OR b) AND c`
 * (its SELECT list gets it right) — so a filter kept other rows than the query says. Each chain of
 * AND/OR not broken by parentheses is rebuilt here from its operands in source order: the ANDs
 * first, then the ORs, both left to right. Parenthesized parts are operands, kept as written.
 */
import type { SqlNode } from './sql-ast.js';

type Node = SqlNode & { type?: unknown; operator?: unknown; left?: unknown; right?: unknown; parentheses?: unknown; loc?: unknown };

/** Rewrites every AND/OR chain under `root` in place; returns the root (itself rebuilt if it is one). */
export function fixBooleanPrecedence<T>(root: T): T {
  return visit(root) as T;
}

function visit(v: unknown): unknown {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = visit(v[i]);
    return v;
  }
  if (v === null || typeof v !== 'object') return v;
  const node = v as Node;
  if (isLogical(node)) return rebuild(node);
  for (const key of Object.keys(node)) if (key !== 'loc') (node as Record<string, unknown>)[key] = visit((node as Record<string, unknown>)[key]);
  return node;
}

function isLogical(n: unknown): n is Node {
  if (n === null || typeof n !== 'object') return false;
  const node = n as Node;
  return node.type === 'binary_expr' && typeof node.operator === 'string' && (node.operator.toUpperCase() === 'AND' || node.operator.toUpperCase() === 'OR');
}

function rebuild(root: Node): Node {
  const operands: unknown[] = [];
  const ops: string[] = [];
  // in order: the chain's operands and operators as written (a parenthesized chain is one operand)
  const flatten = (n: unknown, top: boolean): void => {
    if (isLogical(n) && (top || n.parentheses !== true)) {
      flatten(n.left, false);
      ops.push((n.operator as string).toUpperCase());
      flatten(n.right, false);
    } else {
      operands.push(visit(n));
    }
  };
  flatten(root, true);
  const join = (operator: string, left: unknown, right: unknown): Node => ({ type: 'binary_expr', operator, left, right, loc: root.loc } as Node);
  const terms: unknown[] = [];
  let term = operands[0];
  for (let i = 0; i < ops.length; i++) {
    if (ops[i] === 'AND') term = join('AND', term, operands[i + 1]);
    else {
      terms.push(term);
      term = operands[i + 1];
    }
  }
  terms.push(term);
  let out = terms[0] as Node;
  for (let i = 1; i < terms.length; i++) out = join('OR', out, terms[i]);
  if (root.parentheses === true) out = { ...out, parentheses: true };
  return out;
}
