/**
 * `--by KEY[,KEY...]`: group keys. A key is a column or a row expression such as `year(Date)`,
 * optionally `as name`. Its output column is named by the alias, else after the first column
 * it reads (`year(Date)` → `Date`, as in the library).
 */
import type { Expr, Field } from 'floe/core';
import { firstColumn } from './ast.js';
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
  return items.map((item) => {
    const expr = toExpr(item.ast, { option: '--by', schema, mode: 'row' });
    const name = item.alias ?? firstColumn(item.ast);
    if (name === null) throw new GrammarError('--by', `the key '${item.text}' reads no column`, item.ast.start, 'group by a column or an expression of one, e.g. year(Date)');
    return { expr: expr.alias(name), name, column: item.ast.kind === 'column' ? item.ast.name : null };
  });
}
