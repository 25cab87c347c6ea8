/**
 * `--agg AGG[,AGG...]`: the aggregates to compute, and the names of their output columns.
 *
 * Naming rules (also in `floe agg --help`):
 *   sum(X) mean(X) min(X) max(X) var(X) std(X) count(X)  →  sum_X, mean_X, …, count_X
 *   nunique(X) median(X) first(X) last(X)                 →  nunique_X, median_X, first_X, last_X
 *   quantile(X, 0.9)  corr(X, Y)                          →  quantile_X_0.9, corr_X_Y
 *   count(*)                                              →  count
 *   sum(*) (and mean/min/max/var/std(*))                  →  one column per numeric non-key
 *       column, named after it (X0, X1, …); with several fn(*) items: sum_X0, mean_X0, …
 *   anything else, e.g. max(X0) - min(X1)                 →  its text as written
 *   `as name` renames any item except fn(*).
 */
import { col, NO_DATA_ROWS, type Expr, type Field } from 'floe/core';
import { AGG_FUNCTIONS, WILDCARD_AGGS, containsAggregate, type Ast } from './ast.js';
import { GrammarError } from './grammar-error.js';
import type { KeySpec } from './parse-key.js';
import { parseList, type ListItem } from './parse-expr.js';
import { toExpr } from './to-expr.js';

export interface AggSpec {
  expr: Expr;
  /** The output column's name. */
  name: string;
}

const OPTION = '--agg';

/** Syntax only: every `--agg` occurrence, in order. */
export function parseAggs(sources: readonly string[]): ListItem[] {
  return sources.flatMap((s) => parseList(s, OPTION));
}

export function buildAggs(items: readonly ListItem[], schema: readonly Field[], keys: readonly KeySpec[], notes: Readonly<Record<string, string>> = {}): AggSpec[] {
  const keyColumns = new Set(keys.flatMap((k) => (k.column ? [k.column] : [])));
  const wildcards = items.filter((i) => wildcardFn(i.ast) !== null).length;
  const out: AggSpec[] = [];
  for (const item of items) {
    const fn = wildcardFn(item.ast);
    if (fn !== null) {
      if (item.alias !== null) throw new GrammarError(OPTION, `${fn}(*) cannot be renamed with 'as'`, item.ast.start, 'it makes one column per numeric column, named after it');
      const numeric = schema.filter((f) => isNumeric(f) && !keyColumns.has(f.name));
      if (numeric.length === 0) {
        const empty = Object.values(notes).find((n) => n === NO_DATA_ROWS);
        throw new GrammarError(OPTION, `${fn}(*) found no numeric columns besides the keys${empty ? ` (${empty})` : ''}`, item.ast.start, empty ? 'give columns a type with --dtype COL=float64' : undefined);
      }
      for (const f of numeric) {
        const name = wildcards > 1 ? `${fn}_${f.name}` : f.name;
        out.push({ expr: aggregate(fn, col(f.name)).alias(name), name });
      }
      continue;
    }
    const expr = toExpr(item.ast, { option: OPTION, schema, mode: 'agg', notes });
    if (!containsAggregate(item.ast)) {
      throw new GrammarError(OPTION, `'${item.text}' has no aggregate`, item.ast.start, `aggregate columns with ${[...AGG_FUNCTIONS].map((f) => (f === 'quantile' ? 'quantile(X, q)' : f === 'corr' ? 'corr(X, Y)' : `${f}(X)`)).join(', ')}, count(*)`);
    }
    const name = item.alias ?? defaultName(item);
    out.push({ expr: expr.alias(name), name });
  }
  return out;
}

/** `sum` for `sum(*)`; null for anything else, including `count(*)` (which counts rows). */
function wildcardFn(a: Ast): string | null {
  if (a.kind !== 'call' || !WILDCARD_AGGS.has(a.name) || a.args.length !== 1 || a.args[0].kind !== 'star') return null;
  return a.name;
}

function defaultName(item: ListItem): string {
  const a = item.ast;
  if (a.kind === 'call' && a.args.length === 1) {
    const arg = a.args[0];
    if (arg.kind === 'star') return a.name; // count(*) → count
    if (arg.kind === 'column') return `${a.name}_${arg.name}`;
  }
  // quantile(X, 0.9) → quantile_X_0.9, corr(X, Y) → corr_X_Y
  if (a.kind === 'call' && a.args.length === 2 && a.args[0].kind === 'column' && (a.args[1].kind === 'column' || a.args[1].kind === 'number')) {
    return `${a.name}_${a.args[0].name}_${a.args[1].kind === 'column' ? a.args[1].name : a.args[1].text}`;
  }
  return item.text.replace(/\s+/g, ' ');
}

function isNumeric(f: Field): boolean {
  return f.dtype === 'int64' || f.dtype === 'float64' || f.dtype === 'bool';
}

function aggregate(fn: string, x: Expr): Expr {
  switch (fn) {
    case 'sum': return x.sum();
    case 'mean': return x.mean();
    case 'min': return x.min();
    case 'max': return x.max();
    case 'var': return x.var();
    case 'std': return x.std();
    default: throw new Error(`internal: ${fn}(*) is not an aggregate`);
  }
}
