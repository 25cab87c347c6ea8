/**
 * Moves filters as close to the scan as they can go: merges stacked filters, and moves a
 * filter below a projection or a sort when the columns it reads pass through unchanged.
 * It never moves a filter across an aggregate or a limit (that would change the answer).
 */
import { columnsOf, outputName, type ExprNode } from '../plan/expr-node.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import type { OptimizerRule } from './optimizer-rule.js';

function rewrite(plan: LogicalPlan): LogicalPlan {
  if (plan.kind === 'scan') return plan;
  const input = rewrite(plan.input);
  if (plan.kind !== 'filter') return { ...plan, input } as LogicalPlan;
  return push(plan.predicate, input);
}

function push(predicate: ExprNode, input: LogicalPlan): LogicalPlan {
  switch (input.kind) {
    case 'filter':
      return push({ kind: 'binary', op: 'and', left: input.predicate, right: predicate }, input.input);
    case 'sort':
      return { ...input, input: push(predicate, input.input) };
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

function isPlainRef(e: ExprNode, name: string): boolean {
  if (e.kind === 'col') return e.name === name;
  return e.kind === 'alias' && e.name === name && e.arg.kind === 'col' && e.arg.name === name;
}

export const predicatePushdown: OptimizerRule = { name: 'predicate-pushdown', rewrite };
