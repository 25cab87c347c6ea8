/**
 * FROM: tables (named frames, CTEs, file paths, subqueries) and the joins between them, as one
 * frame and the scope that names its columns. Joins are floe equi-joins: ON is split into
 * `left = right` column pairs; other conditions become filters where that keeps SQL's meaning
 * (after an inner join; on the optional side of an outer join before it), and are refused
 * otherwise.
 */
import { col, Expr, fromColumns, type DataFrame, type JoinOptions } from '@floe/dataframe';
import { basename, extname } from 'node:path';
import { looksLikePath } from './file-source.js';
import type { QueryEnv } from './query-env.js';
import { matchName, resolveColumn, tableScope, type Scope, type ScopeColumn } from './scope.js';
import { child, columnRef, functionArgs, functionName, positionOf, subqueryOf, type SqlNode } from './sql-ast.js';
import { SqlError } from './sql-error.js';
import { sqlType } from './argument-types.js';
import { findWord } from './source-text.js';
import { translateExpr } from './translate-expr.js';
import { translateQuery } from './translate-query.js';
import { inClause } from './in-clause.js';

const HOW: Record<string, JoinOptions['how']> = {
  JOIN: 'inner', 'INNER JOIN': 'inner', 'LEFT JOIN': 'left', 'LEFT OUTER JOIN': 'left',
  'RIGHT JOIN': 'right', 'RIGHT OUTER JOIN': 'right', 'FULL JOIN': 'outer', 'FULL OUTER JOIN': 'outer',
};

/** The hidden column of a query without FROM: one row, no column a query can name. */
const NO_TABLE = '\u0000no table';

export function translateFrom(from: SqlNode[] | null, env: QueryEnv): Scope {
  // `select 1 + 1`, `select count(*)`: one row, as DuckDB reads a query without FROM
  if (!from || from.length === 0) return { frame: fromColumns({ [NO_TABLE]: [0] }), columns: [] };
  const first = relation(from[0], env);
  let scope = tableScope(first.frame, first.name);
  for (let i = 1; i < from.length; i++) {
    const entry = from[i];
    const kind = String(entry.join ?? '').toUpperCase();
    const at = findWord(env.text, 'join');
    if (!entry.join) throw new SqlError('tables separated by commas (a cross join) are not supported; use JOIN … ON', findWord(env.text, String(entry.table ?? '')));
    // the parser reads `x UNION ALL (select …)` as a join named "unionall"; NATURAL JOIN has no ON either
    if (kind.startsWith('UNION')) throw new SqlError(`UNION with a parenthesized part after it (… ${kind} (select …)) is not supported yet; write the part without parentheses, or put every part in them`, findWord(env.text, 'union'));
    // the parser takes NATURAL for the left table's alias (m natural join n: m AS natural, then a join without ON)
    if (String(from[i - 1].as ?? '').toLowerCase() === 'natural') throw new SqlError('NATURAL JOIN is not supported; name the columns: JOIN … USING (col, …)', findWord(env.text, 'natural'));
    if (!(kind in HOW) || (!entry.on && !entry.using)) throw new SqlError(`${kind.includes('CROSS') || (!entry.on && !entry.using) ? 'cross joins (JOIN without ON or USING)' : kind} are not supported yet; use [INNER | LEFT | RIGHT | FULL] JOIN … ON or USING`, at);
    const right = relation(entry, env);
    if (i === 1) scope = qualify(scope);
    if (scope.columns.some((c) => c.table === right.name)) throw new SqlError(`the table name ${JSON.stringify(right.name)} is used twice in FROM; give one an alias`, at);
    scope = join(scope, qualify(tableScope(right.frame, right.name)), HOW[kind]!, entry, env, i);
  }
  return scope;
}

interface Relation { frame: DataFrame; name: string }

function relation(entry: SqlNode, env: QueryEnv): Relation {
  const written = (entry.as as string | null) ?? null;
  const list = written === null ? null : /^\s*([^(]+?)\s*\((.*)\)\s*$/s.exec(written);
  const r = relationAs(entry, env, list ? list[1] : written);
  return list ? { ...r, frame: renameColumns(r.frame, list[2], written!, env) } : r;
}

/**
 * `… AS s(b, id)`: the table's first columns renamed, in order (the parser gave the alias as the
 * text `s(b, id)`, and the columns kept their names: `s(b, id)` over (id, b) swapped nothing).
 */
function renameColumns(frame: DataFrame, text: string, written: string, env: QueryEnv): DataFrame {
  const names = text.split(',').map((n) => n.trim()).map((n) => (/^".*"$/s.test(n) ? n.slice(1, -1).replace(/""/g, '"') : n));
  const at = findWord(env.text, written.split('(')[0].trim());
  if (names.some((n) => n === '')) throw new SqlError(`the column list of ${written} has an empty name`, at);
  const columns = frame.columns;
  if (names.length > columns.length) throw new SqlError(`${written} names ${names.length} columns, but its table has ${columns.length}: ${columns.join(', ')}`, at);
  const out = [...names, ...columns.slice(names.length)];
  const twice = out.find((n, i) => out.indexOf(n) !== i);
  if (twice !== undefined) throw new SqlError(`${written} would give two columns the name ${JSON.stringify(twice)}`, at);
  return frame.select(columns.map((c, i) => (i < names.length ? col(c).alias(names[i]) : col(c))));
}

function relationAs(entry: SqlNode, env: QueryEnv, alias: string | null): Relation {
  const sub = subqueryOf(child(entry, 'expr'));
  if (sub) return { frame: translateQuery(sub, env), name: alias ?? 'subquery' };
  // the parser gives these as entries without a table ("no table named undefined")
  const kind = (entry.expr as SqlNode | undefined)?.type;
  if (kind === 'values') throw new SqlError('a VALUES list in FROM is not supported yet; read the rows from a file, or pass a DataFrame as a table (sql`… from ${fromRows([…])}`)', positionOf(entry) ?? findWord(env.text, 'values'));
  if (kind === 'tables') throw new SqlError('a join in parentheses is not supported yet; write the joins one after another: a join b on … join c on …', positionOf(entry) ?? findWord(env.text, '('));
  if (entry.type === 'expr') {
    const fn = child(entry, 'expr');
    const name = fn.type === 'function' ? functionName(fn) : '';
    const args = fn.type === 'function' ? functionArgs(fn) : [];
    if ((name === 'read_csv' || name === 'read_csv_auto') && args.length === 1 && args[0].type === 'single_quote_string') {
      const path = String(args[0].value);
      return { frame: env.readFile(path, positionOf(fn)), name: alias ?? stem(path) };
    }
    if ((name === 'read_csv' || name === 'read_csv_auto') && args.length > 1) {
      throw new SqlError(`${name}(path, …) takes no options in floe yet; write ${name}('path') or the path in quotes, and give the dialect to the floe command (floe sql --delimiter ';' --null-values … ) or sql(text, { read: { … } })`, positionOf(fn));
    }
    throw new SqlError(`table function ${name || String(fn.type)}(…) is not supported; name a file path in quotes ('data/*.csv') or read_csv('path')`, positionOf(fn));
  }
  const table = String(entry.table);
  if (entry.db) throw new SqlError(`${String(entry.db)}.${table}: put file paths in quotes ('${String(entry.db)}.${table}')`, findWord(env.text, String(entry.db)));
  const named = matchName([...env.tables.keys()], table);
  if (named !== null) return { frame: env.tables.get(named)!, name: alias ?? named };
  const at = findWord(env.text, table) ?? findWord(env.text, basename(table));
  if (!looksLikePath(table)) {
    const known = [...env.tables.keys()];
    throw new SqlError(`no table named ${JSON.stringify(table)}`, at, `${known.length ? `tables: ${known.join(', ')}; ` : ''}to read a file, put its path in quotes: from '${table}.csv'`);
  }
  return { frame: env.readFile(table, at), name: alias ?? stem(table) };
}

/** `data/orders.csv` → `orders`; a glob's stem is the folder's name. */
function stem(path: string): string {
  const base = basename(path);
  if (base.includes('*') || base.includes('?')) return basename(path.slice(0, path.length - base.length)) || 'data';
  return base.slice(0, base.length - extname(base).length) || base;
}

/** Renames a scope's frame columns to `table.name`, so both sides of a join keep distinct names. */
function qualify(scope: Scope): Scope {
  if (scope.columns.every((c) => c.internal === `${c.table}.${c.name}`)) return scope;
  const columns = scope.columns.map((c) => ({ ...c, internal: c.table === null ? c.internal : `${c.table}.${c.name}` }));
  const frame = scope.frame.select(scope.columns.map((c, i) => col(c.internal).alias(columns[i].internal)));
  return { frame, columns };
}

function join(left: Scope, right: Scope, how: NonNullable<JoinOptions['how']>, entry: SqlNode, env: QueryEnv, step: number): Scope {
  const at = findWord(env.text, 'join');
  const pairs: [ScopeColumn, ScopeColumn][] = [];
  // an inner join's other conditions filter the joined rows: translated against the joined frame,
  // which holds both sides' columns (against the left one alone, a right date column was not
  // known as a date, and `r.d = '2020-01-01 10:00:00'` compared it as text: no row matched)
  const after: SqlNode[] = [];
  let leftFrame = left.frame;
  let rightFrame = right.frame;
  const exprKeys: [string, string][] = [];
  const usingNames = ((entry.using as { value: string }[] | null) ?? []).map((u) => u.value);
  for (const name of usingNames) pairs.push([resolveColumn(left, null, name, at), resolveColumn(right, null, name, at)]);
  for (const cond of entry.on ? conjuncts(child(entry, 'on')) : []) {
    const pair = equiPair(cond, left, right);
    if (pair) { pairs.push(pair); continue; }
    // an equality of an expression of each table (`l.k = cast(r.k as bigint)`): each computed as a
    // column of its side first, then joined on as keys
    const sides = equiExprSides(cond, left, right, env);
    if (sides) {
      const k = exprKeys.length;
      const names: [string, string] = [`__join${step}_le${k}`, `__join${step}_re${k}`];
      const [l, r] = sides.map((side, i) => new Expr(translateExpr(side, { scope: i === 0 ? left : right, text: env.text, params: env.params, clause: 'ON' })).alias(names[i]));
      leftFrame = leftFrame.withColumns(l);
      rightFrame = rightFrame.withColumns(r);
      exprKeys.push(names);
      continue;
    }
    if (how === 'inner') { after.push(cond); continue; }
    const side = sideOf(cond, left, right, env);
    // a condition on the optional side filters that side before the join, translated against it
    const on = (scope: Scope): Expr => new Expr(translateExpr(cond, { scope, text: env.text, params: env.params, clause: 'ON' }));
    if (how === 'left' && side === 'right') rightFrame = rightFrame.filter(on(right));
    else if (how === 'right' && side === 'left') leftFrame = leftFrame.filter(on(left));
    else throw new SqlError(`this ON condition of a ${how === 'outer' ? 'FULL' : how.toUpperCase()} JOIN is not supported yet (only equalities between the two tables, and conditions on the optional side); move it into a subquery`, positionOf(cond) ?? at);
  }
  if (pairs.length + exprKeys.length === 0) throw new SqlError('JOIN … ON needs at least one equality between a column of each table (non-equi joins are not supported yet)', at);
  let leftOn = [...pairs.map(([l]) => l.internal), ...exprKeys.map(([l]) => l)];
  let rightOn = [...pairs.map(([, r]) => r.internal), ...exprKeys.map(([, r]) => r)];
  // an integer key against a float key is compared as floats, as SQL does (floe's join wants one type)
  const leftTypes = leftFrame.dtypes;
  const rightTypes = rightFrame.dtypes;
  const widen = leftOn.map((c, k) => intMeetsFloat(leftTypes[c], rightTypes[rightOn[k]]));
  // keys of other types: a fix in SQL (the engine's names the library's cast and floe's internal names)
  pairs.forEach(([l, r], k) => {
    const [a, b] = [leftTypes[leftOn[k]], rightTypes[rightOn[k]]];
    if (a === b || widen[k]) return;
    const name = (c: ScopeColumn): string => (c.table === null ? c.name : `${c.table}.${c.name}`);
    const [text, other] = a === 'string' ? [l, r] : [r, l];
    const fix = (a === 'string') !== (b === 'string') && (a === 'int64' || b === 'int64') ? `; compare them as text: ON cast(${name(other)} AS varchar) = ${name(text)}` : '';
    throw new SqlError(`JOIN keys ${name(l)} and ${name(r)} have different types: ${name(l)} is ${sqlType(a)}, ${name(r)} is ${sqlType(b)}${fix}`, at);
  });
  // an inner join on the keys themselves drops the right keys, which a further ON condition may read (n.k > 1)
  const copies = how !== 'inner' || widen.some(Boolean) || after.length > 0 || exprKeys.length > 0;
  if (copies) {
    // join on copies of the keys: floe drops (or, outer, merges) the key columns of the right side
    const lk = leftOn.map((_, k) => `__join${step}_l${k}`);
    const rk = rightOn.map((_, k) => `__join${step}_r${k}`);
    const copy = (c: string, k: number): Expr => (widen[k] ? col(c).cast('float64') : col(c));
    leftFrame = leftFrame.withColumns(leftOn.map((c, k) => copy(c, k).alias(lk[k])));
    rightFrame = rightFrame.withColumns(rightOn.map((c, k) => copy(c, k).alias(rk[k])));
    leftOn = lk;
    rightOn = rk;
  }
  let frame = inClause('JOIN', env, () => leftFrame.join(rightFrame, { leftOn, rightOn, how }));
  // an inner join on the keys themselves drops the right keys: they equal the left ones
  const rightColumns = right.columns.map((c) => {
    const k = copies ? -1 : pairs.findIndex(([, r]) => r === c);
    return k >= 0 ? { ...c, internal: pairs[k][0].internal } : c;
  });
  let columns = [...left.columns, ...rightColumns];
  for (const [k, name] of usingNames.entries()) {
    const [l, r] = pairs[k];
    let internal = how === 'right' ? r.internal : l.internal;
    if (how === 'outer') {
      internal = `__using${step}_${k}`;
      frame = frame.withColumns(col(l.internal).fillNull(col(r.internal)).alias(internal));
    }
    const rm = rightColumns[right.columns.indexOf(r)];
    const pos = columns.indexOf(l);
    columns = columns.map((c) => (c === l || c === rm ? { ...c, star: false } : c));
    // listed once by select *, where the left one was; `t.x` and `u.x` still name each side
    columns.splice(pos, 0, { table: null, name, internal, star: true });
  }
  for (const cond of after) {
    sideOf(cond, left, right, env); // a column of neither table: its precise error
    const pred = translateExpr(cond, { scope: { frame, columns }, text: env.text, params: env.params, clause: 'ON' });
    frame = inClause('JOIN', env, () => frame.filter(new Expr(pred)));
  }
  return { frame, columns };
}

export function conjuncts(n: SqlNode): SqlNode[] {
  if (n.type === 'binary_expr' && String(n.operator).toUpperCase() === 'AND') return [...conjuncts(child(n, 'left')), ...conjuncts(child(n, 'right'))];
  return [n];
}

/** `a.x = b.y` with one column on each side, as [left column, right column]. */
function equiPair(cond: SqlNode, left: Scope, right: Scope): [ScopeColumn, ScopeColumn] | null {
  if (cond.type !== 'binary_expr' || cond.operator !== '=') return null;
  const a = child(cond, 'left');
  const b = child(cond, 'right');
  if (a.type !== 'column_ref' || b.type !== 'column_ref') return null;
  const la = tryResolve(left, a);
  const rb = tryResolve(right, b);
  if (la && rb && !tryResolve(right, a) && !tryResolve(left, b)) return [la, rb];
  const lb = tryResolve(left, b);
  const ra = tryResolve(right, a);
  if (lb && ra && !tryResolve(right, b) && !tryResolve(left, a)) return [lb, ra];
  return null;
}

/** The column references inside a condition or expression. */
function columnRefs(cond: SqlNode): SqlNode[] {
  const refs: SqlNode[] = [];
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) { n.forEach(visit); return; }
    const node = n as SqlNode;
    if (node.type === 'column_ref') { refs.push(node); return; }
    for (const [k, v] of Object.entries(node)) if (k !== 'loc') visit(v);
  };
  visit(cond);
  return refs;
}

/** The sides of `a = b` where one reads only the left table's columns and the other only the right's (left first), or null. */
function equiExprSides(cond: SqlNode, left: Scope, right: Scope, env: QueryEnv): [SqlNode, SqlNode] | null {
  if (cond.type !== 'binary_expr' || cond.operator !== '=') return null;
  const a = child(cond, 'left');
  const b = child(cond, 'right');
  const sa = sideOf(a, left, right, env);
  const sb = sideOf(b, left, right, env);
  if (sa === 'left' && sb === 'right' && columnRefs(a).length > 0) return [a, b];
  if (sa === 'right' && sb === 'left' && columnRefs(b).length > 0) return [b, a];
  return null;
}

function tryResolve(scope: Scope, ref: SqlNode): ScopeColumn | null {
  const { table, name } = columnRef(ref);
  try {
    return resolveColumn(scope, table, name, null);
  } catch {
    return null;
  }
}

/** Which side's columns a condition reads: 'left', 'right' or 'both'. */
function sideOf(cond: SqlNode, left: Scope, right: Scope, env: QueryEnv): 'left' | 'right' | 'both' {
  const refs = columnRefs(cond);
  const inLeft = refs.some((r) => tryResolve(left, r));
  const inRight = refs.some((r) => tryResolve(right, r));
  if (refs.some((r) => !tryResolve(left, r) && !tryResolve(right, r))) {
    const { table, name } = columnRef(refs.find((r) => !tryResolve(left, r) && !tryResolve(right, r))!);
    resolveColumn({ frame: left.frame, columns: [...left.columns, ...right.columns] }, table, name, findWord(env.text, name)); // throws the precise error
  }
  return inLeft && inRight ? 'both' : inRight ? 'right' : 'left';
}

/** An integer key against a float key: SQL compares them as floats (floe's join wants one type). */
export function intMeetsFloat(a: string | undefined, b: string | undefined): boolean {
  return (a === 'int64' && b === 'float64') || (a === 'float64' && b === 'int64');
}
