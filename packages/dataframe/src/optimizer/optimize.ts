/** Runs the optimizer rules, in order. */
import type { LogicalPlan } from '../plan/logical-plan.js';
import { schemaOf } from '../plan/resolve.js';
import { coerceLiterals } from './coerce-literals.js';
import { distinctAsAggregate } from './distinct-as-aggregate.js';
import { dtFieldPushdown } from './dt-field-pushdown.js';
import { nameOutputs } from './name-outputs.js';
import { carriedColumns } from './carried-columns.js';
import type { OptimizerRule } from './optimizer-rule.js';
import { predicatePushdown } from './predicate-pushdown.js';
import { projectionPushdown } from './projection-pushdown.js';
import { windowAsAggregate } from './window-as-aggregate.js';
import { windowTopN } from './window-top-n.js';

export const RULES: readonly OptimizerRule[] = [nameOutputs, coerceLiterals, predicatePushdown, windowTopN, windowAsAggregate, projectionPushdown, distinctAsAggregate, dtFieldPushdown, carriedColumns];

/** The rules a plan needs to run at all (output names, literal types); the others only rewrite for speed. */
export const REQUIRED_RULES: readonly OptimizerRule[] = [nameOutputs, coerceLiterals];

let active: readonly OptimizerRule[] = RULES;

export function optimize(plan: LogicalPlan): LogicalPlan {
  schemaOf(plan); // type-check the whole query first: errors name the user's own expressions
  return active.reduce((p, rule) => rule.rewrite(p), plan);
}

/**
 * Tests only (not exported by the package): runs `fn` with only the required rules, so a test
 * can compare a query's answer with and without the rewriting rules.
 */
export async function withoutRewrites<T>(fn: () => Promise<T>): Promise<T> {
  const before = active;
  active = REQUIRED_RULES;
  try {
    return await fn();
  } finally {
    active = before;
  }
}
