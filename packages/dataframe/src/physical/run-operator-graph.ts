/**
 * Runs a plan through the operator graph (operator-graph.ts): builds the multi-stage task
 * graph, runs it on the executor, and owns the query's spill directory, which is removed when
 * the query ends however it ends. A data error in a CSV task whose quote parity is confirmed
 * stops the run at once, as in the single-stage path.
 */
import { makeDirs } from '../io/make-dirs.js';
import { getCurrentClient, runContext, runGraph, type Executor } from '@floe/scheduler';
import type { LogicalPlan } from '../plan/logical-plan.js';
import { Table } from '../table/table.js';
import type { Field } from '../types/dtype.js';
import { defaultExecutor, planWeight, shutdownIfIdle, useExecutor } from './default-executor.js';
import { removeFolder } from '../io/remove-on-exit.js';
import type { ComputeOptions } from './execute.js';
import type { Gathered } from './gather.js';
import { memoryBudget } from './memory-budget.js';
import { GraphBuilder } from './operator-graph.js';
import type { PartitionOutput } from './partition-task.js';
import type { Sink } from './pipeline-spec.js';
import { rebuildError } from './rebuild-error.js';
import { SpillDir } from './spill-dir.js';

export interface GraphRun {
  gathered: Gathered;
  skipped: number;
  skippedLines: string[];
}

/**
 * Where the result goes: a table on the driver (default), part files (a write sink), or row
 * chunks kept in memory or spilled into `persist` (a directory that outlives the query).
 */
export type GraphTarget = ((fields: Field[]) => Sink) | { persist: string } | undefined;

/** Builds the task graph; `spill` null draws it without creating a spill directory (explain, pictures). */
export function buildOperatorGraph(plan: LogicalPlan, opts: ComputeOptions, executor: { concurrency: number; sharedMemory?: boolean }, spill: SpillDir | null, write?: GraphTarget): { builder: GraphBuilder; output: string } {
  const builder = new GraphBuilder({ memoryLimit: memoryBudget(opts.memoryLimit), concurrency: executor.concurrency, sharedMemory: executor.sharedMemory, spillDir: () => (spill ? spill.dir : '<spill dir>') });
  const output = write === undefined ? builder.collect(plan) : typeof write === 'function' ? builder.write(plan, write) : builder.persist(plan, write.persist);
  return { builder, output };
}

export async function runOperatorGraph(plan: LogicalPlan, opts: ComputeOptions, write?: GraphTarget, tmpDir?: string): Promise<GraphRun> {
  const client = getCurrentClient() ?? undefined;
  const executor: Executor = opts.executor ?? client?.executor ?? defaultExecutor(planWeight(plan));
  const spill = new SpillDir(executor.spillDir);
  const ctx = runContext({ ...opts, client, executor, maxInFlight: opts.maxInFlight ?? executor.concurrency * 2 }, 'DataFrame.compute()');
  const done = useExecutor(executor);
  if (tmpDir) makeDirs(tmpDir);
  let skipped = 0;
  const skippedLines: string[] = [];
  try {
    const { builder, output } = buildOperatorGraph(plan, opts, executor, spill, write);
    const out = await runGraph(builder.graph, {
      executor,
      signal: opts.signal,
      onEvent: ctx.onEvent,
      maxInFlight: ctx.maxInFlight,
      outputs: [output],
      onTaskResult: (key, value) => {
        const v = value as Partial<PartitionOutput & Gathered>;
        // a worker task's error that no first-row re-run can explain stops the query now
        if (v && typeof v === 'object' && 'error' in v && v.error && v.nextRow !== -1) throw rebuildError(v.error);
        // rows skipped by onBadLines are counted where the tasks' outputs are checked: in gathers
        // and exchange or sort barriers (a grouped aggregate's count was lost in its barrier), but
        // not twice for an input read twice (GraphBuilder.rereads)
        if (v && typeof v === 'object' && ('chunks' in v || 'buckets' in v) && typeof v.skipped === 'number' && !builder.rereads.has(key)) {
          skipped += v.skipped;
          for (const l of v.skippedLines ?? []) if (skippedLines.length < 5) skippedLines.push(l);
        }
      },
    });
    return { gathered: out.get(output) as Gathered, skipped, skippedLines };
  } catch (err) {
    if (tmpDir) removeFolder(tmpDir);
    done();
    if (opts.signal?.aborted && !opts.executor && !client) await shutdownIfIdle(executor);
    throw err;
  } finally {
    done();
    spill.remove();
    ctx.finish();
  }
}

export function gatheredTable(g: Gathered): Table {
  const c = g.chunks[0];
  if (!c || c.kind !== 'mem') return new Table(g.fields, g.fields.map(() => ({ dtype: 'float64', length: 0, values: new Float64Array(0), valid: null })));
  return new Table(g.fields, c.columns);
}
