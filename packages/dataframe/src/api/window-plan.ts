/**
 * Plans the window expressions of select(), withColumns() and filter(): each becomes a call of a
 * window node (one node a distinct partitioning) whose column replaces it in the
 * expression. Partition and order keys and inputs that are not plain columns are computed first,
 * as hidden columns (so a window node reads only columns); the caller drops the hidden columns.
 */
import { exprChildren, exprToString, outputName, walkExpr, withExprChildren, type ExprNode, type WindowFrame } from '../plan/expr-node.js';
import type { LogicalPlan, WindowCall, WindowNode } from '../plan/logical-plan.js';
import { isNullLiteral } from '../plan/null-literal.js';
import { PlanError, schemaOf, typeOf } from '../plan/resolve.js';
import type { DType } from '../types/dtype.js';

type Window = Extract<ExprNode, { kind: 'window' }>;

export interface PlannedWindows {
  /** The input with the hidden columns and the window nodes on top. */
  input: LogicalPlan;
  /** The expressions with each window replaced by its column (top-level names kept when `keepNames`). */
  exprs: ExprNode[];
  /** Columns of `input` that are not the user's: dropped by the caller. */
  hidden: Set<string>;
}

/** Null when no expression holds a window. */
export function planWindows(exprs: readonly ExprNode[], input: LogicalPlan, keepNames: boolean): PlannedWindows | null {
  const windows: Window[] = [];
  for (const e of exprs) walkExpr(e, (n) => { if (n.kind === 'window') windows.push(n); });
  if (windows.length === 0) return null;
  const schema = schemaOf(input);
  for (const w of windows) typeOf(w, schema); // the user's mistakes, in the user's terms
  const taken = new Set(schema.map((f) => f.name));
  const hidden = new Set<string>();
  const fresh = (base: string): string => {
    let name = `__${base}`;
    for (let k = 1; taken.has(name); k++) name = `__${base}${k}`;
    taken.add(name);
    hidden.add(name);
    return name;
  };
  const computed: ExprNode[] = [];
  const computedNames = new Map<string, string>();
  const columnFor = (e: ExprNode): string => {
    if (e.kind === 'col') return e.name;
    const key = JSON.stringify(e);
    let name = computedNames.get(key);
    if (name === undefined) {
      name = fresh('window_input');
      computedNames.set(key, name);
      computed.push({ kind: 'alias', arg: e.kind === 'alias' ? e.arg : e, name });
    }
    return name;
  };
  const nodes = new Map<string, Omit<WindowNode, 'input'>>();
  const columnOf = new Map<Window, string>();
  // the same window twice (a select item and SQL's QUALIFY naming it again) is one column
  const bySignature = new Map<string, string>();
  for (const w of windows) {
    const same = bySignature.get(JSON.stringify(w));
    if (same !== undefined) {
      columnOf.set(w, same);
      continue;
    }
    const partitionBy = w.partitionBy.map(columnFor);
    const orderBy = w.orderBy.map((o) => ({ name: columnFor(o.expr), descending: o.descending }));
    // one node (one exchange) a partitioning, whatever the calls' orders
    const signature = JSON.stringify(partitionBy);
    let node = nodes.get(signature);
    if (node === undefined) {
      node = { kind: 'window', partitionBy, calls: [] };
      nodes.set(signature, node);
    }
    const name = fresh('window');
    const fill = w.fill === undefined || isNullLiteral(w.fill) || w.fill.kind !== 'lit' || w.fill.value === null ? null : { value: w.fill.value, dtype: typeOf(w.fill, schema) };
    const call: WindowCall = {
      name,
      fn: w.fn,
      arg: w.arg === null || w.arg.kind === 'wildcard' ? null : columnFor(w.arg),
      orderBy,
      nullsLast: w.nullsLast,
      frame: w.frameMs === true ? inKeyUnits(w, typeOf(w.orderBy[0].expr, schema)) : w.frame,
      ...(w.n !== undefined ? { n: w.n } : {}),
      ...(fill !== null ? { fill } : {}),
      ...(w.minPeriods !== undefined ? { minPeriods: w.minPeriods } : {}),
      ...(w.nullRank !== undefined ? { nullRank: w.nullRank } : {}),
      ...(w.ddof !== undefined ? { ddof: w.ddof } : {}),
      ...(w.q !== undefined ? { q: w.q } : {}),
      ...(w.sep !== undefined ? { sep: w.sep } : {}),
    };
    node.calls.push(call);
    columnOf.set(w, name);
    bySignature.set(JSON.stringify(w), name);
  }
  let plan: LogicalPlan = computed.length > 0 ? { kind: 'project', input, exprs: computed, mode: 'with' } : input;
  // the window without partition columns first: its rows are the input's, in the input's order
  // (cumSum() without an order runs along the file); a partitioned window's come bucket by bucket
  const ordered = [...nodes.values()].sort((a, b) => Number(a.partitionBy.length > 0) - Number(b.partitionBy.length > 0));
  for (const node of ordered) plan = { ...node, input: plan };
  const replace = (e: ExprNode): ExprNode => {
    if (e.kind === 'window') return { kind: 'col', name: columnOf.get(e)! };
    const kids = exprChildren(e);
    return kids.length === 0 ? e : withExprChildren(e, kids.map(replace));
  };
  const out = exprs.map((e) => {
    const r = replace(e);
    // col('v').sum().over('k') keeps the name v, not its hidden column's
    return keepNames && r !== e && e.kind !== 'alias' ? { kind: 'alias', arg: r, name: outputName(e) } as ExprNode : r;
  });
  return { input: plan, exprs: out, hidden };
}

/** A frame whose RANGE offsets are a duration (milliseconds), in the order key's units: days of a date, milliseconds of a timestamp. */
function inKeyUnits(w: Window, key: DType): WindowFrame {
  const f = w.frame!;
  if (key === 'timestamp') return f;
  if (key !== 'date') throw new PlanError(`${exprToString(w)}: a duration measures a date or timestamp order key, but ${exprToString(w.orderBy[0].expr)} is ${key}; give the window in its units (a number)`);
  const days = (x: number | null): number | null => {
    if (x === null) return null;
    if (x % MS_PER_DAY !== 0) throw new PlanError(`${exprToString(w)}: a window along dates is whole days, got ${Math.abs(x)} ms`);
    return x / MS_PER_DAY;
  };
  return { ...f, start: days(f.start), end: days(f.end) };
}

const MS_PER_DAY = 86_400_000;
