/**
 * Plans the window expressions of select(), withColumns() and filter(): each becomes a call of a
 * window node (one node a distinct partitioning) whose column replaces it in the
 * expression. Partition and order keys and inputs that are not plain columns are computed first,
 * as hidden columns (so a window node reads only columns); the caller drops the hidden columns.
 */
import { exprChildren, exprKey, exprToString, outputName, walkExpr, withExprChildren, type ExprNode, type WindowFrame } from '../plan/expr-node.js';
import { inputsOf, type LogicalPlan, type WindowCall, type WindowNode } from '../plan/logical-plan.js';
import { isNullLiteral } from '../plan/null-literal.js';
import { PlanError, schemaOf, typeOf } from '../plan/resolve.js';
import type { DType } from '../types/dtype.js';
import { MS_PER_DAY } from '../kernels/civil-time.js';

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
    const key = exprKey(e);
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
  const exprOf = new Map<WindowCall, Window>();
  // the same window twice (a select item and SQL's QUALIFY naming it again) is one column
  const bySignature = new Map<string, string>();
  for (const w of windows) {
    const same = bySignature.get(exprKey(w));
    if (same !== undefined) {
      columnOf.set(w, same);
      continue;
    }
    const partitionBy = w.partitionBy.map(columnFor);
    const orderBy = w.orderBy.map((o) => ({ name: columnFor(o.expr), descending: o.descending }));
    // one node (one exchange) a partitioning, whatever the calls' orders
    const signature = exprKey(partitionBy);
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
      ...(w.nullWhereNull !== undefined ? { nullWhereNull: w.nullWhereNull } : {}),
      ...(w.ddof !== undefined ? { ddof: w.ddof } : {}),
      ...(w.q !== undefined ? { q: w.q } : {}),
      ...(w.sep !== undefined ? { sep: w.sep } : {}),
    };
    node.calls.push(call);
    exprOf.set(call, w);
    columnOf.set(w, name);
    bySignature.set(exprKey(w), name);
  }
  let plan: LogicalPlan = computed.length > 0 ? { kind: 'project', input, exprs: computed, mode: 'with' } : input;
  // windows whose calls follow the rows' order (no orderBy) first, the one without partition
  // columns first of all: a partitioned window's rows come bucket by bucket, an order no call
  // above it may follow (cumSum() without an order runs along the file, or is refused)
  const rank = (n: Omit<WindowNode, 'input'>): number => (n.calls.some(followsRows) ? 0 : 2) + (n.partitionBy.length > 0 ? 1 : 0);
  const ordered = [...nodes.values()].sort((a, b) => rank(a) - rank(b));
  for (const node of ordered) {
    const follows = node.calls.find(followsRows);
    const lost = follows === undefined ? null : orderLostIn(plan);
    if (follows !== undefined && lost !== null) {
      throw new PlanError(`${exprToString(exprOf.get(follows)!)} follows the order of the rows, which ${lost} below it does not keep; give it an order (over(…, { orderBy: … })), or compute it in a withColumns() before the ${lost}`);
    }
    plan = { ...node, input: plan };
  }
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

/** Whether a call's values follow the order of its partition's rows: a call without orderBy that numbers, shifts, or takes a ROWS frame, first/last or text in row order. */
function followsRows(c: WindowCall): boolean {
  if (c.orderBy.length > 0) return false;
  switch (c.fn) {
    case 'rowNumber': case 'lag': case 'lead': case 'firstValue': case 'lastValue': case 'nthValue': case 'ntile': case 'first': case 'last': case 'stringAgg':
      return true;
    default: return c.frame !== null && c.frame.unit === 'rows';
  }
}

/** What below `plan` gives its rows in an order no one named (a join's, a window's over partitions), or null when they come in the input's, a sort's or by key. */
function orderLostIn(plan: LogicalPlan): string | null {
  switch (plan.kind) {
    case 'join': return 'the join';
    case 'window': return plan.partitionBy.length > 0 ? `the window over [${plan.partitionBy.join(', ')}]` : orderLostIn(plan.input);
    case 'scan': case 'sort': case 'aggregate': case 'groupHead': return null;
    default: {
      for (const input of inputsOf(plan)) {
        const lost = orderLostIn(input);
        if (lost !== null) return lost;
      }
      return null;
    }
  }
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
