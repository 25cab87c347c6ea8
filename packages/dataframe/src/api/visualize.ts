/**
 * Pictures of a query's task graph: the partition tasks (each a fused pipeline, labelled with
 * its byte range and the stages it runs), and the combine step that merges their partials and
 * finalizes on the calling thread. Built on `prepare(plan).graph`, the graph compute() runs,
 * so the picture is the real shape of the work; reads no data.
 *
 *   await visualizeQuery(df.plan, 'query.svg');
 *   const dot = queryToDot(df.plan);
 */
import { basename } from 'node:path';
import { graphToDot, visualizeDot, type TaskSpec, type VisualizeTarget } from '@floe/scheduler';
import { needsOperatorGraph, prepare, type PreparedQuery } from '../physical/execute.js';
import { buildOperatorGraph } from '../physical/run-operator-graph.js';
import { defaultConcurrency, planWeight } from '../physical/default-executor.js';
import { optimize } from '../optimizer/optimize.js';
import type { LogicalPlan } from '../plan/logical-plan.js';

/** The query's task graph in Graphviz DOT, as compute() on the default executor would run it (or with `concurrency` threads). */
export function queryToDot(plan: LogicalPlan, concurrency = defaultConcurrency(planWeight(plan))): string {
  if (needsOperatorGraph(plan, {})) {
    const { builder } = buildOperatorGraph(optimize(plan), {}, { concurrency, sharedMemory: true }, null);
    const tasks = builder.graph.list();
    return graphToDot(builder.graph, {
      title: `${tasks.length} tasks in ${builder.stages.length} stage(s): ${builder.stages.map((s) => s.split(':')[0]).join(' → ')}`,
      label: (task) => operatorLabel(task),
    });
  }
  const prepared = prepare(plan);
  const n = prepared.ranges.length;
  return graphToDot(prepared.graph, {
    title: `${n} partition${n === 1 ? '' : 's'} → combine`,
    label: (task) => labelOf(task, prepared),
  });
}

/**
 * Draws the query's task graph: with a path (`'query.svg'`, `'query.dot'`) writes the file;
 * with `{ format: 'svg' | 'dot' }` only renders. Resolves to the rendered text.
 */
export function visualizeQuery(plan: LogicalPlan, target: VisualizeTarget = { format: 'svg' }): Promise<string> {
  return visualizeDot(queryToDot(plan), target);
}

/** A task of the operator graph: its group, index, and what it reads. */
function operatorLabel(task: TaskSpec): string {
  const m = /-(\d+)$/.exec(task.key);
  type Range = { path: string; start: number; end: number };
  const arg = task.args[0] as { spec?: { input?: { kind: string; range?: Range; ranges?: Range[] } } } | undefined;
  const input = arg?.spec?.input;
  const where = input?.kind === 'csv' && input.range ? `${basename(input.range.path)} [${bytes(input.range.start)}, ${bytes(input.range.end)})`
    : input?.kind === 'sharedRanges' && input.ranges ? `${sharedFiles(input.ranges)}: ${input.ranges.length} ranges,\nclaimed in turn`
      : input ? `reads ${input.kind}` : '';
  return [`${task.group}${m && task.group !== 'gather' && task.group !== 'exchange' ? ` ${Number(m[1])}` : ''}`, where, task.local ? 'on the driver' : ''].filter(Boolean).join('\n');
}

/** The files of a stage's shared ranges: the one file's name, or how many. */
function sharedFiles(ranges: readonly { path: string }[]): string {
  const files = new Set(ranges.map((r) => r.path));
  return files.size === 1 ? basename(ranges[0].path) : `${files.size} files`;
}

function labelOf(task: TaskSpec, prepared: PreparedQuery): string {
  const { query, ranges } = prepared;
  const m = /^scan-(\d+)$/.exec(task.key);
  if (m) {
    const r = ranges[Number(m[1])];
    return [`scan ${m[1]}`, r ? `${basename(r.path)} [${bytes(r.start)}, ${bytes(r.end)})` : '', pipelineOf(prepared)].filter(Boolean).join('\n');
  }
  if (task.key === 'combine') {
    const after = [query.final ? 'finalize' : '', ...query.post.map((p) => (p.kind === 'limit' ? `limit ${p.n}` : p.kind))].filter(Boolean);
    return [`combine ${ranges.length} partial${ranges.length === 1 ? '' : 's'}`, ...after.map((s) => `→ ${s}`)].join('\n');
  }
  return task.key;
}

/** The stages one partition task runs, fused: read → filter → select → partial sum, mean. */
function pipelineOf({ query }: PreparedQuery): string {
  const cols = query.pipeline.scan.fields.length;
  const steps = [`read ${cols} col${cols === 1 ? '' : 's'}`];
  for (const s of query.pipeline.stages) steps.push(s.kind === 'project' ? (s.mode === 'select' ? 'select' : 'with columns') : s.kind);
  const sink = query.pipeline.sink;
  if (sink.kind === 'aggregate') steps.push(`partial ${[...new Set(sink.calls.map((c) => c.fn))].join(', ')}`);
  else if (sink.kind === 'write') steps.push('write csv');
  else if (sink.kind === 'collect') steps.push(sink.limit !== null ? `collect ≤ ${sink.limit} rows` : 'collect rows');
  else steps.push(sink.kind);
  return steps.join(' → ');
}

function bytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}
