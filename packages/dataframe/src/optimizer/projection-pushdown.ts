/**
 * Tells each scan which columns the query reads, so that no other field is ever parsed.
 */
import { columnsOf, outputName } from '../plan/expr-node.js';
import { joinLayout } from '../plan/join-schema.js';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { schemaOf } from '../plan/resolve.js';
import type { OptimizerRule } from './optimizer-rule.js';

function rewrite(plan: LogicalPlan): LogicalPlan {
  return prune(plan, new Set(schemaOf(plan).map((f) => f.name)));
}

/** Sets the scans' columns to those needed to produce `needed` at the top of `plan`. */
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
    case 'groupHead': {
      const below = new Set(needed);
      for (const k of plan.keys) columnsOf(k, below);
      return { ...plan, input: prune(plan.input, below) };
    }
    case 'limit': return { ...plan, input: prune(plan.input, needed) };
    case 'window': {
      // every call is kept (their outputs are few next to the rows); the input keeps what they read
      const made = new Set(plan.calls.map((c) => c.name));
      const below = new Set([...needed].filter((n) => !made.has(n)));
      for (const n of plan.partitionBy) below.add(n);
      for (const c of plan.calls) {
        if (c.arg !== null) below.add(c.arg);
        for (const o of c.orderBy) below.add(o.name);
      }
      return { ...plan, input: prune(plan.input, below) };
    }
    case 'concat': {
      // every input keeps the same columns, so their schemas stay aligned
      const names = new Set(schemaOf(plan.inputs[0]).map((f) => f.name).filter((n) => needed.has(n)));
      if (names.size === 0) names.add(schemaOf(plan.inputs[0])[0].name);
      return { ...plan, inputs: plan.inputs.map((i) => prune(i, new Set(names))) };
    }
    case 'join': {
      const leftSchema = schemaOf(plan.left);
      const layout = joinLayout(leftSchema, schemaOf(plan.right), plan.rightOn, plan.how, plan.suffix, plan.rightOut);
      const left = new Set(plan.leftOn);
      for (const f of leftSchema) if (needed.has(f.name)) left.add(f.name);
      const right = new Set(plan.rightOn);
      const rightOut = layout.rightOut.filter((r) => needed.has(r.out));
      for (const r of rightOut) right.add(r.name);
      // output names were decided on the whole inputs: pin them before the inputs lose columns
      return { ...plan, left: prune(plan.left, left), right: prune(plan.right, right), rightOut };
    }
    case 'project': {
      const below = new Set<string>();
      // expressions whose output nothing above reads are dropped (SQL's aliasing select over a
      // join kept every column of both files: the scans parsed them all); a select keeps one, for
      // its row count
      let exprs = plan.exprs.filter((e) => e.kind === 'wildcard' || needed.has(outputName(e)));
      if (plan.mode === 'select' && exprs.length === 0) exprs = plan.exprs.slice(0, 1);
      if (plan.mode === 'with') {
        const produced = new Set(exprs.map(outputName));
        for (const n of needed) if (!produced.has(n)) below.add(n);
      }
      for (const e of exprs) {
        if (e.kind === 'wildcard') for (const f of schemaOf(plan.input)) below.add(f.name);
        else columnsOf(e, below);
      }
      return { ...plan, exprs, input: prune(plan.input, below) };
    }
    case 'aggregate': {
      const below = new Set<string>();
      for (const e of [...plan.keys, ...plan.aggs]) columnsOf(e, below);
      return { ...plan, input: prune(plan.input, below) };
    }
  }
}

export const projectionPushdown: OptimizerRule = { name: 'projection-pushdown', rewrite };
