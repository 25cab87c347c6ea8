/** Runs the optimizer rules, in order. */
import type { LogicalPlan } from '../plan/logical-plan.js';
import { schemaOf } from '../plan/resolve.js';
import { coerceLiterals } from './coerce-literals.js';
import { dtFieldPushdown } from './dt-field-pushdown.js';
import { nameOutputs } from './name-outputs.js';
import type { OptimizerRule } from './optimizer-rule.js';
import { predicatePushdown } from './predicate-pushdown.js';
import { projectionPushdown } from './projection-pushdown.js';

export const RULES: readonly OptimizerRule[] = [nameOutputs, coerceLiterals, predicatePushdown, projectionPushdown, dtFieldPushdown];

export function optimize(plan: LogicalPlan): LogicalPlan {
  schemaOf(plan); // type-check the whole query first: errors name the user's own expressions
  return RULES.reduce((p, rule) => rule.rewrite(p), plan);
}
