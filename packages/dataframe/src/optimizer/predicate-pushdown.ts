/**
 * Moves filters as close to the scans as they can go: merges stacked filters, and moves a
 * filter below a projection or a sort when the columns it reads pass through unchanged, into
 * every input of a concat, and into the side of a join whose columns it reads when that side's
 * rows are not null-extended by the join, and below a window when it reads only the window's
 * partition keys. It never moves a filter across an aggregate, a limit or a group head (that
 * would change the answer).
 */
import { columnsOf, mapExpr, outputName, type ExprNode } from '../plan/expr-node.js';
import { joinLayout } from '../plan/join-schema.js';
import { mapInputs, type JoinNode, type LogicalPlan } from '../plan/logical-plan.js';
import { schemaOf } from '../plan/resolve.js';
import type { OptimizerRule } from './optimizer-rule.js';

function rewrite(plan: LogicalPlan): LogicalPlan {
  if (plan.kind !== 'filter') return mapInputs(plan, rewrite);
  return push(plan.predicate, rewrite(plan.input));
}

function push(predicate: ExprNode, input: LogicalPlan): LogicalPlan {
  switch (input.kind) {
    case 'filter':
      return push({ kind: 'binary', op: 'and', left: input.predicate, right: predicate }, input.input);
    case 'sort':
      return { ...input, input: push(predicate, input.input) };
    case 'concat':
      return { ...input, inputs: input.inputs.map((i) => push(predicate, i)) };
    case 'join':
      return pushIntoJoin(predicate, input);
    case 'window': {
      // a filter of partition keys only keeps or drops whole partitions: the same windows below
      const keys = new Set(input.partitionBy);
      if ([...columnsOf(predicate)].every((c) => keys.has(c))) return { ...input, input: push(predicate, input.input) };
      return { kind: 'filter', input, predicate };
    }
    case 'project': {
      const reads = columnsOf(predicate);
      const produced = new Set(input.exprs.map(outputName));
      const passThrough = input.mode === 'with'
        ? [...reads].every((c) => !produced.has(c))
        : [...reads].every((c) => input.exprs.some((e) => isPlainRef(e, c)));
      if (passThrough) return { ...input, input: push(predicate, input.input) };
      return { kind: 'filter', input, predicate };
    }
    default:
      return { kind: 'filter', input, predicate };
  }
}

/** Splits `a and b and …` into its conjuncts. */
function conjuncts(e: ExprNode, out: ExprNode[] = []): ExprNode[] {
  if (e.kind === 'binary' && e.op === 'and') { conjuncts(e.left, out); conjuncts(e.right, out); } else out.push(e);
  return out;
}

function and(parts: readonly ExprNode[]): ExprNode {
  return parts.reduce((a, b) => ({ kind: 'binary', op: 'and', left: a, right: b }));
}

function pushIntoJoin(predicate: ExprNode, join: JoinNode): LogicalPlan {
  const leftNames = new Set(schemaOf(join.left).map((f) => f.name));
  const layout = joinLayout(schemaOf(join.left), schemaOf(join.right), join.rightOn, join.how, join.suffix, join.rightOut);
  const rightByOut = new Map(layout.rightOut.map((r) => [r.out, r.name]));
  // left rows are never null-extended in inner/left/semi/anti; right rows in inner/right
  const leftOk = join.how === 'inner' || join.how === 'left' || join.how === 'semi' || join.how === 'anti';
  const rightOk = join.how === 'inner' || join.how === 'right';
  const toLeft: ExprNode[] = [];
  const toRight: ExprNode[] = [];
  const stay: ExprNode[] = [];
  for (const c of conjuncts(predicate)) {
    const reads = [...columnsOf(c)];
    // a right join's left key columns carry the right's key values, and are not among the
    // right's outputs (rightByOut): a filter on them stays above, like any other left column
    if (leftOk && reads.every((r) => leftNames.has(r))) toLeft.push(c);
    else if (rightOk && reads.length > 0 && reads.every((r) => rightByOut.has(r))) toRight.push(renameCols(c, rightByOut));
    else stay.push(c);
  }
  const left = toLeft.length > 0 ? push(and(toLeft), join.left) : join.left;
  const right = toRight.length > 0 ? push(and(toRight), join.right) : join.right;
  const out: LogicalPlan = { ...join, left, right };
  return stay.length > 0 ? { kind: 'filter', input: out, predicate: and(stay) } : out;
}

function renameCols(e: ExprNode, names: ReadonlyMap<string, string>): ExprNode {
  return mapExpr(e, (n) => (n.kind === 'col' ? { kind: 'col', name: names.get(n.name) ?? n.name } : n));
}

/** `col(name)` kept under its own name (name-outputs has pinned every select expression with an alias). */
function isPlainRef(e: ExprNode, name: string): boolean {
  return e.kind === 'alias' && e.name === name && e.arg.kind === 'col' && e.arg.name === name;
}

export const predicatePushdown: OptimizerRule = { name: 'predicate-pushdown', rewrite };
