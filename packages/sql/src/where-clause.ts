/**
 * WHERE: row conditions become one filter; conditions joined by AND that test another query
 * become joins: `[NOT] EXISTS (select … where inner.k = outer.k …)` a semi (anti) join on the
 * correlated equalities, `x IN (select y …)` a semi join on x = y, `x NOT IN (select y …)` an
 * anti join with SQL's null rules. Other shapes of subquery are refused (correlation other than
 * equality, OR around a subquery).
 */
import { col, Expr, type ExprNode } from '@floe/dataframe';
import { conjuncts, intMeetsFloat, translateFrom } from './from-clause.js';
import type { QueryEnv } from './query-env.js';
import { resolveColumn, type Scope, type ScopeColumn } from './scope.js';
import { child, columnRef, functionArgs, functionName, mapColumnRefs, positionOf, subqueryOf, type SqlNode } from './sql-ast.js';
import { SqlError } from './sql-error.js';
import { findWord } from './source-text.js';
import { translateExpr } from './translate-expr.js';
import { translateQuery } from './translate-query.js';
import { inClause } from './in-clause.js';
import { exprText } from './parse-sql.js';

export function applyWhere(scope: Scope, where: SqlNode | null, env: QueryEnv): Scope {
  if (!where) return scope;
  const row: ExprNode[] = [];
  const joins: ((s: Scope, i: number) => Scope)[] = [];
  for (const c of conjuncts(where)) {
    const exists = existsOf(c);
    if (exists) { joins.push((s, i) => existsJoin(s, exists.sub, exists.anti, env, i)); continue; }
    const inOp = c.type === 'binary_expr' ? String(c.operator).toUpperCase() : '';
    const inSub = inOp === 'IN' || inOp === 'NOT IN' ? subqueryOf(((child(c, 'right').value as SqlNode[] | undefined) ?? [])[0]) : null;
    if (inSub) { joins.push((s, i) => inJoin(s, child(c, 'left'), inSub, env, i, inOp === 'NOT IN')); continue; }
    row.push(translateExpr(c, { scope, text: env.text, params: env.params, clause: 'WHERE', subquery: (q) => translateQuery(q, env) }));
  }
  let out = scope;
  if (row.length > 0) {
    const pred = row.reduce((a, b) => ({ kind: 'binary', op: 'and', left: a, right: b }));
    out = { ...scope, frame: inClause('WHERE', env, () => scope.frame.filter(new Expr(pred))) };
  }
  joins.forEach((j, i) => { out = j(out, i); });
  return out;
}

function existsOf(c: SqlNode): { sub: SqlNode; anti: boolean } | null {
  if (c.type === 'function' && functionName(c) === 'exists') {
    const sub = subqueryOf(functionArgs(c)[0]);
    return sub ? { sub, anti: false } : null;
  }
  if (c.type === 'unary_expr' && String(c.operator).toUpperCase() === 'NOT EXISTS') {
    const sub = subqueryOf(child(c, 'expr'));
    return sub ? { sub, anti: true } : null;
  }
  return null;
}

function existsJoin(outer: Scope, sub: SqlNode, anti: boolean, env: QueryEnv, step: number): Scope {
  const word = findWord(env.text, 'exists');
  const limit = (sub.limit as { value?: unknown[] } | null)?.value ?? [];
  if (sub.groupby || sub.having || limit.length > 0 || sub._next || sub.with) {
    throw new SqlError('EXISTS (subquery) with GROUP BY, HAVING, LIMIT, UNION or WITH is not supported yet', word);
  }
  const inner = translateFrom(sub.from as SqlNode[] | null, env);
  const outerKeys: string[] = [];
  const innerKeys: string[] = [];
  const innerPreds: ExprNode[] = [];
  for (const c of sub.where ? conjuncts(sub.where as SqlNode) : []) {
    const pair = correlatedPair(c, inner, outer);
    if (pair) { outerKeys.push(pair[0].internal); innerKeys.push(pair[1].internal); continue; }
    if (readsOuter(c, inner, outer)) {
      throw new SqlError(`EXISTS (subquery) is correlated by equalities of a column of each query alone (inner.col = outer.col) yet; this condition reads the outer query otherwise: ${exprText(c)}`, positionOf(c) ?? word);
    }
    innerPreds.push(translateExpr(c, { scope: inner, text: env.text, params: env.params, clause: 'EXISTS (subquery)' }));
  }
  if (outerKeys.length === 0) throw new SqlError('EXISTS (subquery) needs an equality linking it to the outer query (inner.col = outer.col); uncorrelated EXISTS is not supported yet', word);
  let right = inner.frame;
  if (innerPreds.length > 0) right = right.filter(new Expr(innerPreds.reduce((a, b) => ({ kind: 'binary', op: 'and', left: a, right: b }))));
  // the inner keys are renamed so that they can never clash with the outer frame's names; an
  // integer key against a float one is compared as floats (on a float copy of the outer key)
  const keys = innerKeys.map((_, k) => `__exists${step}_${k}`);
  const innerTypes = right.dtypes;
  let frame = outer.frame;
  const outerTypes = frame.dtypes;
  const widen = outerKeys.map((c, k) => intMeetsFloat(outerTypes[c], innerTypes[innerKeys[k]]));
  right = right.select(innerKeys.map((c, k) => (widen[k] ? col(c).cast('float64') : col(c)).alias(keys[k])));
  const leftOn = outerKeys.map((c, k) => (widen[k] ? `__exists${step}_w${k}` : c));
  if (widen.some(Boolean)) frame = frame.withColumns(outerKeys.flatMap((c, k) => (widen[k] ? [col(c).cast('float64').alias(leftOn[k])] : [])));
  return { ...outer, frame: frame.join(right, { leftOn, rightOn: keys, how: anti ? 'anti' : 'semi' }) };
}

/** Whether a condition of the subquery names a column of the outer query (one the subquery does not have). */
function readsOuter(c: SqlNode, inner: Scope, outer: Scope): boolean {
  let found = false;
  mapColumnRefs(c, (node) => {
    const { table, name } = columnRef(node);
    try { resolveColumn(inner, table, name, null); return node; } catch { /* not the subquery's */ }
    try { resolveColumn(outer, table, name, null); found = true; } catch { /* neither: said when it is translated */ }
    return node;
  });
  return found;
}

/** `inner.a = outer.b` (either order): [outer column, inner column]. Names resolve in the subquery first. */
function correlatedPair(c: SqlNode, inner: Scope, outer: Scope): [ScopeColumn, ScopeColumn] | null {
  if (c.type !== 'binary_expr' || c.operator !== '=') return null;
  const a = child(c, 'left');
  const b = child(c, 'right');
  if (a.type !== 'column_ref' || b.type !== 'column_ref') return null;
  const where = (n: SqlNode): ['inner' | 'outer', ScopeColumn] | null => {
    const { table, name } = columnRef(n);
    try { return ['inner', resolveColumn(inner, table, name, null)]; } catch { /* not the subquery's */ }
    try { return ['outer', resolveColumn(outer, table, name, null)]; } catch { return null; }
  };
  const wa = where(a);
  const wb = where(b);
  if (!wa || !wb || wa[0] === wb[0]) return null;
  return wa[0] === 'outer' ? [wa[1], wb[1]] : [wb[1], wa[1]];
}

/**
 * `x IN (S)`: a semi join on x = S's column. `x NOT IN (S)`: true when S is empty; else never
 * true if S holds a NULL; else true where x is not null and not in S — an anti join (nulls never
 * match) filtered by two whole-S scalars, its row count and its null count.
 */
function inJoin(outer: Scope, left: SqlNode, sub: SqlNode, env: QueryEnv, step: number, not = false): Scope {
  const right = translateQuery(sub, env);
  if (right.columns.length !== 1) throw new SqlError(`${not ? 'NOT IN' : 'IN'} (subquery) needs a subquery of one column, this one has ${right.columns.length}`, positionOf(sub) ?? findWord(env.text, 'in'));
  const key = translateExpr(left, { scope: outer, text: env.text, params: env.params, clause: 'WHERE' });
  let frame = outer.frame;
  let leftOn: string;
  if (key.kind === 'col') leftOn = key.name;
  else {
    leftOn = `__in${step}`;
    frame = frame.withColumns(new Expr(key).alias(leftOn));
  }
  const rk = `__in${step}_value`;
  let values = right.select(col(right.columns[0]).alias(rk));
  // an integer against floats (or floats against integers) is compared as floats
  if (intMeetsFloat(frame.dtypes[leftOn], values.dtypes[rk])) {
    if (values.dtypes[rk] === 'int64') values = values.select(col(rk).cast('float64').alias(rk));
    else {
      frame = frame.withColumns(col(leftOn).cast('float64').alias(`__in${step}_w`));
      leftOn = `__in${step}_w`;
    }
  }
  if (!not) return { ...outer, frame: frame.join(values, { leftOn, rightOn: rk, how: 'semi' }) };
  const counts = values.agg(col('*').count().alias('rows'), col(rk).count().alias('present')).plan;
  const scalar = (column: string): ExprNode => ({ kind: 'scalar', plan: counts, column, dtype: 'int64', label: `(NOT IN subquery: ${column})` });
  const empty: ExprNode = { kind: 'binary', op: 'eq', left: scalar('rows'), right: { kind: 'lit', value: 0, dtype: 'int64' } };
  const noNulls: ExprNode = { kind: 'binary', op: 'eq', left: scalar('rows'), right: scalar('present') };
  const keyPresent: ExprNode = { kind: 'isNull', arg: { kind: 'col', name: leftOn }, negate: true };
  const keep: ExprNode = { kind: 'binary', op: 'or', left: empty, right: { kind: 'binary', op: 'and', left: noNulls, right: keyPresent } };
  return { ...outer, frame: frame.join(values, { leftOn, rightOn: rk, how: 'anti' }).filter(new Expr(keep)) };
}
