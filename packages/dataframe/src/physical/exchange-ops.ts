/**
 * The driver-side steps between the stages of an operator graph (local tasks: cheap, they
 * move references, not rows):
 *   exchangeBarrier  — after the map tasks of a hash exchange: checks their outputs and hands
 *                      reduce task i bucket i of every map, in map order;
 *   sortBarrier      — after the runs of an external sort: picks range boundaries from the
 *                      runs' key samples and hands reduce task i the segments overlapping range i;
 *   windowCarries    — after a running window's first tasks: chains their summaries into what
 *                      each task carries from the ones before it.
 * And the reduce of a hash-partitioned aggregate, run in a worker:
 *   reduceAggregate  — merges bucket i of every partial (in map order, which first/last rely
 *                      on), finalizes, and returns the groups sorted by key (the driver
 *                      merges the sorted reduces: no global sort), and for a small result
 *                      written to one CSV file, also as CSV lines (the driver copies them);
 *   reduceAggregateRun — the same, for a result written to files: the sorted groups become a
 *                      sort run (segments kept or spilled) that a sort barrier splits into key
 *                      ranges, so the groups never gather on the driver.
 */
import { createState, merge, type AggState } from '../kernels/aggregates.js';
import { GroupIndex } from '../kernels/group-index.js';
import { chainCarries, type RunningCarry } from '../kernels/running-window.js';
import type { WindowCall } from '../plan/logical-plan.js';
import { csvLines } from '../io/csv/csv-encoder.js';
import { compareTuples, sortPermutation, type KeyTuple } from '../kernels/sort.js';
import { checkOutputs } from './check-outputs.js';
import { finalizeAggregate } from './finalize.js';
import type { FinalAggregate } from './lower.js';
import type { PartitionOutput } from './partition-task.js';
import type { AggCall, CollectedRows, PartialAggregate, PartitionedRows, Sink, SortKey, SortRun, TaskSpec, WindowSummary } from './pipeline-spec.js';
import { singleRun } from './sinks/sort-run-sink.js';
import { readStateChunk, type RowChunk, type StateChunk } from './row-chunk.js';

export interface BarrierResult<T> {
  /** buckets[i][m]: bucket i of map task m. */
  buckets: T[][];
  skipped: number;
  skippedLines: string[];
}

export function exchangeBarrier(args: { specs: TaskSpec[]; p: number }, outputs: PartitionOutput[]): BarrierResult<RowChunk | StateChunk<PartialAggregate>> {
  const { results, skipped, skippedLines } = checkOutputs(args.specs, outputs);
  const buckets = Array.from({ length: args.p }, () => [] as (RowChunk | StateChunk<PartialAggregate>)[]);
  for (const r of results) {
    if (r.kind === 'aggregate-split') r.buckets.forEach((pieces, i) => buckets[i].push(...pieces));
    else (r as PartitionedRows).buckets.forEach((b, i) => buckets[i].push(b));
  }
  return { buckets, skipped, skippedLines };
}

export interface SortRange {
  lo: KeyTuple | null;
  hi: KeyTuple | null;
  runs: { chunks: RowChunk[] }[];
}

/** `specs` empty: the outputs are runs themselves (reduce tasks' results), with nothing to check. */
export function sortBarrier(args: { specs: TaskSpec[]; p: number; by: SortKey[]; nullsLast: boolean }, outputs: (PartitionOutput | SortRun)[]): BarrierResult<never> & { ranges: SortRange[] } {
  const { results, skipped, skippedLines } = args.specs.length === 0 ? { results: outputs as SortRun[], skipped: 0, skippedLines: [] } : checkOutputs(args.specs, outputs as PartitionOutput[]);
  const runs = results as SortRun[];
  const desc = args.by.map((b) => b.descending);
  const cmp = (a: KeyTuple, b: KeyTuple): number => compareTuples(a, b, desc, args.nullsLast);
  const sample = runs.flatMap((r) => r.sample).sort(cmp);
  // p - 1 distinct boundaries at evenly spaced sample quantiles
  const bounds: KeyTuple[] = [];
  for (let i = 1; i < args.p && sample.length > 0; i++) {
    const t = sample[Math.min(sample.length - 1, Math.floor((i * sample.length) / args.p))];
    if (bounds.length === 0 || cmp(bounds[bounds.length - 1], t) < 0) bounds.push(t);
  }
  const ranges: SortRange[] = [];
  for (let i = 0; i <= bounds.length; i++) {
    const lo = i === 0 ? null : bounds[i - 1];
    const hi = i === bounds.length ? null : bounds[i];
    ranges.push({
      lo,
      hi,
      runs: runs.map((r) => ({
        // a segment overlaps [lo, hi) unless it ends before lo or starts at or after hi
        chunks: r.segments.filter((s) => (lo === null || cmp(s.last, lo) >= 0) && (hi === null || cmp(s.first, hi) < 0)).map((s) => s.chunk),
      })),
    });
  }
  // p range tasks were planned: with fewer distinct boundaries (few distinct keys) the last
  // ones read nothing, and their part files come last, empty
  while (ranges.length < args.p) ranges.push({ lo: null, hi: null, runs: runs.map(() => ({ chunks: [] })) });
  return { buckets: [], ranges, skipped, skippedLines };
}

/**
 * Each task's carry for a running window, from the summaries of the tasks before it (checked as
 * any task's output: a CSV range that guessed its first row wrong is summed up again from the
 * right one). Rows skipped by onBadLines are counted once, where the window's rows are gathered.
 */
export function windowCarries(args: { specs: TaskSpec[]; calls: WindowCall[] }, outputs: PartitionOutput[]): { carries: RunningCarry[] } {
  const { results } = checkOutputs(args.specs, outputs);
  if (results.length !== outputs.length) throw new Error(`internal: a running window summed up ${results.length} of ${outputs.length} tasks`);
  return { carries: chainCarries(args.calls, (results as WindowSummary[]).map((r) => r.carry)) };
}

export interface ReduceAggregateArgs {
  keyTypes: AggCall['input'][];
  calls: AggCall[];
  keepNullKeys: boolean;
  final: FinalAggregate;
  /** The reduce task's number (names its spill files). */
  index?: number;
  run?: Pick<Extract<Sink, { kind: 'sortRun' }>, 'segmentRows' | 'sample' | 'spill'>;
  /** Key ranges the runs are read in (reduceAggregateRun): a run is cut into at least as many segments. */
  ranges?: number;
  /** The groups also as CSV lines, with this delimiter (reduceAggregate, for a result written to one CSV file: gather's 'csvMerge'). */
  csv?: { delimiter: string };
}

export function reduceAggregate(args: ReduceAggregateArgs, partials: StateChunk<PartialAggregate>[]): CollectedRows {
  const merged = mergePartials(args, readEach(partials));
  // sorted here, in parallel: the driver only merges the reduces' sorted groups
  const table = finalizeAggregate(args.final, merged, true);
  if (args.csv === undefined) return { kind: 'collect', length: table.numRows, columns: [...table.columns] };
  // encoded here too, in parallel: the driver merges the lines by the key columns, and copies them
  const keys = args.final.keyFields.map((f) => table.columns[table.schema.findIndex((g) => g.name === f.name)]);
  return { kind: 'collect', length: table.numRows, columns: keys, csv: csvLines(table.columns, table.numRows, args.csv.delimiter) };
}

/**
 * The groups of a reduce task as one sorted run. The segments are taken through the key order's
 * permutation of the unsorted groups (no sorted copy of the whole table is made).
 */
export function reduceAggregateRun(args: ReduceAggregateArgs, partials: StateChunk<PartialAggregate>[]): SortRun {
  const merged = mergePartials(args, readEach(partials));
  const table = finalizeAggregate(args.final, merged, false);
  const keys = table.columns.slice(0, args.final.keyFields.length);
  const perm = sortPermutation(keys, keys.map(() => false));
  return singleRun(table.schema, table.columns, keys, perm, args.run!, args.ranges ?? 1, `r${args.index ?? 0}`);
}

/**
 * The partials of `chunks` one at a time, a spilled one read from its file when its turn comes:
 * a reduce task holds the partial it merges and the merged state, not all its spilled inputs
 * at once (the chunks kept in memory are each under the spill threshold) — except what the merged
 * state keeps by reference (a median's values: as many bytes as copying them would take).
 */
function* readEach<T>(chunks: readonly StateChunk<T>[]): Generator<T> {
  for (const c of chunks) yield readStateChunk(c);
}

/** `partials` merged in order (a piece's string keys may come as bytes: packed-partial.ts). */
export function mergePartials(args: Pick<ReduceAggregateArgs, 'keyTypes' | 'calls' | 'keepNullKeys'>, partials: Iterable<PartialAggregate>): PartialAggregate {
  const index = args.keyTypes.length > 0 ? new GroupIndex(args.keyTypes as never, args.keepNullKeys) : null;
  const states: AggState[] = args.calls.map((c) => createState(c));
  let map: Int32Array = new Int32Array(1);
  for (const p of partials) {
    if (p.ngroups === 0 && index) continue;
    if (index) map = index.map(p.keys, p.ngroups, map, p.packed);
    const ngroups = index ? index.size : 1;
    args.calls.forEach((c, k) => merge(states[k], c, p.states[k], map, p.ngroups, ngroups));
  }
  return { kind: 'aggregate', ngroups: index ? index.size : 1, keys: index ? index.keyColumns() : [], states };
}
