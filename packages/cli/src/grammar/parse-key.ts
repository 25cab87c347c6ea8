/**
 * `--by KEY[,KEY...]`: group keys. A key is a column or a row expression such as `year(Date)`,
 * optionally `as name`. Its output column is named by the alias, else after the first column
 * it reads (`year(Date)` → `Date`, as in the library) — or, when another key reads that column
 * too, after the call and the column (`year(Date), month(Date)` → `year_Date, month_Date`).
 */
import type { Expr, Field } from 'floe/core';
import { firstColumn, type Ast } from './ast.js';
import { GrammarError } from './grammar-error.js';
import { parseList, type ListItem } from './parse-expr.js';
import { toExpr } from './to-expr.js';

export interface KeySpec {
  expr: Expr;
  /** The output column's name. */
  name: string;
  /** The input column when the key is a plain column (excluded from `sum(*)` and the like). */
  column: string | null;
}

/** Syntax only: every `--by` occurrence, in order. */
export function parseKeys(sources: readonly string[]): ListItem[] {
  return sources.flatMap((s) => parseList(s, '--by'));
}

export function buildKeys(items: readonly ListItem[], schema: readonly Field[]): KeySpec[] {
  const names = items.map((item) => item.alias ?? firstColumn(item.ast));
  return items.map((item, i) => {
    const expr = toExpr(item.ast, { option: '--by', schema, mode: 'row' });
    const name = names[i] === null || item.alias !== null || names.indexOf(names[i]) === names.lastIndexOf(names[i]) ? names[i] : callName(item.ast) ?? names[i];
    if (name === null) throw new GrammarError('--by', `the key '${item.text}' reads no column`, item.ast.start, 'group by a column or an expression of one, e.g. year(Date)');
    return { expr: expr.alias(name), name, column: item.ast.kind === 'column' ? item.ast.name : null };
  });
}

/** `year_Date` for `year(Date)`: the name of a key whose column names another key too (`year(Date), month(Date)`). */
function callName(a: Ast): string | null {
  return a.kind === 'call' && a.args.length === 1 && a.args[0].kind === 'column' ? `${a.name}_${a.args[0].name}` : null;
}
