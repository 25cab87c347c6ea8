/**
 * When a timestamp column is only ever used through calendar fields (`col('Date').dt.year()`),
 * the scan takes those fields straight from the timestamp's digits and never builds the
 * timestamp column: `dt.year(col Date)` becomes a read of the scan output `Date::year`.
 */
import { mapExpr, walkExpr, type DtField, type ExprNode } from '../plan/expr-node.js';
import { partColumnName, type LogicalPlan, type ScanNode } from '../plan/logical-plan.js';
import type { OptimizerRule } from './optimizer-rule.js';
import { sourceOf } from '../io/source.js';
import { prune } from './projection-pushdown.js';
import { schemaOf } from '../plan/resolve.js';

function rewrite(plan: LogicalPlan): LogicalPlan {
  // one linear chain over one scan; plans that join or stack frames read timestamps whole
  if (!isChain(plan)) return plan;
  const scan = findScan(plan);
  if (!sourceOf(scan.source).readsCalendarParts) return plan;
  // a column in a user date format is parsed from its text (per distinct value), never from digits
  const temporal = scan.source.schema.filter((f) => (f.dtype === 'timestamp' || f.dtype === 'date') && (scan.columns ?? []).includes(f.name) && !('dateFormats' in scan.source && scan.source.dateFormats[f.name] !== undefined));
  if (temporal.length === 0) return plan;
  const names = new Set(scan.source.schema.map((f) => f.name));
  const exprs = collectExprs(plan);
  const parts = Object.create(null) as Record<string, DtField[]>; // keyed by column names: no prototype
  for (const f of temporal) {
    let onlyParts = true;
    const used = new Set<DtField>();
    for (const e of exprs) {
      walkExpr(e, (n) => {
        if (n.kind === 'dt' && n.arg.kind === 'col' && n.arg.name === f.name) used.add(n.field);
      });
      if (countRefs(e, f.name) !== countDtRefs(e, f.name)) onlyParts = false;
    }
    if (!onlyParts || used.size === 0) continue;
    if ([...used].some((p) => names.has(partColumnName(f.name, p)))) continue;
    parts[f.name] = [...used];
  }
  // a column still needed whole (e.g. kept implicitly by withColumns) is read whole
  const visible = new Set(schemaOf(plan).map((f) => f.name));
  for (;;) {
    if (Object.keys(parts).length === 0) return plan;
    const swap = (e: ExprNode): ExprNode => mapExpr(e, (n) =>
      n.kind === 'dt' && n.arg.kind === 'col' && Object.hasOwn(parts, n.arg.name) ? { kind: 'col', name: partColumnName(n.arg.name, n.field) } : n);
    const rewritten = replace(plan, swap, parts);
    const stillNeeded = findScan(prune(rewritten, visible)).columns ?? [];
    const keep = Object.keys(parts).filter((c) => stillNeeded.includes(c));
    if (keep.length === 0) return rewritten;
    for (const c of keep) delete parts[c];
  }
}

function isChain(plan: LogicalPlan): boolean {
  if (plan.kind === 'scan') return true;
  if (plan.kind === 'join' || plan.kind === 'concat') return false;
  return isChain(plan.input);
}

function findScan(plan: LogicalPlan): ScanNode {
  if (plan.kind === 'join' || plan.kind === 'concat') throw new Error('internal: not a chain');
  return plan.kind === 'scan' ? plan : findScan(plan.input);
}

function collectExprs(plan: LogicalPlan, out: ExprNode[] = []): ExprNode[] {
  switch (plan.kind) {
    case 'scan': return out;
    case 'filter': out.push(plan.predicate); break;
    case 'project': for (const e of plan.exprs) out.push(e); break;
    case 'aggregate': for (const e of plan.keys.concat(plan.aggs)) out.push(e); break;
    case 'sort': for (const b of plan.by) out.push(b.expr); break;
    case 'groupHead': for (const e of plan.keys) out.push(e); break;
    case 'limit': break;
    case 'join': case 'concat': throw new Error('internal: not a chain');
  }
  return collectExprs(plan.input, out);
}

function countRefs(e: ExprNode, name: string): number {
  let n = 0;
  walkExpr(e, (x) => { if (x.kind === 'col' && x.name === name) n++; });
  return n;
}

function countDtRefs(e: ExprNode, name: string): number {
  let n = 0;
  walkExpr(e, (x) => { if (x.kind === 'dt' && x.arg.kind === 'col' && x.arg.name === name) n++; });
  return n;
}

function replace(plan: LogicalPlan, swap: (e: ExprNode) => ExprNode, parts: Record<string, DtField[]>): LogicalPlan {
  switch (plan.kind) {
    case 'scan': return { ...plan, columns: (plan.columns ?? []).filter((c) => !Object.hasOwn(parts, c)), parts };
    case 'filter': return { ...plan, input: replace(plan.input, swap, parts), predicate: swap(plan.predicate) };
    case 'project': return { ...plan, input: replace(plan.input, swap, parts), exprs: plan.exprs.map(swap) };
    case 'aggregate': return { ...plan, input: replace(plan.input, swap, parts), keys: plan.keys.map(swap), aggs: plan.aggs.map(swap) };
    case 'sort': return { ...plan, input: replace(plan.input, swap, parts), by: plan.by.map((b) => ({ ...b, expr: swap(b.expr) })) };
    case 'limit': return { ...plan, input: replace(plan.input, swap, parts) };
    case 'groupHead': return { ...plan, input: replace(plan.input, swap, parts), keys: plan.keys.map(swap) };
    case 'join': case 'concat': throw new Error('internal: not a chain');
  }
}

export const dtFieldPushdown: OptimizerRule = { name: 'dt-field-pushdown', rewrite };
