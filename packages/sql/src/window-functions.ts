/**
 * SQL window functions → floe window expressions (the nodes of the DataFrame's `.over()`):
 * ranking (row_number, rank, dense_rank, percent_rank, cume_dist, ntile), offsets (lag, lead,
 * first_value, last_value, nth_value) and aggregates over a window — every SQL aggregate over a
 * whole partition, and sum, avg, count, min, max over an ordered window or a ROWS frame — with
 * PARTITION BY, ORDER BY (ASC/DESC, NULLS FIRST/LAST), ROWS frames, RANGE frames between the
 * partition's edges and the current row, and named windows (WINDOW w AS (…)). As in DuckDB, an
 * ordered window's default frame runs from the partition's start to the row's last peer.
 * Windows are computed after WHERE, GROUP BY and HAVING: they may appear in SELECT, QUALIFY
 * (DuckDB's filter after them) and ORDER BY.
 * The parser knows some of these only as rewritten by window-syntax.ts (same length).
 */
import type { ExprNode } from '@floe/dataframe';
import { aggregatePlan } from './aggregate-functions.js';
import { functionArgs, positionOf, textOf, type SqlNode } from './sql-ast.js';
import { SqlError, type SqlPosition } from './sql-error.js';
import { findWord } from './source-text.js';
import { translateExpr, type ExprContext } from './translate-expr.js';
import { originalFunctionName, rangeFrameOf, CUME_DIST_MARK, PERCENT_RANK_MARK } from './window-syntax.js';

type WindowExpr = Extract<ExprNode, { kind: 'window' }>;
type Frame = NonNullable<WindowExpr['frame']>;

export interface WindowSpecAst {
  name?: string | null;
  partitionby?: { expr: SqlNode }[] | null;
  orderby?: { expr: SqlNode; type?: string | null; nulls?: string | null }[] | null;
  window_frame_clause?: SqlNode | null;
}

interface Over {
  partitionBy: ExprNode[];
  orderBy: { expr: ExprNode; descending: boolean }[];
  nullsLast: boolean;
  /** undefined: the default frame (from the partition's start to the last peer when ordered, else the whole partition). */
  frame: Frame | null | undefined;
}

/** A window function call (`rank() over (…)`, `sum(x) over w`) as a floe expression. */
export function windowFunction(n: SqlNode, cx: ExprContext, at: SqlPosition | null): ExprNode {
  const name = originalFunctionName(n, cx.text);
  const where = at ?? positionOf(n) ?? findWord(cx.text, name);
  if (cx.clause !== 'SELECT' && cx.clause !== 'ORDER BY' && cx.clause !== 'QUALIFY') {
    throw new SqlError(`window functions are not allowed in ${cx.clause}; compute it in a subquery's select list, then filter or group on that column`, where);
  }
  if (n.consider_nulls) throw new SqlError(`${name}(…) ${String(n.consider_nulls).toUpperCase()} is not supported yet`, where);
  const over = overOf(n, cx, where);
  const argCx: ExprContext = { ...cx, clause: 'a window function' };
  const args = functionArgs(n);
  const ordered = over.orderBy.length > 0;
  const frame: Frame | null = over.frame !== undefined ? over.frame : ordered ? { unit: 'range', start: null, end: 0 } : null;
  const node = (fn: WindowExpr['fn'], arg: ExprNode | null, extra: Partial<WindowExpr> = {}): WindowExpr => ({
    kind: 'window', fn, arg, partitionBy: over.partitionBy, orderBy: over.orderBy, nullsLast: over.nullsLast, frame: null, ...extra,
  });
  const arity = (lo: number, hi: number): void => {
    if (args.length < lo || args.length > hi) throw new SqlError(`${name}() takes ${lo === hi ? lo : `${lo} to ${hi}`} argument(s), got ${args.length}`, where);
  };
  switch (name) {
    case 'row_number': arity(0, 0); return node('rowNumber', null);
    case 'rank': arity(0, 0); return node('rank', null);
    case 'dense_rank': arity(0, 0); return node('denseRank', null);
    case 'percent_rank': arity(0, 0); return node('percentRank', null);
    case 'cume_dist': arity(0, 0); return node('cumeDist', null);
    case 'ntile': {
      arity(1, 1);
      const mark = args[0].value;
      if (mark === PERCENT_RANK_MARK) return node('percentRank', null);
      if (mark === CUME_DIST_MARK) return node('cumeDist', null);
      return node('ntile', null, { n: wholeNumber(args[0], 'ntile', 'its number of buckets', where) });
    }
    case 'lag': case 'lead': {
      arity(1, 3);
      const k = args.length > 1 ? wholeNumber(args[1], name, 'its offset', where) : 1;
      const fill = args.length > 2 ? translateExpr(args[2], argCx) : null;
      if (fill !== null && fill.kind !== 'lit') throw new SqlError(`${name}()'s default must be a constant`, where);
      // lag(x, -1) is lead(x, 1), as in DuckDB
      const fn = (name === 'lag') === k >= 0 ? 'lag' : 'lead';
      return node(fn, translateExpr(args[0], argCx), { n: Math.abs(k), ...(fill !== null && fill.value !== null ? { fill } : {}) });
    }
    case 'first_value': case 'last_value':
      arity(1, 1);
      return node(name === 'first_value' ? 'firstValue' : 'lastValue', translateExpr(args[0], argCx), { frame });
    case 'nth_value':
      arity(2, 2);
      return node('nthValue', translateExpr(args[0], argCx), { frame, n: wholeNumber(args[1], name, 'its position', where) });
    default: break;
  }
  if (n.type !== 'aggr_func' && n.type !== 'function') throw new SqlError(`${name}() is not a window function floe knows`, where);
  // a RANGE frame with offsets was blanked before parsing: read from the call's own text
  const range = rangeFrameOf(textOf(n, cx.text));
  if (range === 'unreadable') throw new SqlError(`${name}(…) over a RANGE frame floe does not read`, where, 'its edges are UNBOUNDED, CURRENT ROW, n PRECEDING | FOLLOWING (in the order key\'s units) or INTERVAL \'7 days\' PRECEDING | FOLLOWING (of days and smaller units)');
  const framed = range === null ? frame : { unit: 'range' as const, start: range.start, end: range.end };
  const plan = aggregatePlan({ ...n, name, over: null }, (a) => translateExpr(a, argCx), where);
  return plan.finish(plan.reductions.map((r) => {
    if (r.kind !== 'agg') throw new Error(`internal: reduction ${r.kind}`);
    if (r.arg2) throw new SqlError(`${name}() over a window is not supported yet (it takes two inputs)`, where);
    const arg = r.arg.kind === 'wildcard' ? null : r.arg;
    return node(arg === null && r.fn === 'count' ? 'size' : r.fn, arg, {
      // SQL's sum over no values is null: its finish says so with a count (a frame's sum, too)
      frame: framed, ...(range !== null && range.ms ? { frameMs: true } : {}), ...(r.ddof !== undefined ? { ddof: r.ddof } : {}), ...(r.q !== undefined ? { q: r.q } : {}), ...(r.sep !== undefined ? { sep: r.sep } : {}),
    });
  }));
}

function overOf(n: SqlNode, cx: ExprContext, where: SqlPosition | null): Over {
  const spec = (n.over as { as_window_specification?: unknown } | null)?.as_window_specification;
  let own: WindowSpecAst;
  if (typeof spec === 'string') own = { name: spec };
  else own = ((spec as { window_specification?: WindowSpecAst } | undefined)?.window_specification) ?? {};
  // OVER w, or OVER (w ORDER BY …): the named window's parts, then this one's
  const named = own.name ? namedWindow(own.name, cx, where) : null;
  if (named && own.partitionby?.length) throw new SqlError(`OVER (${own.name} PARTITION BY …): a window that names another cannot partition again`, where);
  if (named && named.orderby?.length && own.orderby?.length) throw new SqlError(`OVER (${own.name} ORDER BY …): window ${own.name} is already ordered`, where);
  const partition = (named?.partitionby ?? own.partitionby) ?? [];
  const order = (own.orderby?.length ? own.orderby : named?.orderby) ?? [];
  const frameAst = own.window_frame_clause ?? named?.window_frame_clause ?? null;
  const nulls = order.map((o) => (o.nulls ? /first/i.test(o.nulls) : null));
  const first = nulls.find((x) => x !== null) ?? false;
  if (nulls.some((x) => x !== null && x !== first)) throw new SqlError('one OVER (…) with NULLS FIRST for some keys and NULLS LAST for others is not supported yet', where);
  return {
    partitionBy: partition.map((p) => translateExpr(p.expr, cx)),
    orderBy: order.map((o) => ({ expr: translateExpr(o.expr, cx), descending: String(o.type ?? '').toUpperCase() === 'DESC' })),
    nullsLast: !first,
    frame: frameAst === null ? undefined : frameOf(frameAst, where),
  };
}

function namedWindow(name: string, cx: ExprContext, where: SqlPosition | null): WindowSpecAst {
  const w = cx.windows?.get(name.toLowerCase());
  if (!w) throw new SqlError(`window ${JSON.stringify(name)} is not defined; name it in WINDOW ${name} AS (…) after the query's FROM … GROUP BY`, where);
  return w;
}

/** ROWS frames; RANGE frames reach here rewritten (window-syntax.ts) as the ROWS frame of the same rows, or as no clause. */
function frameOf(clause: SqlNode, where: SqlPosition | null): Frame | null {
  let unit: string;
  let edges: SqlNode[];
  if (clause.type === 'binary_expr' && String(clause.operator).toUpperCase() === 'BETWEEN') {
    unit = String((clause.left as SqlNode).value).toLowerCase();
    edges = ((clause.right as SqlNode).value as SqlNode[]);
  } else {
    unit = String(clause.type).toLowerCase();
    edges = [clause.expr as SqlNode, { type: 'origin', value: 'current row' }];
  }
  if (unit !== 'rows') throw new SqlError(`${unit.toUpperCase()} frames are not supported yet; use ROWS`, where);
  const [start, end] = edges.map((e, k) => edge(e, k === 0, where));
  // the whole partition, in any order
  if (start === null && end === null) return null;
  return { unit: 'rows', start, end };
}

/** A frame edge as an offset from the row (null: the partition's edge on that side). */
function edge(e: SqlNode, isStart: boolean, where: SqlPosition | null): number | null {
  const text = String(e.value).trim().toUpperCase().replace(/\s+/g, ' ');
  if (text === 'CURRENT ROW') return 0;
  if (text === 'UNBOUNDED PRECEDING' || text === 'UNBOUNDED FOLLOWING') {
    if ((text === 'UNBOUNDED PRECEDING') !== isStart) throw new SqlError(`a frame cannot ${isStart ? 'start at UNBOUNDED FOLLOWING' : 'end at UNBOUNDED PRECEDING'}`, where);
    return null;
  }
  const m = /^(\d+) (PRECEDING|FOLLOWING)$/.exec(text);
  if (!m) throw new SqlError(`frame edge ${text} is not supported; use n PRECEDING, n FOLLOWING, CURRENT ROW or UNBOUNDED`, where);
  const k = Number(m[1]);
  return m[2] === 'PRECEDING' ? -k : k;
}

function wholeNumber(a: SqlNode, fn: string, what: string, where: SqlPosition | null): number {
  const v = a.type === 'number' ? Number(a.value) : a.type === 'unary_expr' && a.operator === '-' && (a.expr as SqlNode).type === 'number' ? -Number((a.expr as SqlNode).value) : NaN;
  if (!Number.isInteger(v)) throw new SqlError(`${fn}() needs a whole number as ${what}`, where);
  return v;
}
