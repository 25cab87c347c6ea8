/**
 * Streams a query's rows part by part, in part order, as the parts finish: the engine of
 * `DataFrame.toBatches()` for plans that only scan, filter and project (and stack such frames).
 * One task per part (scan → filter → project fused, rows collected), at most `window` of them
 * ahead of the consumer, so memory holds a window of partitions, never the whole result.
 *
 * Protocol: the consumer pulls; each pull starts tasks up to the window and waits for the
 * oldest. A CSV part's first row is checked in order (row-chain.ts) and a wrong guess re-run
 * here, as gather does. When the consumer stops early (`break`, an error, `return()`), the
 * tasks in flight are aborted and awaited before the generator ends: nothing keeps running.
 * It never creates files: its tasks collect rows in memory.
 */
import { getCurrentClient, type Executor } from '@floe/scheduler';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { Table } from '../table/table.js';
import type { TaskSpec, TaskInput } from './pipeline-spec.js';
import { defaultExecutor, planWeight } from './default-executor.js';
import type { ComputeOptions } from './execute.js';
import { memoryBudget } from './memory-budget.js';
import { GraphBuilder, TASK_OP } from './operator-graph.js';
import { runTaskSync, type PartitionOutput } from './partition-task.js';
import { rebuildError } from './rebuild-error.js';
import { RowChain } from './row-chain.js';

/** Whether `plan` (optimized) is a row stream: scans under filters and projections, stacked or not. */
export function isRowStream(plan: LogicalPlan): boolean {
  switch (plan.kind) {
    case 'scan': return plan.source.onTypeMismatch !== 'widen'; // widening re-plans from the start
    case 'filter':
    case 'project': return isRowStream(plan.input);
    case 'concat': return plan.inputs.every(isRowStream);
    default: return false;
  }
}

export interface StreamOptions extends ComputeOptions {
  /** Parts computed ahead of the consumer (default: the executor's concurrency). */
  window?: number;
}

export async function* streamParts(plan: LogicalPlan, opts: StreamOptions = {}): AsyncGenerator<Table> {
  const executor: Executor = opts.executor ?? getCurrentClient()?.executor ?? defaultExecutor(planWeight(plan));
  const builder = new GraphBuilder({
    memoryLimit: memoryBudget(opts.memoryLimit),
    concurrency: executor.concurrency,
    spillDir: () => { throw new Error('internal: a row stream spills nothing'); },
  });
  const { parts, fields } = builder.stream(plan);
  const specs: TaskSpec[] = parts.map((p) => ({ input: p.input as TaskInput, scan: p.scan, stages: p.stages, sink: { kind: 'collect', fields, limit: null } }));
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  const window = Math.max(1, opts.window ?? executor.concurrency);
  const running: Promise<PartitionOutput>[] = [];
  let next = 0;
  const launch = (): void => {
    while (next < specs.length && running.length < window) {
      const i = next++;
      const task = executor.run({ key: `batches-${String(i).padStart(4, '0')}`, op: TASK_OP, args: [{ spec: specs[i], index: i }] }, signal).then((o) => o.value as PartitionOutput);
      task.catch(() => {}); // awaited in order below; a later task failing first is not unhandled
      running.push(task);
    }
  };
  const chain = new RowChain();
  let skipped = 0;
  const skippedLines: string[] = [];
  try {
    for (let i = 0; i < specs.length; i++) {
      signal.throwIfAborted();
      launch();
      let out = await running.shift()!;
      const spec = specs[i];
      if (spec.input.kind === 'csv') {
        const range = spec.input.range;
        const firstRow = chain.at(range);
        if (firstRow === null) throw new Error('internal: a row stream has no limit to stop at');
        if (out.firstRow !== firstRow) out = runTaskSync({ spec: { ...spec, input: { kind: 'csv', range: { ...range, firstRow } } }, index: i });
        if (out.error) throw rebuildError(out.error);
        chain.advance(out.nextRow);
      } else if (out.error) throw rebuildError(out.error);
      skipped += out.skipped;
      for (const l of out.skippedLines) if (skippedLines.length < 5) skippedLines.push(l);
      const r = out.result;
      if (r?.kind !== 'collect') throw new Error('internal: a row stream task returned no rows');
      if (r.length > 0) yield new Table(fields, r.columns);
    }
    if (skipped > 0 && badLinesMode(plan) === 'warn') {
      process.emitWarning(`floe: skipped ${skipped} row(s) with the wrong number of fields (first at ${skippedLines.join(', ')})`, 'FloeBadLines');
    }
  } finally {
    if (running.length > 0) {
      stop.abort(new DOMException('toBatches() ended before its last batch', 'AbortError'));
      await Promise.allSettled(running);
    }
  }
}

function badLinesMode(plan: LogicalPlan): string {
  if (plan.kind === 'scan') return plan.source.onBadLines;
  if (plan.kind === 'concat') return plan.inputs.map(badLinesMode).find((m) => m !== 'error') ?? 'error';
  if (plan.kind === 'filter' || plan.kind === 'project') return badLinesMode(plan.input);
  return 'error';
}
