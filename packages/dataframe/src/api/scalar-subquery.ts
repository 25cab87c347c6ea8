/**
 * Values a query needs from a whole frame before it can run row by row — today
 * `fillNull({ strategy: 'mean' | 'min' | 'max' })`. Planning turns each such expression into
 * fillNull(x, scalar) where the scalar names an output of a one-row aggregate over the input;
 * just before the query runs, every distinct aggregate runs once (a first pass over the data)
 * and its values replace the scalars as literals. So workers only ever see literals.
 */
import type { ExprNode, FillStrategy } from '../plan/expr-node.js';
import { exprToString, mapExpr, walkExpr } from '../plan/expr-node.js';
import { mapInputs, mapNodeExprs, type AggregateNode, type LogicalPlan } from '../plan/logical-plan.js';
import { PlanError, schemaOf, typeOf } from '../plan/resolve.js';
import { collect, type ComputeOptions } from '../physical/execute.js';
import { valueAt } from '../kernels/column.js';

/** Replaces fillStrategy nodes in `exprs` (evaluated over `input`) by fillNull of scalars; one aggregate serves them all. */
export function planScalars(exprs: ExprNode[], input: LogicalPlan): ExprNode[] {
  if (!exprs.some(hasStrategy)) return exprs;
  const agg: AggregateNode = { kind: 'aggregate', input, keys: [], aggs: [], keepNullKeys: false };
  const schema = schemaOf(input);
  return exprs.map((e) => mapExpr(e, (n) => {
    if (n.kind !== 'fillStrategy') return n;
    const fn = n.strategy as Exclude<FillStrategy, 'forward' | 'backward' | 'zero'>;
    const column = `s${agg.aggs.length}`;
    const call: ExprNode = { kind: 'agg', fn, arg: n.arg };
    let dtype;
    try {
      dtype = typeOf(call, schema);
    } catch (err) {
      throw new PlanError(`fillNull({ strategy: '${fn}' }): ${(err as Error).message}`);
    }
    agg.aggs.push({ kind: 'alias', name: column, arg: call });
    const scalar: ExprNode = { kind: 'scalar', plan: agg, column, dtype, label: `${exprToString(call)}[whole frame]` };
    return { kind: 'fillNull', arg: n.arg, value: scalar };
  }));
}

function hasStrategy(e: ExprNode): boolean {
  let found = false;
  walkExpr(e, (n) => { if (n.kind === 'fillStrategy') found = true; });
  return found;
}

function hasScalar(e: ExprNode): boolean {
  let found = false;
  walkExpr(e, (n) => { if (n.kind === 'scalar') found = true; });
  return found;
}

/** Runs every scalar's aggregate (once per distinct aggregate) and puts the values in as literals. */
export async function resolveScalars(plan: LogicalPlan, opts: ComputeOptions): Promise<LogicalPlan> {
  // each aggregate plan, and its values' labels for an error about one (their columns, s0…, are floe's own names)
  const labels = new Map<LogicalPlan, Map<string, string>>();
  forEachExpr(plan, (e) => walkExpr(e, (n) => {
    if (n.kind !== 'scalar') return;
    if (!labels.has(n.plan)) labels.set(n.plan, new Map());
    labels.get(n.plan)!.set(n.column, n.label);
  }));
  if (labels.size === 0) return plan;
  const values = new Map<LogicalPlan, Map<string, number | string | boolean | null>>();
  for (const p of labels.keys()) {
    const t = await collect(await resolveScalars(p, opts), opts);
    // an aggregate is one row; SQL's other subqueries are read up to a second row (a limit of 2)
    if (t.numRows > 1) throw new RangeError(`${[...labels.get(p)!.values()].join(', ')}: a subquery used as a value returned more than one row; make it one: an aggregate, LIMIT 1, or a WHERE that keeps one row`);
    const row = new Map<string, number | string | boolean | null>();
    t.schema.forEach((f, k) => {
      const v = t.numRows === 0 ? null : valueAt(t.columns[k], 0);
      if (typeof v === 'bigint') {
        const label = labels.get(p)?.get(f.name) ?? f.name;
        // SQL's scalar subqueries are labelled (subquery n); fillNull's strategies by their aggregate
        throw new RangeError(label.startsWith('(subquery')
          ? `${label}: the value ${v} is beyond 2^53, where a literal would be rounded; cast it to float64 first, or join on it instead`
          : `fillNull: the fill value ${v} (${label}) is beyond 2^53; cast the column to float64 first`);
      }
      row.set(f.name, v);
    });
    values.set(p, row);
  }
  return mapExprs(plan, (e) => (hasScalar(e) ? mapExpr(e, (n) => (n.kind === 'scalar' ? { kind: 'lit', value: values.get(n.plan)!.get(n.column)!, dtype: n.dtype } : n)) : e));
}

function forEachExpr(plan: LogicalPlan, f: (e: ExprNode) => void): void {
  mapExprs(plan, (e) => { f(e); return e; });
}

/**
 * The plan with every expression passed through `f` (mapNodeExprs: an aggregate's too — a scalar
 * inside one, max(x) - (select min(x) …), was left unresolved: 'internal: scalar cannot be
 * evaluated per row').
 */
function mapExprs(plan: LogicalPlan, f: (e: ExprNode) => ExprNode): LogicalPlan {
  return mapNodeExprs(mapInputs(plan, (input) => mapExprs(input, f)), f);
}
