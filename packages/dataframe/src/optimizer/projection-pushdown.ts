/**
 * Tells the scan which columns the query reads, so that no other field is ever parsed.
 */
import { columnsOf, outputName } from '../plan/expr-node.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { schemaOf } from '../plan/resolve.js';
import type { OptimizerRule } from './optimizer-rule.js';

function rewrite(plan: LogicalPlan): LogicalPlan {
  return prune(plan, new Set(schemaOf(plan).map((f) => f.name)));
}

/** Sets the scan's columns to those needed to produce `needed` at the top of `plan`. */
export function prune(plan: LogicalPlan, needed: Set<string>): LogicalPlan {
  switch (plan.kind) {
    case 'scan': {
      const columns = plan.source.schema.map((f) => f.name).filter((n) => needed.has(n));
      return { ...plan, columns };
    }
    case 'filter': {
      const below = new Set([...needed, ...columnsOf(plan.predicate)]);
      return { ...plan, input: prune(plan.input, below) };
    }
    case 'sort': {
      const below = new Set(needed);
      for (const b of plan.by) columnsOf(b.expr, below);
      return { ...plan, input: prune(plan.input, below) };
    }
    case 'limit': return { ...plan, input: prune(plan.input, needed) };
    case 'project': {
      const below = new Set<string>();
      if (plan.mode === 'with') {
        const produced = new Set(plan.exprs.map(outputName));
        for (const n of needed) if (!produced.has(n)) below.add(n);
      }
      for (const e of plan.exprs) {
        if (e.kind === 'wildcard') for (const f of schemaOf(plan.input)) below.add(f.name);
        else columnsOf(e, below);
      }
      return { ...plan, input: prune(plan.input, below) };
    }
    case 'aggregate': {
      const below = new Set<string>();
      for (const e of [...plan.keys, ...plan.aggs]) columnsOf(e, below);
      return { ...plan, input: prune(plan.input, below) };
    }
  }
}

export const projectionPushdown: OptimizerRule = { name: 'projection-pushdown', rewrite };
