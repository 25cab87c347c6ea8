/**
 * ORDER BY and LIMIT: sort keys are output names, output positions, or expressions computed as
 * hidden columns and dropped after the sort; NULLS FIRST / LAST may differ per key. OFFSET
 * skips rows with DataFrame.slice.
 */
import { Expr, type DataFrame, type ExprNode } from '@floe/dataframe';
import { orderByAll } from './all-columns.js';
import { inClause } from './in-clause.js';
import { boundLiteral, numberLiteral } from './literal.js';
import type { QueryEnv } from './query-env.js';
import { matchName, type Scope } from './scope.js';
import { child, children, columnRef, positionOf, type SqlNode } from './sql-ast.js';
import { SqlError } from './sql-error.js';
import { findWord } from './source-text.js';
import { translateExpr } from './translate-expr.js';

export interface OrderPlan { keys: { name: string; descending: boolean; nullsFirst: boolean | null }[]; hidden: ExprNode[] }

/** ORDER BY over a projected frame (a union's): output names, positions, or expressions of output columns. */
export function applyOrderAndLimit(scope: Scope, visible: string[], clauses: { orderby: unknown; limit: unknown }, env: QueryEnv): DataFrame {
  const order = planOrder((clauses.orderby as SqlNode[] | null) ?? [], visible, (n) => translateExpr(n, { scope, text: env.text, params: env.params, clause: 'ORDER BY' }), env, false);
  const frame = order.hidden.length > 0 ? scope.frame.withColumns(order.hidden.map((h) => new Expr(h))) : scope.frame;
  return sortAndLimit(frame, order, (clauses.limit as SqlNode | null) ?? null, visible, env);
}

export function planOrder(orderby: SqlNode[], outputs: string[], translate: (n: SqlNode) => ExprNode, env: QueryEnv, distinct: boolean): OrderPlan {
  const plan: OrderPlan = { keys: [], hidden: [] };
  orderByAll(orderby, outputs.length, env.text).forEach((item, i) => {
    const e = child(item, 'expr');
    // a collation was ignored (`order by k collate nocase` sorted by code units): refused
    if ((e as { collate?: unknown }).collate) throw new SqlError('ORDER BY … COLLATE is not supported yet; sort by lower(…) for a case-insensitive order', positionOf(e) ?? findWord(env.text, 'collate'));
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

export function sortAndLimit(frame: DataFrame, order: OrderPlan, limit: SqlNode | null, visible: string[], env: QueryEnv): DataFrame {
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
    // `offset k` alone parses as one value after the separator; `limit n offset k` as two
    const offsetOnly = sep === 'offset' && values.length === 1;
    const offset = offsetOnly ? values[0] : sep === 'offset' ? values[1] : sep === ',' ? values[0] : null;
    const skip = offset ? constantInt(offset, env) : 0;
    const lim = offsetOnly ? null : sep === ',' ? values[1] : count;
    const all = lim === null || (lim.type === 'column_ref' && /^all$/i.test(columnRef(lim).name));
    if (skip > 0) out = out.slice(skip, all ? undefined : constantInt(lim!, env));
    else if (!all) out = out.limit(constantInt(lim!, env));
  }
  return out.columns.length !== visible.length ? out.select(visible) : out;
}

function constantInt(n: SqlNode, env: QueryEnv): number {
  const at = findWord(env.text, 'limit');
  const lit = n.type === 'number' ? numberLiteral(n.value) : n.type === 'var' && typeof n.name === 'number' ? boundLiteral(env.params, n.name, at) : null;
  if (!lit || lit.kind !== 'lit' || typeof lit.value !== 'number' || !Number.isInteger(lit.value) || lit.value < 0) throw new SqlError('LIMIT and OFFSET take a non-negative integer', at);
  return lit.value;
}

