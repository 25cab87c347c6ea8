import type { ExprNode } from './expr-node.js';

/** `lit(null)` with no type of its own: it takes the type of what it meets (a when() branch, the other side of a comparison or `and`, a fillNull's column). */
export function isNullLiteral(e: ExprNode): boolean {
  return e.kind === 'lit' && e.value === null && e.dtype === null;
}
