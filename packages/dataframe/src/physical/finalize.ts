/**
 * Driver-side end of a query: turns merged partials into the result table (final aggregate
 * expressions, keys sorted ascending) and applies what runs after the sink (filter, project,
 * sort, limit over the small result).
 */
import { finalize, type AggState } from '../kernels/aggregates.js';
import type { Batch } from '../kernels/batch.js';
import { emptyColumn, sliceColumn, type Column } from '../kernels/column.js';
import { evalExpr } from '../kernels/eval-expr.js';
import { sortPermutation, takeColumn } from '../kernels/sort.js';
import { outputName } from '../plan/expr-node.js';
import { schemaOf } from '../plan/resolve.js';
import { Table } from '../table/table.js';
import type { Field } from '../types/dtype.js';
import { splitAggregate, type FinalAggregate, type PostOp } from './lower.js';
import { aggregateSink } from './sinks/aggregate-sink.js';
import type { PartialAggregate } from './pipeline-spec.js';
import { runStages } from './run-stages.js';

export function finalizeAggregate(final: FinalAggregate, merged: PartialAggregate, sortKeys = true): Table {
  const n = merged.ngroups;
  let table = aggregateOutputs(final, merged.keys, finalizeCalls(final, merged.states, n), n);
  if (sortKeys && final.keyFields.length > 0) {
    const perm = sortPermutation(merged.keys, merged.keys.map(() => false));
    table = new Table(table.schema, table.columns.map((c) => takeColumn(c, perm)));
  }
  return table;
}

/** Each call's result column for groups 0..n − 1, named `__agg{k}` (the names the outputs refer to). */
export function finalizeCalls(final: FinalAggregate, states: readonly AggState[], n: number): Map<string, Column> {
  const cols = new Map<string, Column>();
  final.calls.forEach((call, k) => cols.set(`__agg${k}`, finalize(states[k], call, n, call.arg ? outputName(call.arg) : '*')));
  return cols;
}

/** The result rows of n groups: their keys, then each output expression over the keys and the calls' columns. */
export function aggregateOutputs(final: FinalAggregate, keys: readonly Column[], calls: ReadonlyMap<string, Column>, n: number): Table {
  const cols = new Map<string, Column>();
  final.keyFields.forEach((f, k) => cols.set(f.name, keys[k]));
  for (const [name, c] of calls) cols.set(name, c);
  const batch: Batch = { length: n, columns: cols };
  const outCols = final.outputs.map((e) => evalExpr(e, batch));
  const fields: Field[] = [...final.keyFields, ...final.outputs.map((e, k) => ({ name: outputName(e), dtype: outCols[k].dtype }))];
  return new Table(fields, [...keys, ...outCols]);
}

function tableBatch(t: Table): Batch {
  return { length: t.numRows, columns: new Map(t.schema.map((f, k) => [f.name, t.columns[k]])) };
}

export function applyPost(table: Table, post: readonly PostOp[]): Table {
  let t = table;
  for (const op of post) {
    switch (op.kind) {
      case 'filter': case 'project': {
        const batch = tableBatch(t);
        const stage = op.kind === 'filter' ? { kind: 'filter' as const, predicate: op.predicate } : { kind: 'project' as const, exprs: op.exprs, mode: op.mode };
        const fields = schemaOf(op);
        // no rows (a filter before took them all): the stages do not run on an empty batch, so a
        // projection's columns would be missing (a TypeError on 'dict': HAVING false, then a select)
        if (batch.length === 0) {
          t = new Table(fields, fields.map((f) => emptyColumn(f.dtype)), 0);
          break;
        }
        const out = runStages([stage], batch);
        t = new Table(fields, fields.map((f) => out.columns.get(f.name)!), out.length);
        break;
      }
      case 'sort': {
        const batch = tableBatch(t);
        const perm = sortPermutation(op.by.map((b) => evalExpr(b.expr, batch)), op.by.map((b) => b.descending), op.nullsLast);
        t = new Table(t.schema, t.columns.map((c) => takeColumn(c, perm)), t.numRows);
        break;
      }
      case 'limit': {
        const from = Math.min(op.offset ?? 0, t.numRows);
        const to = Math.min(from + op.n, t.numRows);
        t = new Table(t.schema, t.columns.map((c) => sliceColumn(c, from, to)), to - from);
        break;
      }
      case 'aggregate': {
        // an aggregate over a sorted or limited result (sort(…).agg(…), limit(3).sum(), SQL's
        // select sum(v) from (… limit 2)): the rows are on the driver, aggregated here — this
        // case was missing, and the rows came back instead of the answer
        const final = splitAggregate(op, [...t.schema]);
        const sink = aggregateSink({ kind: 'aggregate', keys: op.keys, keyTypes: final.keyFields.map((f) => f.dtype), calls: final.calls, keepNullKeys: op.keepNullKeys }, 0);
        sink.push(tableBatch(t));
        t = finalizeAggregate(final, sink.finish() as PartialAggregate);
        break;
      }
      default:
        throw new Error(`internal: ${op.kind} after the driver's gather`);
    }
  }
  return t;
}
