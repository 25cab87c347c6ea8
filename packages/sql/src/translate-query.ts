/**
 * A whole query: WITH (CTEs, visible to the rest of the query by name) and UNION [ALL] chains
 * of SELECTs. SQL aligns the parts of a union by position; floe's concat by name, so every part
 * is renamed to the first part's column names. An ORDER BY or LIMIT written after the last part
 * applies to the whole union.
 */
import { col, concat, type DataFrame, type ExprNode } from '@floe/dataframe';
import type { QueryEnv } from './query-env.js';
import { tableScope } from './scope.js';
import type { SqlNode } from './sql-ast.js';
import { SqlError } from './sql-error.js';
import { findWord, positionAt } from './source-text.js';
import { applyOrderAndLimit } from './order-by-clause.js';
import { translateSelect } from './translate-select.js';
import { inClause } from './in-clause.js';

export function translateQuery(ast: SqlNode, outer: QueryEnv): DataFrame {
  let env = outer;
  for (const cte of (ast.with as { name: { value: string }; stmt: SqlNode; columns: unknown }[] | null) ?? []) {
    if (cte.columns) throw new SqlError(`column names after a WITH name (${cte.name.value}(…)) are not supported yet; alias the columns inside`, findWord(env.text, cte.name.value));
    const stmt = (cte.stmt as { ast?: SqlNode }).ast ?? cte.stmt;
    const frame = translateQuery(stmt, env);
    env = { ...env, tables: new Map([...env.tables, [cte.name.value, frame]]) };
  }
  const parts: SqlNode[] = [];
  const ops: string[] = [];
  for (let p: SqlNode | null = ast; p; p = (p._next as SqlNode | null) ?? null) {
    parts.push(p);
    if (p._next) ops.push(String(p.set_op).toLowerCase());
  }
  if (parts.length === 1) return translateSelect({ ...ast, with: null }, env);
  const bad = ops.find((op) => op !== 'union all' && op !== 'union');
  if (bad) throw new SqlError(`${bad.toUpperCase()} is not supported yet; only UNION and UNION ALL`, findWord(env.text, bad.split(' ')[0]));
  const last = parts[parts.length - 1];
  // the last part's ORDER BY / LIMIT order the whole union, unless that part is in parentheses:
  // then they are its own, as in every other part (both parts' limits applied to the union gave 1 row of 2)
  const ownOrder = last.parentheses_symbol === true;
  // the parser drops an ORDER BY / LIMIT written after a parenthesized last part: refused, not lost
  const after = ownOrder ? clauseAfterTopLevelParen(env.text) : -1;
  if (after >= 0) {
    throw new SqlError('ORDER BY or LIMIT after a UNION whose last part is in parentheses is not supported yet; wrap the union: select * from ((…) union all (…)) u order by …', positionAt(env.text, after));
  }
  const frames = parts.map((p, i) => translateSelect({ ...p, with: null, _next: null, ...(i === parts.length - 1 && !ownOrder ? { orderby: null, limit: null } : {}) }, env));
  const names = frames[0].columns;
  frames.forEach((f, i) => {
    if (f.columns.length !== names.length) throw new SqlError(`the parts of a UNION have different numbers of columns: ${names.length} and ${f.columns.length} (part ${i + 1})`, findWord(env.text, 'union'));
  });
  // a bare NULL (`select null`) takes the type of the other parts' column (it is typed float64
  // alone, which made an int64 column float64: 9223372036854775807 printed as …6000, ids as 8.0)
  const bareNull = frames.map((f) => f.columns.map((c) => nullLiteralColumn(f.plan, c)));
  // integers meeting floats become floats (SQL's common type); other differences are an error
  const target = names.map((_, k) => {
    const typed = frames.map((f, i) => (bareNull[i][k] ? null : f.schema[k].dtype)).filter((t) => t !== null);
    const types = new Set(typed);
    if (types.size === 2 && types.has('int64') && types.has('float64')) return 'float64';
    return types.size === 1 ? typed[0] : null;
  });
  const aligned = frames.map((f, i) => {
    const cast = f.schema.map((field, k) => target[k] !== null && field.dtype !== target[k] && (bareNull[i][k] || (field.dtype === 'int64' && target[k] === 'float64')));
    if (f.columns.every((c, k) => c === names[k]) && !cast.some(Boolean)) return f;
    return f.select(f.columns.map((c, k) => (cast[k] ? col(c).cast(target[k]!) : col(c)).alias(names[k])));
  });
  // UNION (without ALL) keeps distinct rows; ops mixing both are applied left to right
  let frame = aligned[0];
  for (let i = 1; i < aligned.length; i++) {
    const next = aligned[i];
    frame = inClause('UNION', env, () => concat([frame, next]));
    if (ops[i - 1] === 'union') frame = frame.unique();
  }
  return ownOrder ? frame : applyOrderAndLimit(tableScope(frame, null), frame.columns, { orderby: last.orderby, limit: last.limit }, env);
}

/**
 * Where an ORDER BY, LIMIT or OFFSET follows a top-level closing parenthesis (one that ends a
 * parenthesized union part), or −1; quoted text is skipped. Only the top level: a subquery's
 * parentheses, or a function's after the ORDER BY (order by abs(a)), are not such an end.
 */
function clauseAfterTopLevelParen(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth !== 0) continue;
      const m = /^\s*(order\s+by|limit|offset)\b/i.exec(text.slice(i + 1));
      if (m !== null) return i + 1 + m[0].length - m[1].length;
    }
  }
  return -1;
}

interface PlanStep { kind: string; input?: PlanStep; exprs?: ExprNode[]; mode?: string }

/**
 * Whether column `name` of a plan is a bare NULL: a select item `null`, through the projections,
 * filters, sorts and limits of subqueries and CTEs above it (`select * from (select null as id …)`).
 */
function nullLiteralColumn(plan: PlanStep, name: string): boolean {
  for (let p: PlanStep | undefined = plan; p; ) {
    if (p.kind === 'filter' || p.kind === 'sort' || p.kind === 'limit') { p = p.input; continue; }
    if (p.kind !== 'project') return false;
    const e = p.exprs!.find((x) => (x.kind === 'alias' ? x.name : x.kind === 'col' ? x.name : null) === name);
    if (!e) {
      if (p.mode !== 'with') return false;
      p = p.input;
      continue;
    }
    const inner = e.kind === 'alias' ? e.arg : e;
    if (inner.kind === 'lit') return inner.value === null;
    if (inner.kind !== 'col') return false;
    name = inner.name;
    p = p.input;
  }
  return false;
}
