/**
 * Tells each scan which of its columns the query only carries to the output: no filter, key,
 * sort, join, window or expression above reads them, they are passed along (renamed at most).
 * A CSV scan keeps a carried text column of mostly distinct values (ids, emails, free text) as
 * its rows' strings instead of interning every value into a dictionary that finds almost
 * nothing twice (io/csv/row-strings.ts). Only a speed hint: a column's codes mean the same
 * strings either way, and whatever compares strings also handles entries that repeat.
 *
 * Walks the plan from the top with the names each node's output has compared above it; a name
 * that reaches a scan uncompared is carried. Runs after projection pushdown (the scans' columns
 * are final).
 */
import { columnsOf, outputName, type ExprNode } from '../plan/expr-node.js';
import { joinLayout } from '../plan/join-schema.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { keyColumn } from '../plan/scan-under.js';
import { schemaOf } from '../plan/resolve.js';
import type { OptimizerRule } from './optimizer-rule.js';

function rewrite(plan: LogicalPlan): LogicalPlan {
  return mark(plan, new Set());
}

/** `plan` with its scans' `carried` set, given the names of its output compared above it. */
function mark(plan: LogicalPlan, compared: ReadonlySet<string>): LogicalPlan {
  switch (plan.kind) {
    case 'scan': {
      const carried = (plan.columns ?? plan.source.schema.map((f) => f.name)).filter((n) => !compared.has(n));
      return { ...plan, carried };
    }
    case 'filter': return { ...plan, input: mark(plan.input, reading(compared, [plan.predicate])) };
    case 'sort': return { ...plan, input: mark(plan.input, reading(compared, plan.by.map((b) => b.expr))) };
    case 'groupHead': return { ...plan, input: mark(plan.input, reading(compared, plan.keys)) };
    case 'limit': return { ...plan, input: mark(plan.input, compared) };
    case 'concat': return { ...plan, inputs: plan.inputs.map((i) => mark(i, compared)) };
    // a grouping reads every column it touches (keys, and min/max/first of text as much as sums)
    case 'aggregate': return { ...plan, input: mark(plan.input, reading(new Set(), [...plan.keys, ...plan.aggs])) };
    case 'window': {
      const below = new Set(compared);
      for (const n of plan.partitionBy) below.add(n);
      for (const c of plan.calls) {
        below.delete(c.name);
        if (c.arg !== null) below.add(c.arg);
        for (const o of c.orderBy) below.add(o.name);
      }
      return { ...plan, input: mark(plan.input, below) };
    }
    case 'join': {
      const left = new Set(plan.leftOn);
      const right = new Set(plan.rightOn);
      const leftNames = new Set(schemaOf(plan.left).map((f) => f.name));
      for (const n of compared) if (leftNames.has(n)) left.add(n);
      const layout = joinLayout(schemaOf(plan.left), schemaOf(plan.right), plan.rightOn, plan.how, plan.suffix, plan.rightOut);
      for (const r of layout.rightOut) if (compared.has(r.out)) right.add(r.name);
      return { ...plan, left: mark(plan.left, left), right: mark(plan.right, right) };
    }
    case 'project': {
      const below = new Set<string>();
      const produced = new Set<string>();
      for (const e of plan.exprs) {
        if (e.kind === 'wildcard') {
          for (const f of schemaOf(plan.input)) if (compared.has(f.name)) below.add(f.name);
          continue;
        }
        const name = outputName(e);
        produced.add(name);
        const moved = keyColumn(e);
        // a column passed on (renamed at most) is compared where its new name is; anything
        // computed from columns reads them
        if (moved === null) columnsOf(e, below);
        else if (compared.has(name)) below.add(moved);
      }
      if (plan.mode === 'with') for (const n of compared) if (!produced.has(n)) below.add(n);
      return { ...plan, input: mark(plan.input, below) };
    }
  }
}

/** `compared` and every column the expressions read. */
function reading(compared: ReadonlySet<string>, exprs: readonly ExprNode[]): Set<string> {
  const out = new Set(compared);
  for (const e of exprs) columnsOf(e, out);
  return out;
}

export const carriedColumns: OptimizerRule = { name: 'carried-columns', rewrite };
