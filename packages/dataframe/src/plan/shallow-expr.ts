/**
 * Keeps expression trees shallow enough for every pass over them (type checks, optimizer
 * rules, evaluation, structured clone to workers), which recurse once per level.
 *
 * `a and b and c and …` built left to right is a tree as deep as it is long: 5000 terms
 * overflowed the stack. and/or are associative (with nulls too: Kleene logic), so a chain of
 * n terms is rebuilt as a balanced tree of depth ⌈log2 n⌉. Other chains keep their shape
 * (`a - b - c` is not associative; float `+` is not either) and are refused past
 * MAX_EXPR_DEPTH levels with an error that says so. Never recurses itself: explicit stacks.
 */
import { exprChildren, exprToString, type ExprNode, withExprChildren } from './expr-node.js';
import { PlanError } from './resolve.js';

export const MAX_EXPR_DEPTH = 1000;

/** `e` with and/or chains balanced; throws a PlanError if it is still deeper than MAX_EXPR_DEPTH. */
export function shallowExpr(e: ExprNode): ExprNode {
  const out = balanceChains(e);
  const depth = exprDepth(out);
  if (depth > MAX_EXPR_DEPTH) {
    throw new PlanError(`an expression is nested ${depth} levels deep (${preview(out)}); the limit is ${MAX_EXPR_DEPTH}. and/or chains may be any length; split other long chains into steps (withColumns)`);
  }
  return out;
}

type Binary = Extract<ExprNode, { kind: 'binary' }>;

/** The root of an and/or chain (the guard is deliberately not a type predicate: its false says nothing of the kind). */
function chainRoot(n: ExprNode): Binary | null {
  return n.kind === 'binary' && (n.op === 'and' || n.op === 'or') ? n : null;
}

/** The operands of an and/or chain rooted at `n`, left to right (same operator only). */
function chainOperands(n: Binary): ExprNode[] {
  const out: ExprNode[] = [];
  const stack: ExprNode[] = [n];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.kind === 'binary' && x.op === n.op) stack.push(x.right, x.left);
    else out.push(x);
  }
  return out;
}

function kids(n: ExprNode): ExprNode[] {
  const chain = chainRoot(n);
  return chain ? chainOperands(chain) : exprChildren(n);
}

function rebuild(n: ExprNode, k: ExprNode[]): ExprNode {
  const chain = chainRoot(n);
  return chain ? balanced(chain.op, k, 0, k.length) : withExprChildren(n, k);
}

/** A balanced tree over operands [lo, hi): recursion depth log2 of their number. */
function balanced(op: Binary['op'], xs: ExprNode[], lo: number, hi: number): ExprNode {
  if (hi - lo === 1) return xs[lo];
  const mid = lo + Math.ceil((hi - lo) / 2);
  return { kind: 'binary', op, left: balanced(op, xs, lo, mid), right: balanced(op, xs, mid, hi) };
}

export function balanceChains(root: ExprNode): ExprNode {
  const done = new Map<ExprNode, ExprNode>();
  const stack: { node: ExprNode; kids: ExprNode[] | null }[] = [{ node: root, kids: null }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.kids === null) {
      top.kids = kids(top.node);
      for (const k of top.kids) if (!done.has(k)) stack.push({ node: k, kids: null });
      continue;
    }
    stack.pop();
    if (!done.has(top.node)) done.set(top.node, rebuild(top.node, top.kids.map((k) => done.get(k)!)));
  }
  return done.get(root)!;
}

export function exprDepth(root: ExprNode): number {
  let max = 0;
  const stack: [ExprNode, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    if (d > max) max = d;
    const chain = chainRoot(n);
    for (const k of chain ? [chain.left, chain.right] : kids(n)) stack.push([k, d + 1]);
  }
  return max;
}

/** What the deep part looks like, for the message: the operators down the left spine and its first leaf. */
function preview(e: ExprNode): string {
  const ops: string[] = [];
  let n = e;
  for (;;) {
    if (n.kind === 'binary') { ops.push(n.op); n = n.left; }
    else if ('arg' in n && n.arg !== null) { ops.push(n.kind); n = n.arg; }
    else break;
  }
  const counts = new Map<string, number>();
  for (const op of ops) counts.set(op, (counts.get(op) ?? 0) + 1);
  const [op, times] = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a));
  return `${times} nested '${op}' starting at ${exprToString(n)}`;
}
