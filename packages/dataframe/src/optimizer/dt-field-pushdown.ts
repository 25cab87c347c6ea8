/**
 * When a timestamp column is only ever used through calendar fields (`col('Date').dt.year()`),
 * the scan takes those fields straight from the timestamp's digits and never builds the
 * timestamp column: `dt.year(col Date)` becomes a read of the scan output `Date::year`.
 */
import { mapExpr, walkExpr, type DtField, type ExprNode } from '../plan/expr-node.js';
import { inputsOf, mapInputs, partColumnName, scansOf, type LogicalPlan } from '../plan/logical-plan.js';
import type { OptimizerRule } from './optimizer-rule.js';
import { sourceOf } from '../io/source.js';
import { prune } from './projection-pushdown.js';
import { schemaOf } from '../plan/resolve.js';

function rewrite(plan: LogicalPlan): LogicalPlan {
  // one linear chain over one scan; plans that join or stack frames read timestamps whole
  if (!isChain(plan)) return plan;
  const [scan] = scansOf(plan);
  if (!sourceOf(scan.source).readsCalendarParts) return plan;
  // a column in a user date format is parsed from its text (per distinct value), never from digits
  const temporal = scan.source.schema.filter((f) => (f.dtype === 'timestamp' || f.dtype === 'date') && (scan.columns ?? []).includes(f.name) && !('dateFormats' in scan.source && scan.source.dateFormats[f.name] !== undefined));
  const names = new Set(scan.source.schema.map((f) => f.name));
  const exprs = collectExprs(plan);
  const parts = Object.create(null) as Record<string, DtField[]>; // keyed by column names: no prototype
  for (const f of temporal) {
    const used = new Set<DtField>();
    for (const e of exprs) {
      walkExpr(e, (n) => {
        if (n.kind === 'dt' && n.arg.kind === 'col' && n.arg.name === f.name) used.add(n.field);
      });
    }
    // a source column already named like a part (`t::year`) keeps the timestamp whole
    if (used.size > 0 && ![...used].some((p) => names.has(partColumnName(f.name, p)))) parts[f.name] = [...used];
  }
  // a column still needed whole (used outside dt, or kept implicitly by withColumns) is read whole
  const visible = new Set(schemaOf(plan).map((f) => f.name));
  for (;;) {
    if (Object.keys(parts).length === 0) return plan;
    const swap = (e: ExprNode): ExprNode => mapExpr(e, (n) =>
      n.kind === 'dt' && n.arg.kind === 'col' && Object.hasOwn(parts, n.arg.name) ? { kind: 'col', name: partColumnName(n.arg.name, n.field) } : n);
    const rewritten = replace(plan, swap, parts);
    const stillNeeded = scansOf(prune(rewritten, visible))[0].columns ?? [];
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

/** Every expression of a chain's nodes. */
function collectExprs(plan: LogicalPlan, out: ExprNode[] = []): ExprNode[] {
  switch (plan.kind) {
    case 'filter': out.push(plan.predicate); break;
    case 'project': out.push(...plan.exprs); break;
    case 'aggregate': out.push(...plan.keys, ...plan.aggs); break;
    case 'sort': for (const b of plan.by) out.push(b.expr); break;
    case 'groupHead': out.push(...plan.keys); break;
    default: break;
  }
  for (const input of inputsOf(plan)) collectExprs(input, out);
  return out;
}

/** The chain with `swap` applied to every expression, and the scan reading `parts` instead of those columns. */
function replace(plan: LogicalPlan, swap: (e: ExprNode) => ExprNode, parts: Record<string, DtField[]>): LogicalPlan {
  if (plan.kind === 'scan') return { ...plan, columns: (plan.columns ?? []).filter((c) => !Object.hasOwn(parts, c)), parts };
  const node = mapInputs(plan, (input) => replace(input, swap, parts));
  switch (node.kind) {
    case 'filter': return { ...node, predicate: swap(node.predicate) };
    case 'project': return { ...node, exprs: node.exprs.map(swap) };
    case 'aggregate': return { ...node, keys: node.keys.map(swap), aggs: node.aggs.map(swap) };
    case 'sort': return { ...node, by: node.by.map((b) => ({ ...b, expr: swap(b.expr) })) };
    case 'groupHead': return { ...node, keys: node.keys.map(swap) };
    default: return node;
  }
}

export const dtFieldPushdown: OptimizerRule = { name: 'dt-field-pushdown', rewrite };
