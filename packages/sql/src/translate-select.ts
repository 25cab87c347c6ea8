/**
 * One SELECT → a DataFrame, clause by clause in SQL's order: FROM → WHERE → GROUP BY /
 * aggregates → HAVING → select list → DISTINCT → ORDER BY → LIMIT. An aggregating query becomes
 * one floe aggregate (keys and reductions) followed by a projection of the select list over its
 * outputs, so it runs as the same partial → combine → finalize tasks as groupBy().agg().
 */
import { columnsOf, Expr, exprToString, type DataFrame, type ExprNode } from '@floe/dataframe';
import { aggregatePlan, isAggregateCall, zeroDefaultSum } from './aggregate-functions.js';
import { translateFrom } from './from-clause.js';
import { numberLiteral, boundLiteral } from './literal.js';
import type { QueryEnv } from './query-env.js';
import { matchName, type Scope } from './scope.js';
import { selectItems, type SelectItem } from './select-items.js';
import { child, children, columnRef, functionArgs, positionOf, type SqlNode } from './sql-ast.js';
import { SqlError } from './sql-error.js';
import { findWord } from './source-text.js';
import { translateExpr, type ExprContext } from './translate-expr.js';
import { inClause } from './in-clause.js';
import { translateQuery } from './translate-query.js';
import { applyWhere } from './where-clause.js';

export function translateSelect(ast: SqlNode, env: QueryEnv): DataFrame {
  if (ast.window) throw new SqlError('window functions are not supported yet: WINDOW', findWord(env.text, 'window'));
  const into = ast.into as { position?: unknown } | null;
  if (into?.position) throw new SqlError('SELECT … INTO is not supported', findWord(env.text, 'into'));
  const scope = applyWhere(translateFrom(ast.from as SqlNode[] | null, env), (ast.where as SqlNode | null) ?? null, env);
  const items = selectItems(children(ast, 'columns'), scope, env.text);
  const groupBy = children(ast.groupby as SqlNode ?? {}, 'columns');
  const having = (ast.having as SqlNode | null) ?? null;
  const aggregating = groupBy.length > 0 || items.some((it) => hasAggregate(it.ast)) || (having !== null);
  const distinct = (ast.distinct as { type?: string } | null)?.type === 'DISTINCT';
  const base: ExprContext = { scope, text: env.text, params: env.params, clause: 'SELECT', subquery: (q) => translateQuery(q, env) };
  let frame: DataFrame;
  let translate: (n: SqlNode, clause: string) => ExprNode;
  if (!aggregating) {
    frame = scope.frame;
    translate = (n, clause) => translateExpr(n, { ...base, clause });
  } else {
    const agg = aggregation(scope, groupBy, items, base);
    translate = agg.translate;
    const items2 = items.map((it) => translate(it.ast, 'SELECT'));
    const havingPred = having ? translate(having, 'HAVING') : null;
    const orderNodes = planOrder(children(ast, 'orderby'), items.map((it) => it.name), (n) => translate(n, 'ORDER BY'), env, distinct);
    if (!havingPred && !distinct && orderNodes.hidden.length === 0) {
      const fused = inClause(groupBy.length > 0 ? 'GROUP BY' : 'SELECT', env, () => agg.fused(items2, items.map((it) => it.name)));
      if (fused) return sortAndLimit(fused, orderNodes, (ast.limit as SqlNode | null) ?? null, items.map((it) => it.name), env);
    }
    frame = inClause(groupBy.length > 0 ? 'GROUP BY' : 'SELECT', env, () => agg.frame());
    if (havingPred) frame = inClause('HAVING', env, () => frame.filter(new Expr(havingPred)));
    return finish(frame, items, items2, orderNodes, distinct, ast, env);
  }
  const nodes = items.map((it) => translate(it.ast, 'SELECT'));
  const order = planOrder(children(ast, 'orderby'), items.map((it) => it.name), (n) => translate(n, 'ORDER BY'), env, distinct);
  return finish(frame, items, nodes, order, distinct, ast, env);
}

interface OrderPlan { keys: { name: string; descending: boolean; nullsFirst: boolean | null }[]; hidden: ExprNode[] }

function finish(frame: DataFrame, items: SelectItem[], nodes: ExprNode[], order: OrderPlan, distinct: boolean, ast: SqlNode, env: QueryEnv): DataFrame {
  const visible = items.map((it) => it.name);
  const exprs = [...nodes.map((n, i) => aliased(n, visible[i])), ...order.hidden];
  const identity = exprs.length === frame.columns.length && exprs.every((e, i) => e.kind === 'col' && e.name === frame.columns[i]);
  let out = identity ? frame : inClause('SELECT', env, () => frame.select(exprs.map((e) => new Expr(e))));
  if (distinct) out = out.unique();
  return sortAndLimit(out, order, (ast.limit as SqlNode | null) ?? null, visible, env);
}

function aliased(n: ExprNode, name: string): ExprNode {
  if (n.kind === 'col' && n.name === name) return n;
  return { kind: 'alias', arg: n.kind === 'alias' ? n.arg : n, name };
}

/** ORDER BY over a projected frame (a union's): output names, positions, or expressions of output columns. */
export function applyOrderAndLimit(scope: Scope, visible: string[], clauses: { orderby: unknown; limit: unknown }, env: QueryEnv): DataFrame {
  const order = planOrder((clauses.orderby as SqlNode[] | null) ?? [], visible, (n) => translateExpr(n, { scope, text: env.text, params: env.params, clause: 'ORDER BY' }), env, false);
  const frame = order.hidden.length > 0 ? scope.frame.withColumns(order.hidden.map((h) => new Expr(h))) : scope.frame;
  return sortAndLimit(frame, order, (clauses.limit as SqlNode | null) ?? null, visible, env);
}

function planOrder(orderby: SqlNode[], outputs: string[], translate: (n: SqlNode) => ExprNode, env: QueryEnv, distinct: boolean): OrderPlan {
  const plan: OrderPlan = { keys: [], hidden: [] };
  orderby.forEach((item, i) => {
    const e = child(item, 'expr');
    const descending = String(item.type ?? '').toUpperCase() === 'DESC';
    const nullsFirst = item.nulls ? /first/i.test(String(item.nulls)) : null;
    let name: string | null = null;
    if (e.type === 'number') {
      const k = Number(e.value);
      if (!(Number.isInteger(k) && k >= 1 && k <= outputs.length)) throw new SqlError(`ORDER BY ${String(e.value)}: there are ${outputs.length} output columns`, findWord(env.text, String(e.value)));
      name = outputs[k - 1];
    } else if (e.type === 'column_ref' && columnRef(e).table === null) {
      name = matchName(outputs, columnRef(e).name);
    }
    if (name === null) {
      if (distinct) throw new SqlError('with SELECT DISTINCT, ORDER BY expressions must be output columns', positionOf(e) ?? findWord(env.text, 'order'));
      name = `__order${i}`;
      plan.hidden.push({ kind: 'alias', arg: translate(e), name });
    }
    plan.keys.push({ name, descending, nullsFirst });
  });
  return plan;
}

function sortAndLimit(frame: DataFrame, order: OrderPlan, limit: SqlNode | null, visible: string[], env: QueryEnv): DataFrame {
  let out = frame;
  if (order.keys.length > 0) {
    // floe sorts with one null placement; a key that wants the other one is preceded by its
    // is-null flag (bools have no nulls), so every key gets its own NULLS FIRST / LAST
    const mixed = new Set(order.keys.map((k) => k.nullsFirst ?? false)).size > 1;
    const names: string[] = [];
    const descending: boolean[] = [];
    const flags: Expr[] = [];
    order.keys.forEach((k, i) => {
      if (mixed && k.nullsFirst === true) {
        const flag = `__nulls${i}`;
        flags.push(new Expr({ kind: 'isNull', arg: { kind: 'col', name: k.name }, negate: false }).alias(flag));
        names.push(flag);
        descending.push(true);
      }
      names.push(k.name);
      descending.push(k.descending);
    });
    const nullsFirst = !mixed && order.keys[0].nullsFirst === true;
    out = inClause('ORDER BY', env, () => (flags.length > 0 ? out.withColumns(flags) : out).sort(names, { descending, nullsFirst }));
  }
  const values = limit ? children(limit, 'value') : [];
  if (values.length > 0) {
    const sep = String(limit!.seperator ?? '');
    const count = values[0];
    const offset = sep === 'offset' ? values[1] : sep === ',' ? values[0] : null;
    if (offset && constantInt(offset, env) !== 0) throw new SqlError('OFFSET is not supported yet', findWord(env.text, 'offset') ?? findWord(env.text, 'limit'));
    const lim = sep === ',' ? values[1] : count;
    if (!(lim.type === 'column_ref' && /^all$/i.test(columnRef(lim).name))) out = out.limit(constantInt(lim, env));
  }
  return out.columns.length !== visible.length ? out.select(visible) : out;
}

function constantInt(n: SqlNode, env: QueryEnv): number {
  const at = findWord(env.text, 'limit');
  const lit = n.type === 'number' ? numberLiteral(n.value) : n.type === 'var' && typeof n.name === 'number' ? boundLiteral(env.params, n.name, at) : null;
  if (!lit || lit.kind !== 'lit' || typeof lit.value !== 'number' || !Number.isInteger(lit.value) || lit.value < 0) throw new SqlError('LIMIT and OFFSET take a non-negative integer', at);
  return lit.value;
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
function aggregation(scope: Scope, groupBy: SqlNode[], items: SelectItem[], base: ExprContext) {
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
    const plainSum = zeroDefaultSum(n);
    if (plainSum) {
      const argCx: ExprContext = { ...base, clause: 'an aggregate function' };
      const [x] = functionArgs(plainSum);
      if (x.type === 'star') throw new SqlError('sum(*) is not defined; only count(*)', positionOf(plainSum));
      return register({ kind: 'agg', fn: 'sum', arg: translateExpr(x, argCx) });
    }
    if (isAggregateCall(n)) {
      if (n.over) throw new SqlError('window functions are not supported yet: over(...)', positionOf(n));
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
      if (!inlined) return null;
      aggs.push({ kind: 'alias', arg: e, name: names[i] });
    }
    const k = keys.map((key, i) => new Expr({ kind: 'alias', arg: key.kind === 'alias' ? key.arg : key, name: names[i] }));
    const a = aggs.map((x) => new Expr(x));
    return keys.length === 0 ? scope.frame.agg(a) : scope.frame.groupBy(k).withOptions({ keepNullKeys: true }).agg(a);
  };
  return { translate, fused, frame: () => (keys.length === 0 && reductions.length === 0 ? scope.frame.agg(new Expr({ kind: 'agg', fn: 'count', arg: { kind: 'wildcard' } }).alias('__rows')) : frame()) };
}
