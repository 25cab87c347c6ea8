/**
 * The syntax tree of a CLI expression: plain data with source offsets, so that later checks
 * (unknown column, aggregate in the wrong place) can point at the exact column of the text.
 * Built by parse-expr.ts, turned into floe Exprs by to-expr.ts.
 */
export type CompareOp = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte';
export type ArithOp = 'add' | 'sub' | 'mul' | 'div' | 'mod';
export type BinaryOp = CompareOp | ArithOp | 'and' | 'or';

interface Span {
  /** 0-based offsets into the option's text. */
  start: number;
  end: number;
}

export type Ast = Span & (
  | { kind: 'number'; value: number; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'column'; name: string }
  /** `*`, only as the sole argument of a call: `count(*)`, `sum(*)`. */
  | { kind: 'star' }
  /** `name` is lower case. */
  | { kind: 'call'; name: string; args: Ast[] }
  | { kind: 'neg'; arg: Ast }
  | { kind: 'not'; arg: Ast }
  | { kind: 'binary'; op: BinaryOp; left: Ast; right: Ast; opStart: number }
  | { kind: 'isNull'; arg: Ast; negate: boolean; opStart: number }
);

export const COMPARE_OPS: ReadonlySet<string> = new Set<CompareOp>(['eq', 'neq', 'lt', 'lte', 'gt', 'gte']);

/** Calendar functions: `year(Date)` → `col('Date').dt.year()`. */
export const DT_FUNCTIONS: ReadonlySet<string> = new Set(['year', 'month', 'day', 'hour', 'minute', 'second', 'weekday', 'date', 'strftime']);

/** Number functions: `round(X)`, `round(X, 2)`, `floor(X)` … (the library's Expr methods). */
export const NUM_FUNCTIONS: ReadonlySet<string> = new Set(['round', 'floor', 'ceil', 'trunc', 'abs', 'sign', 'sqrt', 'exp', 'ln', 'log10']);

/** Aggregate functions: `sum(X)` → `col('X').sum()`, `quantile(X, 0.9)`, `corr(X, Y)`. */
export const AGG_FUNCTIONS: ReadonlySet<string> = new Set(['sum', 'mean', 'min', 'max', 'count', 'var', 'std', 'nunique', 'median', 'quantile', 'first', 'last', 'corr']);

/** Aggregates that may be given `*` alone as their own --agg item: one column per numeric column. */
export const WILDCARD_AGGS: ReadonlySet<string> = new Set(['sum', 'mean', 'min', 'max', 'var', 'std']);

export function children(a: Ast): Ast[] {
  switch (a.kind) {
    case 'call': return a.args;
    case 'neg': case 'not': case 'isNull': return [a.arg];
    case 'binary': return [a.left, a.right];
    default: return [];
  }
}

/** Visits every node, depth first. */
export function walk(a: Ast, visit: (n: Ast) => void): void {
  visit(a);
  for (const c of children(a)) walk(c, visit);
}

/** The first column an expression reads (the default output name, as in the library). */
export function firstColumn(a: Ast): string | null {
  let name: string | null = null;
  walk(a, (n) => { if (name === null && n.kind === 'column') name = n.name; });
  return name;
}

/**
 * Columns the expression uses as dates, to be read as dates when they would be text: those passed
 * straight to a calendar function (`Date` in `year(Date)`), and those compared with a quoted date
 * (`Date > '2021-01-05'`), which as text would be compared letter by letter ('2021-1-5' sorts
 * after '2021-01-31') and count wrong without a word.
 */
export function impliedDates(a: Ast, out: Set<string> = new Set()): Set<string> {
  walk(a, (n) => {
    if (n.kind === 'call' && DT_FUNCTIONS.has(n.name) && n.args.length === (n.name === 'strftime' ? 2 : 1) && n.args[0].kind === 'column') out.add(n.args[0].name);
    const c = comparedColumn(n, isDateLike);
    if (c !== null) out.add(c);
  });
  return out;
}

/**
 * Columns compared with any quoted text (`Date > '2021/01/05'`, `Date = '20210105'`): read as
 * dates only when their sampled values are all ISO dates (open-input.ts), where text that is no
 * ISO date is then refused — compared as text, those counted wrong without a word; any other
 * text column is compared as text.
 */
export function textCompared(a: Ast, out: Set<string> = new Set()): Set<string> {
  walk(a, (n) => {
    const c = comparedColumn(n, (x) => x.kind === 'string');
    if (c !== null) out.add(c);
  });
  return out;
}

/** The column of a comparison between a column and a value `literal` accepts (`Date > '…'`, `'…' <= Date`), else null. */
function comparedColumn(n: Ast, literal: (a: Ast) => boolean): string | null {
  if (n.kind !== 'binary' || !COMPARE_OPS.has(n.op)) return null;
  if (n.left.kind === 'column' && literal(n.right)) return n.left.name;
  return n.right.kind === 'column' && literal(n.left) ? n.right.name : null;
}

/** Quoted text that starts as a year-month-day, padded or not ('2021-1-5', '2021-01-05 10:00', '2021-01-05x'). */
function isDateLike(a: Ast): boolean {
  return a.kind === 'string' && /^\s*\d{4}-\d{1,2}-\d{1,2}/.test(a.value);
}

export function containsAggregate(a: Ast): boolean {
  let found = false;
  walk(a, (n) => { if (n.kind === 'call' && AGG_FUNCTIONS.has(n.name)) found = true; });
  return found;
}
