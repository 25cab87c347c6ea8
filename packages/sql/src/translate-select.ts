/**
 * One SELECT → a DataFrame, clause by clause in SQL's order: FROM → WHERE → GROUP BY /
 * aggregates → HAVING → select list → DISTINCT → ORDER BY → LIMIT. An aggregating query becomes
 * one floe aggregate (keys and reductions), so it runs as the same partial → combine → finalize
 * tasks as groupBy().agg(); when the select list is the keys then reductions, the aggregate
 * computes it itself (the very plan of groupBy().agg()), else a projection follows it.
 */
import { col, Expr, type DataFrame, type ExprNode } from '@floe/dataframe';
import { groupByAll } from './all-columns.js';
import { translateFrom } from './from-clause.js';
import { aggregation, hasAggregate } from './group-by-clause.js';
import { inClause } from './in-clause.js';
import { planOrder, sortAndLimit, type OrderPlan } from './order-by-clause.js';
import type { QueryEnv } from './query-env.js';
import { selectItems, type SelectItem } from './select-items.js';
import { children, columnRef, mapColumnRefs, type SqlNode } from './sql-ast.js';
import { matchName, type Scope } from './scope.js';
import { SqlError } from './sql-error.js';
import { findWord } from './source-text.js';
import { exprText } from './parse-sql.js';
import { translateExpr, type ExprContext } from './translate-expr.js';
import { translateQuery } from './translate-query.js';
import { applyWhere } from './where-clause.js';
import type { WindowSpecAst } from './window-functions.js';

export function translateSelect(ast: SqlNode, env: QueryEnv): DataFrame {
  const into = ast.into as { position?: unknown } | null;
  if (into?.position) throw new SqlError('SELECT … INTO is not supported', findWord(env.text, 'into'));
  const from = translateFrom(ast.from as SqlNode[] | null, env);
  const scope = applyWhere(from, selectAliasesIn((ast.where as SqlNode | null) ?? null, ast.columns, from, env), env);
  const items = selectItems(children(ast, 'columns'), scope, env.text);
  const groupBy = groupByAll(children(ast.groupby as SqlNode ?? {}, 'columns'), items.length, (k) => !hasAggregate(items[k].ast), env.text);
  const having = (ast.having as SqlNode | null) ?? null;
  const aggregating = groupBy.length > 0 || items.some((it) => hasAggregate(it.ast)) || (having !== null);
  const distinctType = (ast.distinct as { type?: string } | null)?.type;
  // DISTINCT ON keeps one row per key: taken for a plain SELECT, it returned every row
  if (distinctType === 'DISTINCT ON') throw new SqlError('SELECT DISTINCT ON (…) is not supported yet; group by the keys and take first(…) of the other columns', findWord(env.text, 'distinct'));
  const distinct = distinctType === 'DISTINCT';
  const base: ExprContext = { scope, text: env.text, params: env.params, clause: 'SELECT', subquery: (q) => translateQuery(q, env), windows: namedWindows(ast) };
  let frame: DataFrame;
  let translate: (n: SqlNode, clause: string) => ExprNode;
  const qualifyAst = (ast.qualify as SqlNode | undefined) ?? null;
  if (!aggregating) {
    frame = scope.frame;
    translate = (n, clause) => translateExpr(n, { ...base, clause });
  } else {
    const agg = aggregation(scope, groupBy, items, base);
    translate = agg.translate;
    const items2 = items.map((it) => translate(it.ast, 'SELECT'));
    const havingPred = having ? translate(having, 'HAVING') : null;
    const orderNodes = planOrder(children(ast, 'orderby'), items.map((it) => it.name), (n) => translate(n, 'ORDER BY'), env, distinct);
    const qualify = qualifyAst ? translate(qualifyAst, 'QUALIFY') : null;
    if (!havingPred && !distinct && !qualify && orderNodes.hidden.length === 0) {
      const fused = inClause(groupBy.length > 0 ? 'GROUP BY' : 'SELECT', env, () => agg.fused(items2, items.map((it) => it.name)));
      if (fused) return sortAndLimit(fused, orderNodes, (ast.limit as SqlNode | null) ?? null, items.map((it) => it.name), env);
    }
    frame = inClause(groupBy.length > 0 ? 'GROUP BY' : 'SELECT', env, () => agg.frame());
    if (havingPred) frame = inClause('HAVING', env, () => frame.filter(new Expr(havingPred)));
    return finish(frame, items, items2, orderNodes, distinct, ast, env, qualify);
  }
  const nodes = items.map((it) => translate(it.ast, 'SELECT'));
  const order = planOrder(children(ast, 'orderby'), items.map((it) => it.name), (n) => translate(n, 'ORDER BY'), env, distinct);
  // a select alias in QUALIFY stands for its expression (`qualify rn = 1`), as in WHERE
  const qualify = qualifyAst ? translate(selectAliasesIn(qualifyAst, ast.columns, scope, env)!, 'QUALIFY') : null;
  return finish(frame, items, nodes, order, distinct, ast, env, qualify);
}

/**
 * The select list (and ORDER BY's hidden keys) over `frame`; with QUALIFY, its condition is one
 * more column of the same projection — its windows are computed over the same rows as the
 * select list's, one column where they are the same window — filtered on, then dropped.
 */
function finish(frame: DataFrame, items: SelectItem[], nodes: ExprNode[], order: OrderPlan, distinct: boolean, ast: SqlNode, env: QueryEnv, qualify: ExprNode | null): DataFrame {
  const visible = items.map((it) => it.name);
  const exprs = [...nodes.map((n, i) => aliased(n, visible[i])), ...order.hidden];
  const identity = qualify === null && exprs.length === frame.columns.length && exprs.every((e, i) => e.kind === 'col' && e.name === frame.columns[i]);
  const condition = '__qualify';
  let out = identity ? frame : inClause('SELECT', env, () => frame.select([...exprs, ...(qualify ? [aliased(qualify, condition)] : [])].map((e) => new Expr(e))));
  if (qualify) {
    const kept = out.columns.filter((c) => c !== condition);
    out = inClause('QUALIFY', env, () => out.filter(col(condition)).select(kept));
  }
  if (distinct) out = out.unique();
  return sortAndLimit(out, order, (ast.limit as SqlNode | null) ?? null, visible, env);
}

/**
 * A SELECT alias used in WHERE (`select id * 2 as k … where k > 5`) stands for its expression, as
 * DuckDB reads it; a column of that name wins, as there. An alias of an aggregate is left alone
 * (WHERE says aggregates go in HAVING), and subqueries keep their own names.
 */
function selectAliasesIn(where: SqlNode | null, columns: unknown, scope: Scope, env: QueryEnv): SqlNode | null {
  if (where === null || !Array.isArray(columns)) return where;
  const aliases = new Map<string, SqlNode>();
  const aggregates = new Map<string, SqlNode>();
  for (const item of columns as SqlNode[]) {
    const as = item.as;
    const expr = item.expr as SqlNode | undefined;
    if (typeof as === 'string' && expr) (hasAggregate(expr) ? aggregates : aliases).set(as.toLowerCase(), expr);
  }
  if (aliases.size === 0 && aggregates.size === 0) return where;
  const names = scope.columns.map((c) => c.name);
  return mapColumnRefs(where, (node) => {
    const ref = columnRef(node);
    if (ref.table !== null || matchName(names, ref.name) !== null) return node;
    const aggregate = aggregates.get(ref.name.toLowerCase());
    if (aggregate) {
      throw new SqlError(`${JSON.stringify(ref.name)} is an aggregate of the select list (${exprText(aggregate)}); WHERE filters rows before they are grouped: put the condition in HAVING`, findWord(env.text, 'where'));
    }
    return aliases.get(ref.name.toLowerCase()) ?? node;
  }) as SqlNode;
}

function aliased(n: ExprNode, name: string): ExprNode {
  if (n.kind === 'col' && n.name === name) return n;
  return { kind: 'alias', arg: n.kind === 'alias' ? n.arg : n, name };
}

/** WINDOW w AS (…), w2 AS (…): each window's specification by lower-case name. */
function namedWindows(ast: SqlNode): Map<string, WindowSpecAst> {
  const list = ((ast.window as { expr?: { name: string; as_window_specification?: { window_specification?: WindowSpecAst } }[] } | null)?.expr) ?? [];
  return new Map(list.map((w) => [w.name.toLowerCase(), w.as_window_specification?.window_specification ?? {}]));
}
