/**
 * Lowers an optimized logical plan to a physical query: the pipeline every partition task runs
 * (row stages fused with a sink) and the steps the driver runs after combining partials
 * (final aggregation expressions, sort, limit). Splits each aggregate into partial (worker)
 * and final (driver) parts.
 */
import { exprKey, mapExpr, outputName, type ExprNode } from '../plan/expr-node.js';
import { partColumnName, scanRequest, type AggregateNode, type LogicalPlan, type ScanNode } from '../plan/logical-plan.js';
import { schemaOf, typeOf } from '../plan/resolve.js';
import { sourceOf, type PlannedPartition } from '../io/source.js';
import type { Field } from '../types/dtype.js';
import type { AggCall, PipelineSpec, Sink, Stage } from './pipeline-spec.js';

/** A step the driver runs on the gathered rows: row stages, sort, limit, or an aggregate above a sort or limit. */
export type PostOp = Exclude<LogicalPlan, ScanNode>;

export interface FinalAggregate {
  keyFields: Field[];
  calls: AggCall[];
  /** Output expressions over key names and `__agg<i>` columns. */
  outputs: ExprNode[];
  keepNullKeys: boolean;
}

export interface PhysicalQuery {
  scan: ScanNode;
  /** The scan's partitions (CSV byte ranges: this single-stage path is the CSV fast path). */
  partitions: PlannedPartition[];
  pipeline: PipelineSpec;
  final: FinalAggregate | null;
  /** Driver-side steps after the sink's result, bottom-up. */
  post: PostOp[];
  /** Output schema of the whole query. */
  fields: Field[];
}

export function lower(plan: LogicalPlan, sinkOverride?: (fields: Field[]) => Sink): PhysicalQuery {
  const chain: LogicalPlan[] = [];
  let node: LogicalPlan = plan;
  while (node.kind !== 'scan') {
    if (node.kind === 'join' || node.kind === 'concat' || node.kind === 'groupHead' || node.kind === 'window') throw new Error(`internal: ${node.kind} needs the operator graph`);
    chain.unshift(node);
    node = node.input;
  }
  const scan = node;
  const split = chain.findIndex((n) => n.kind === 'aggregate' || n.kind === 'sort' || n.kind === 'limit');
  const below = split < 0 ? chain : chain.slice(0, split);
  let post = split < 0 ? [] : chain.slice(split);
  const stages: Stage[] = below.map((n): Stage => {
    if (n.kind === 'filter') return { kind: 'filter', predicate: n.predicate };
    if (n.kind === 'project') return { kind: 'project', exprs: n.exprs, mode: n.mode };
    throw new Error(`internal: unexpected ${n.kind} below the sink`);
  });
  // calendar parts read by the scan (dt-field pushdown) are internal: never part of an output
  const partNames = new Set(Object.entries(scan.parts).flatMap(([c, ps]) => ps.map((p) => partColumnName(c, p))));
  const rowFields = schemaOf(below.length > 0 ? below[below.length - 1] : scan);
  const outputFields = rowFields.filter((f) => !partNames.has(f.name));
  let sink: Sink;
  let final: FinalAggregate | null = null;
  const head = post[0];
  if (head && head.kind === 'aggregate') {
    final = splitAggregate(head, rowFields);
    sink = { kind: 'aggregate', keys: head.keys, keyTypes: final.keyFields.map((f) => f.dtype), calls: final.calls, keepNullKeys: head.keepNullKeys };
    post = post.slice(1);
  } else if (sinkOverride) {
    sink = sinkOverride(outputFields);
  } else {
    // the driver's steps (a sort by dt.year(), then a select) may still read calendar parts
    sink = { kind: 'collect', fields: post.length > 0 ? rowFields : outputFields, limit: head && head.kind === 'limit' ? head.n + (head.offset ?? 0) : null };
  }
  const partitions = sourceOf(scan.source).plan(scan.source, scanRequest(scan, null));
  const scanSpec = partitions[0]?.scan;
  if (partitions.some((p) => p.input.kind !== 'csv' || p.scan === null)) throw new Error('internal: the single-stage path reads CSV byte ranges only');
  return {
    scan,
    partitions,
    pipeline: { scan: scanSpec!, stages, sink },
    final,
    post: post as PostOp[],
    fields: schemaOf(plan),
  };
}

/** Extracts the aggregate calls of each output expression; the rest is evaluated at the end. */
export function splitAggregate(node: AggregateNode, input: Field[]): FinalAggregate {
  const keyFields = node.keys.map((k) => ({ name: outputName(k), dtype: typeOf(k, input) }));
  const calls: AggCall[] = [];
  const seen = new Map<string, number>();
  const outputs = node.aggs.map((e) => {
    return mapExpr(e, (n) => {
      if (n.kind !== 'agg') return n;
      const isSize = n.fn === 'size' || (n.arg.kind === 'wildcard' && n.fn === 'count');
      const call: AggCall = isSize
        ? { fn: 'size', arg: null, input: null, ddof: 0 }
        : { fn: n.fn, arg: n.arg, input: typeOf(n.arg, input), ddof: n.ddof ?? 1, ...(n.q !== undefined && { q: n.q }), ...(n.sep !== undefined && { sep: n.sep }), ...(n.arg2 && { arg2: n.arg2, input2: typeOf(n.arg2, input) }) };
      const id = exprKey(call);
      let k = seen.get(id);
      if (k === undefined) { k = calls.length; calls.push(call); seen.set(id, k); }
      return { kind: 'col', name: `__agg${k}` };
    });
  });
  return { keyFields, calls, outputs, keepNullKeys: node.keepNullKeys };
}
