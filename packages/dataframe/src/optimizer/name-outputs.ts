/**
 * Pins every output expression's name with an explicit alias, so that later rewrites (which
 * may replace the columns an expression reads) cannot change what the user sees.
 */
import { outputName, type ExprNode } from '../plan/expr-node.js';
import { mapInputs, type LogicalPlan } from '../plan/logical-plan.js';
import type { OptimizerRule } from './optimizer-rule.js';

const pin = (e: ExprNode): ExprNode => (e.kind === 'alias' || e.kind === 'wildcard' ? e : { kind: 'alias', arg: e, name: outputName(e) });

function rewrite(plan: LogicalPlan): LogicalPlan {
  switch (plan.kind) {
    case 'scan': return plan;
    case 'project': return { ...plan, input: rewrite(plan.input), exprs: plan.exprs.map(pin) };
    case 'aggregate': return { ...plan, input: rewrite(plan.input), keys: plan.keys.map(pin), aggs: plan.aggs.map(pin) };
    case 'groupHead': return { ...plan, input: rewrite(plan.input), keys: plan.keys.map(pin) };
    default: return mapInputs(plan, rewrite);
  }
}

export const nameOutputs: OptimizerRule = { name: 'name-outputs', rewrite };
