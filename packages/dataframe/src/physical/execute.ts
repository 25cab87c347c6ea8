/**
 * Runs a query: optimize → lower → partition → task graph → combine → finalize.
 *
 * The graph has one fused task per partition and a local `combine` step that needs them all,
 * so progress and pictures show the real shape of the work. A query that only needs the first
 * rows (a limit without sort or aggregate) instead runs partitions one after another and stops
 * as soon as it has enough rows.
 */
import { makeDirs } from '../io/make-dirs.js';
import { TaskGraph, getCurrentClient, ref, runContext, runGraph, type EventListener, type Executor, type RunOptions } from '@floe/scheduler';
import type { PartitionRange } from '../io/csv/read-partition.js';
import { sourceOf } from '../io/source.js';
import { inputsOf, mapInputs, scansOf, type LogicalPlan } from '../plan/logical-plan.js';
import { memoryBudget, sortFitsInMemory } from './memory-budget.js';
import type { ExprNode } from '../plan/expr-node.js';
import { gatheredTable, runOperatorGraph, type GraphRun, type GraphTarget } from './run-operator-graph.js';
import { optimize } from '../optimizer/optimize.js';
import { Table } from '../table/table.js';
import type { DType, Field } from '../types/dtype.js';
import { combine, PrefixChecker, type CombineArgs, type Combined } from './combine.js';
import { defaultExecutor, shutdownIfIdle, useExecutor } from './default-executor.js';
import { removeFolder } from '../io/remove-on-exit.js';
import { applyPost, finalizeAggregate } from './finalize.js';
import { lower, type PhysicalQuery } from './lower.js';
import { siblingModule } from './module-url.js';
import type { PartitionOutput } from './partition-task.js';
import type { Sink, TaskInput } from './pipeline-spec.js';
import { RowChain } from './row-chain.js';
import { rebuildError } from './rebuild-error.js';

export interface ComputeOptions {
  /** Run on this executor (default: the current Client's, else floe's default local pool). */
  executor?: Executor;
  /** Draw a progress bar on stderr when it is a terminal (tasks and bytes, rate, ETA). */
  progress?: RunOptions['progress'];
  /**
   * Cancels the computation: it rejects with an AbortError at once and its temporary files are
   * removed. On the default pool alone, its worker threads are ended too; on a Client or a
   * LocalPool whose threads run several tasks at once (`tasksPerWorker` > 1, a Client's default),
   * tasks already running are detached, not stopped, and keep their thread until they end — a
   * next query may wait for them.
   */
  signal?: AbortSignal;
  /** Scheduler events (progress, dashboard). */
  onEvent?: EventListener;
  /** Most partition tasks in flight at once (default: 2 per worker). */
  maxInFlight?: number;
  /**
   * What exchanges, sorts and partial aggregates may hold in memory before they spill to disk
   * (`'512MB'`, or bytes). Default: an eighth of RAM, between 256 MiB and 512 MiB.
   */
  memoryLimit?: number | string;
}

export interface PreparedQuery {
  query: PhysicalQuery;
  ranges: PartitionRange[];
  graph: TaskGraph;
}

const PARTITION_OP = { module: siblingModule('partition-task'), export: 'runPartition', plainResult: true };
const COMBINE_OP = { module: siblingModule('combine'), export: 'combine', plainResult: true };

export function prepare(plan: LogicalPlan, sinkOverride?: (fields: Field[]) => Sink): PreparedQuery {
  const query = lower(optimize(plan), sinkOverride);
  const ranges: PartitionRange[] = query.partitions.map((p) => (p.input as Extract<TaskInput, { kind: 'csv' }>).range);
  const graph = new TaskGraph();
  const keys = query.partitions.map((p, i) => graph.add({
    key: `scan-${String(i).padStart(4, '0')}`,
    group: 'scan',
    op: PARTITION_OP,
    args: [{ spec: query.pipeline, range: ranges[i], index: i }],
    bytes: p.bytes,
  }));
  const combineArgs: CombineArgs = { spec: query.pipeline, ranges };
  graph.add({ key: 'combine', group: 'combine', op: COMBINE_OP, args: [combineArgs, keys.map((k) => ref(k))], local: true });
  return { query, ranges, graph };
}

export async function runPrepared(prepared: PreparedQuery, opts: ComputeOptions = {}): Promise<Combined> {
  const { query, ranges, graph } = prepared;
  const sink = query.pipeline.sink;
  // the current Client (if any) runs the query and shows it on its dashboard
  const client = getCurrentClient() ?? undefined;
  // a limit runs its partitions one after another (runUntilLimit) and most stop in the first
  // batch: a pool has nothing to run in parallel, so it is weighed as nothing
  const limited = sink.kind === 'collect' && sink.limit !== null;
  const executor = opts.executor ?? client?.executor ?? defaultExecutor(limited ? 0 : query.partitions.reduce((n, p) => n + p.bytes, 0));
  const ctx = runContext({ ...opts, client, executor, maxInFlight: opts.maxInFlight ?? executor.concurrency * 2 }, 'DataFrame.compute()');
  const done = useExecutor(executor);
  if (sink.kind === 'write') makeDirs(sink.tmpDir);
  try {
    if (sink.kind === 'collect' && sink.limit !== null) return await runUntilLimit(prepared, executor, opts);
    const checker = new PrefixChecker(ranges);
    const out = await runGraph(graph, {
      executor,
      signal: opts.signal,
      onEvent: ctx.onEvent,
      maxInFlight: ctx.maxInFlight,
      outputs: ['combine'],
      onTaskResult: (key, value) => { if (key.startsWith('scan-')) checker.add(value as PartitionOutput); },
    });
    return out.get('combine') as Combined;
  } catch (err) {
    // a thread still finishing a cancelled task cannot create a file once its directory is gone
    if (sink.kind === 'write') removeFolder(sink.tmpDir);
    done();
    if (opts.signal?.aborted && !opts.executor && !client) await shutdownIfIdle(executor); // cancelled: end every worker now, unless other queries use them
    throw err;
  } finally {
    done();
    ctx.finish();
  }
}

/** Runs partitions in order, each from its exact first row, until `limit` rows are in. */
async function runUntilLimit(prepared: PreparedQuery, executor: Executor, opts: ComputeOptions): Promise<Combined> {
  const { query, ranges } = prepared;
  const sink = query.pipeline.sink as Extract<Sink, { kind: 'collect' }>;
  const outputs: PartitionOutput[] = [];
  const used: PartitionRange[] = [];
  let rows = 0;
  const chain = new RowChain();
  for (let i = 0; i < ranges.length && rows < sink.limit!; i++) {
    opts.signal?.throwIfAborted();
    const firstRow = chain.at(ranges[i]);
    if (firstRow === null) break; // a range before stopped at the satisfied limit
    const range = { ...ranges[i], firstRow };
    const spec = { ...query.pipeline, sink: { ...sink, limit: sink.limit! - rows } };
    const { value } = await executor.run({ key: `scan-${i}`, op: PARTITION_OP, args: [{ spec, range, index: i }] }, opts.signal);
    const out = value as PartitionOutput;
    if (out.error) throw rebuildError(out.error);
    chain.advance(out.nextRow);
    outputs.push(out);
    used.push(range);
    rows += out.result?.kind === 'collect' ? out.result.length : 0;
  }
  return combine({ spec: query.pipeline, ranges: used }, outputs);
}


/**
 * Runs a prepared query; with onTypeMismatch: 'widen', a value that contradicts its column's
 * inferred type re-plans the query with the wider type and runs it again.
 */
export async function runWithWidening(plan: LogicalPlan, opts: ComputeOptions, sinkOverride?: (fields: Field[]) => Sink): Promise<{ prepared: PreparedQuery; combined: Combined }> {
  let current = plan;
  for (let attempt = 0; ; attempt++) {
    const prepared = prepare(current, sinkOverride);
    try {
      const combined = await runPrepared(prepared, opts);
      reportBadLines(prepared.query.scan.source.onBadLines, combined);
      return { prepared, combined };
    } catch (err) {
      const e = err as { widenTo?: DType; column?: string; value?: string; file?: string; line?: number };
      if (prepared.query.scan.source.onTypeMismatch !== 'widen' || !e.widenTo || !e.column || attempt > 20) throw err;
      current = widenColumn(current, { ...e, column: e.column, widenTo: e.widenTo });
    }
  }
}

/** The scans' column `column` read as `to`, noting the value that widened it (for later type errors). */
function widenColumn(plan: LogicalPlan, err: { column: string; widenTo: DType; value?: string; file?: string; line?: number }): LogicalPlan {
  const { column, widenTo: to } = err;
  if (plan.kind !== 'scan') return mapInputs(plan, (p) => widenColumn(p, err));
  if (!plan.source.schema.some((f) => f.name === column)) return plan;
  const schema = plan.source.schema.map((f) => (f.name === column ? { ...f, dtype: to } : f));
  const where = err.file !== undefined ? ` at ${err.file}${err.line !== undefined ? ` line ${err.line}` : ''}` : '';
  const typeNotes = { ...plan.source.typeNotes, [column]: `widened to ${to} by the value ${JSON.stringify(err.value ?? '')}${where}` };
  return { ...plan, source: { ...plan.source, schema, typeNotes } };
}

/**
 * Plans that move rows between partitions run on the operator graph: joins, stacked frames, windows,
 * group heads, grouped aggregates (hash-partitioned, so any number of groups fits the budget)
 * and sorts too big to sort on the driver. The rest keep the single-stage path.
 */
export function needsOperatorGraph(plan: LogicalPlan, opts: ComputeOptions): boolean {
  const scans = scansOf(plan);
  // the single-stage path is the byte-range fast path (first-row re-runs, prefix checks)
  if (scans.some((s) => !sourceOf(s.source).singleStage)) return true;
  const bytes = scans.reduce((n, s) => n + s.source.files.reduce((m, f) => m + f.size, 0), 0);
  const visit = (p: LogicalPlan): boolean => {
    if (p.kind === 'join' || p.kind === 'concat' || p.kind === 'groupHead' || p.kind === 'window') return true;
    if (p.kind === 'aggregate' && p.keys.length > 0 && !p.keys.every(isBoundedKey)) return true;
    if (p.kind === 'sort' && !sortFitsInMemory(bytes, memoryBudget(opts.memoryLimit))) return true;
    return inputsOf(p).some(visit);
  };
  return visit(plan);
}

/**
 * A key whose distinct values are few by its nature — a calendar field (year, month, day, hour,
 * weekday…) or a boolean: its partials stay small, so the single-stage path (one fused task per
 * partition, partials merged on the driver) is the fastest place for it.
 */
function isBoundedKey(k: ExprNode): boolean {
  const e = k.kind === 'alias' ? k.arg : k;
  return (e.kind === 'dt' && e.field !== 'date') || (e.kind === 'isNull');
}

/** Runs a plan on the operator graph, re-planning with a wider type when asked to (onTypeMismatch: 'widen'). */
export async function runGraphWithWidening(plan: LogicalPlan, opts: ComputeOptions, write?: GraphTarget, tmpDir?: string): Promise<GraphRun> {
  let current = optimize(plan);
  const widen = scansOf(plan).some((s) => s.source.onTypeMismatch === 'widen');
  const mode = scansOf(plan).find((s) => s.source.onBadLines !== 'error')?.source.onBadLines ?? 'error';
  for (let attempt = 0; ; attempt++) {
    try {
      const run = await runOperatorGraph(current, opts, write, tmpDir);
      reportBadLines(mode, { skipped: run.skipped, skippedLines: run.skippedLines } as Combined);
      return run;
    } catch (err) {
      const e = err as { widenTo?: DType; column?: string; value?: string; file?: string; line?: number };
      if (!widen || !e.widenTo || !e.column || attempt > 20) throw err;
      current = optimize(widenColumn(current, { ...e, column: e.column, widenTo: e.widenTo }));
    }
  }
}

function reportBadLines(mode: string, bad: Combined): void {
  if (mode === 'warn' && bad.skipped > 0) {
    process.emitWarning(`floe: skipped ${bad.skipped} row(s) with the wrong number of fields (first at ${bad.skippedLines.join(', ')})`, 'FloeBadLines');
  }
}

/** Runs a query to a Table. */
export async function collect(plan: LogicalPlan, opts: ComputeOptions = {}): Promise<Table> {
  if (needsOperatorGraph(plan, opts)) {
    const run = await runGraphWithWidening(plan, opts);
    const t = gatheredTable(run.gathered);
    t.skippedRows = run.skipped;
    return t;
  }
  const { prepared, combined } = await runWithWidening(plan, opts);
  const { query } = prepared;
  let table: Table;
  if (combined.kind === 'aggregate') table = finalizeAggregate(query.final!, combined);
  else if (combined.kind === 'collect') {
    const sink = query.pipeline.sink as Extract<Sink, { kind: 'collect' }>;
    table = new Table(sink.fields, combined.columns, combined.length);
  } else throw new Error('internal: collect() of a write query');
  const out = applyPost(table, query.post);
  out.skippedRows = combined.skipped;
  return out;
}
