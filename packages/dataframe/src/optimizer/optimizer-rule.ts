/** An optimizer rule: a named, independent rewrite of a logical plan. Rules run in the order of optimize.ts. */
import type { LogicalPlan } from '../plan/logical-plan.js';

export interface OptimizerRule {
  readonly name: string;
  rewrite(plan: LogicalPlan): LogicalPlan;
}
