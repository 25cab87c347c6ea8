/**
 * GROUP BY and aggregates: the keys (names, output positions, output aliases, expressions), the
 * reductions the select list, HAVING and ORDER BY need, and a translation of those clauses onto
 * the aggregate's outputs. SQL's sum (null over no values) is when(count > 0, sum, null);
 * `coalesce(sum(x), 0)` is floe's own sum.
 */
import { columnsOf, Expr, exprToString, type DataFrame, type ExprNode } from '@floe/dataframe';
import { aggregatePlan, isAggregateCall, zeroDefaultSum } from './aggregate-functions.js';
import type { Scope } from './scope.js';
import type { SelectItem } from './select-items.js';
import { columnRef, functionArgs, positionOf, type SqlNode } from './sql-ast.js';
import { SqlError } from './sql-error.js';
import { findWord } from './source-text.js';
import { translateExpr, type ExprContext } from './translate-expr.js';

export function hasAggregate(n: unknown): boolean {
  if (!n || typeof n !== 'object') return false;
  if (Array.isArray(n)) return n.some(hasAggregate);
  const node = n as SqlNode;
  if ('ast' in node && node.ast) return false; // a subquery's aggregates are its own
  if (isAggregateCall(node) && !node.over) return true; // a window function is refused where it stands
  return Object.entries(node).some(([k, v]) => k !== 'loc' && hasAggregate(v));
}

/**
 * GROUP BY keys (names, output positions, output aliases, expressions) and the reductions the
 * select list, HAVING and ORDER BY need; `translate` maps those clauses onto the aggregate's outputs.
 */
export function aggregation(scope: Scope, groupBy: SqlNode[], items: SelectItem[], base: ExprContext) {
  const rowCx: ExprContext = { ...base, clause: 'GROUP BY' };
  const keys: ExprNode[] = [];
  const keyIndex = new Map<string, string>();
  groupBy.forEach((g, i) => {
    let e = g;
    if (g.type === 'number') {
      const k = Number(g.value);
      if (!(Number.isInteger(k) && k >= 1 && k <= items.length)) throw new SqlError(`GROUP BY ${String(g.value)}: there are ${items.length} select items`, findWord(base.text, 'group'));
      e = items[k - 1].ast;
    } else if (g.type === 'column_ref' && columnRef(g).table === null && !scope.columns.some((c) => c.name.toLowerCase() === columnRef(g).name.toLowerCase())) {
      const k = items.findIndex((it) => it.name.toLowerCase() === columnRef(g).name.toLowerCase());
      if (k >= 0) e = items[k].ast;
    }
    if (hasAggregate(e)) throw new SqlError('aggregate functions are not allowed in GROUP BY', positionOf(e) ?? findWord(base.text, 'group'));
    const node = translateExpr(e, rowCx);
    const key = exprToString(node);
    if (keyIndex.has(key)) return;
    const name = node.kind === 'col' ? node.name : `__key${i}`;
    keys.push(node.kind === 'col' ? node : { kind: 'alias', arg: node, name });
    keyIndex.set(key, name);
  });
  const reductions: ExprNode[] = [];
  const reductionIndex = new Map<string, string>();
  const register = (r: ExprNode): ExprNode => {
    const key = exprToString(r);
    let name = reductionIndex.get(key);
    if (name === undefined) {
      name = `__agg${reductions.length}`;
      reductions.push({ kind: 'alias', arg: r, name });
      reductionIndex.set(key, name);
    }
    return { kind: 'col', name };
  };
  const frame = (): DataFrame => {
    const df = scope.frame;
    const k = keys.map((n) => new Expr(n));
    const r = reductions.map((n) => new Expr(n));
    if (keys.length === 0) return df.agg(r);
    if (reductions.length === 0) return df.select(k).unique();
    return df.groupBy(k).withOptions({ keepNullKeys: true }).agg(r);
  };
  const hook = (n: SqlNode): ExprNode | undefined => {
    // a window runs over the aggregate's rows: its parts are translated through this hook
    if (n.type === 'window_func' || n.over) return undefined;
    const plainSum = zeroDefaultSum(n);
    if (plainSum) {
      const argCx: ExprContext = { ...base, clause: 'an aggregate function' };
      const [x] = functionArgs(plainSum);
      if (x.type === 'star') throw new SqlError('sum(*) is not defined; only count(*)', positionOf(plainSum));
      return register({ kind: 'agg', fn: 'sum', arg: translateExpr(x, argCx) });
    }
    if (isAggregateCall(n)) {
      const argCx: ExprContext = { ...base, clause: 'an aggregate function' };
      const plan = aggregatePlan(n, (arg) => translateExpr(arg, argCx), positionOf(n));
      return plan.finish(plan.reductions.map(register));
    }
    if (hasAggregate(n)) return undefined;
    const alias = outputAlias(n);
    if (alias) {
      aliasing.add(alias); // `select sum(x) as s … having s > 0` may not loop through itself
      try {
        return translate(alias, 'an output alias');
      } finally {
        aliasing.delete(alias);
      }
    }
    if (refersToAlias(n)) return undefined; // translate its parts
    const row = translateExpr(n, rowCx);
    const key = keyIndex.get(exprToString(row));
    if (key !== undefined) return { kind: 'col', name: key };
    if (columnsOf(row).size === 0) return row;
    if (n.type === 'column_ref' || n.type === 'double_quote_string') {
      const name = n.type === 'column_ref' ? columnRef(n).name : String(n.value);
      throw new SqlError(`column ${JSON.stringify(name)} must appear in GROUP BY or be used in an aggregate function`, findWord(base.text, name));
    }
    return undefined;
  };
  const translate = (n: SqlNode, clause: string): ExprNode => translateExpr(n, { ...base, clause, hook, frame });
  /** A name that is no input column but a select item's alias (`having n > 10`, `order by n * 2`): that item. */
  const aliasing = new Set<SqlNode>();
  const outputAlias = (n: SqlNode): SqlNode | null => {
    if (n.type !== 'column_ref' || columnRef(n).table !== null) return null;
    const name = columnRef(n).name.toLowerCase();
    if (scope.columns.some((c) => c.name.toLowerCase() === name)) return null;
    const item = items.find((it) => it.name.toLowerCase() === name && it.ast !== n);
    return item && !aliasing.has(item.ast) ? item.ast : null;
  };
  const refersToAlias = (n: unknown): boolean => {
    if (!n || typeof n !== 'object') return false;
    if (Array.isArray(n)) return n.some(refersToAlias);
    const node = n as SqlNode;
    if ('ast' in node && node.ast) return false;
    if (node.type === 'column_ref') return outputAlias(node) !== null;
    return Object.entries(node).some(([k, v]) => k !== 'loc' && refersToAlias(v));
  };
  /**
   * The select list computed by the aggregate itself, when it is the keys (in GROUP BY order)
   * followed by expressions of reductions only: one aggregate step, no projection after it —
   * the same plan as groupBy(...).agg(...). Null when the list has another shape.
   */
  const fused = (outputs: ExprNode[], names: string[]): DataFrame | null => {
    if (outputs.length < keys.length || reductions.length === 0) return null;
    // a window over the aggregate's rows needs the projection after it
    let windowed = false;
    for (const o of outputs) mapNode(o, (x) => { if (x.kind === 'window') windowed = true; return x; });
    if (windowed) return null;
    const keyNames = keys.map((k) => (k.kind === 'alias' ? k.name : (k as { name: string }).name));
    for (let i = 0; i < keys.length; i++) {
      const o = outputs[i];
      if (o.kind !== 'col' || o.name !== keyNames[i]) return null;
    }
    const byName = new Map(reductions.map((r) => [(r as { name: string }).name, (r as { arg: ExprNode }).arg]));
    const aggs: ExprNode[] = [];
    for (let i = keys.length; i < outputs.length; i++) {
      let inlined = true;
      const e = mapNode(outputs[i], (n) => {
        if (n.kind !== 'col') return n;
        const r = byName.get(n.name);
        if (!r) inlined = false;
        return r ?? n;
      });
      let reduces = false;
      mapNode(e, (n) => { if (n.kind === 'agg') reduces = true; return n; });
      if (!inlined || !reduces) return null; // a constant item needs the projection
      aggs.push({ kind: 'alias', arg: e, name: names[i] });
    }
    const k = keys.map((key, i) => new Expr({ kind: 'alias', arg: key.kind === 'alias' ? key.arg : key, name: names[i] }));
    const a = aggs.map((x) => new Expr(x));
    return keys.length === 0 ? scope.frame.agg(a) : scope.frame.groupBy(k).withOptions({ keepNullKeys: true }).agg(a);
  };
  return { translate, fused, frame: () => (keys.length === 0 && reductions.length === 0 ? scope.frame.agg(new Expr({ kind: 'agg', fn: 'count', arg: { kind: 'wildcard' } }).alias('__rows')) : frame()) };
}

/** Rebuilds an expression bottom-up (outside-in replacement is not needed here). */
function mapNode(e: ExprNode, f: (n: ExprNode) => ExprNode): ExprNode {
  const out = { ...e } as Record<string, unknown>;
  for (const [k, v] of Object.entries(e)) {
    if (k === 'plan') continue; // a scalar subquery's plan is not part of this expression
    if (Array.isArray(v)) out[k] = v.map((x) => (x && typeof x === 'object' && 'kind' in x ? mapNode(x as ExprNode, f) : x));
    else if (v && typeof v === 'object' && 'kind' in v) out[k] = mapNode(v as ExprNode, f);
  }
  return f(out as unknown as ExprNode);
}

