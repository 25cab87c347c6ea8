/**
 * Compiles an optimized logical plan into a multi-stage task graph: the operator graph.
 *
 * A plan becomes a *stream*: a list of parts, each one task's input (a CSV byte range, an
 * exchange bucket, a join bucket, a sorted key range, or a table on the driver) plus the row
 * stages fused after it. Filters, projections and broadcast-join probes only add stages. An
 * operator that must see rows of other partitions ends the stream with a sink in every part:
 *   aggregate   partial per task, split by key hash → exchange barrier → P reduce tasks
 *               (merge + finalize, each sorted by key in its worker) → P-way merge on the driver;
 *               without keys: partials merged in order (a tree of workers when there are many);
 *               about as many groups as rows (estimated from the CSV sample's key tuples):
 *               no partials — the rows are sorted out of core by the keys (as sort, below) and
 *               each key range is grouped in order as its runs are merged
 *   join        small right side: collected once, probed in every left task (broadcast);
 *               else both sides hash-exchanged on the keys → P join tasks
 *   sort        small: collected and sorted on the driver; large: sorted runs (each within a
 *               share of the budget) spilled in segments → sort barrier picks range boundaries →
 *               P range tasks, each a merge of its segments, in key order
 *   sort+limit  top-k per task → final cut on the driver
 *   window      hash exchange on the partition columns (one bucket without) → P tasks, each
 *               sorting its bucket by partition and order and computing the window's columns;
 *               over no partition, along the rows of a scan or a sort's ranges (running sums,
 *               row numbers, lags): each task sums up its rows → each task's carry from those
 *               before → the input again, each task's columns from its carry
 *               (kernels/running-window.ts)
 *   groupHead   each map task keeps its first n rows per key (in input order; after a sort, in
 *               sort order) → hash exchange on the keys → first n per key in P tasks → k-way merge
 * Exchange buckets and runs stay in memory within their share of the memory budget and spill
 * to Arrow IPC files in the query's spill directory beyond it.
 */
import { randomUUID } from 'node:crypto';
import { ref, TaskGraph, type TaskRef } from '@floe/scheduler';
import { sourceOf, type PlannedPartition, type ScanRequest } from '../io/source.js';
import type { JoinSpec } from '../kernels/hash-join.js';
import { columnsOf, outputName, type ExprNode } from '../plan/expr-node.js';
import { joinLayout } from '../plan/join-schema.js';
import { AGGREGATE_BATCH_BYTES, aggregateBatchRows, aggregateBlocksize, calendarGroupBound, codedKeys, groupsNearRows, manyGroupsScan, PARTIAL_BYTES_PER_GROUP, partialBytesPerGroup, quotedLineFeeds, withScan } from './aggregate-partitions.js';
import { partColumnName, scanRequest, type LogicalPlan, type ScanNode, type WindowCall } from '../plan/logical-plan.js';
import { estimatedGroups } from '../plan/scan-under.js';
import { schemaOf, typeOf } from '../plan/resolve.js';
import type { Field } from '../types/dtype.js';
import { splitAggregate } from './lower.js';
import { countText } from './count-text.js';
import { sharedRounds } from './shared-ranges.js';
import { sortFitsInMemory } from './memory-budget.js';
import { siblingModule } from './module-url.js';
import type { AggCall, FirstPerKeySpec, GroupTopSpec, ScanSpec, Sink, SortKey, Stage, TaskInput, TaskSpec } from './pipeline-spec.js';
import type { SpillSpec } from './row-chunk.js';
import type { WindowSpec } from '../kernels/window.js';
import { runsAlongPeers, runsAlongRows } from '../kernels/running-window.js';
import { REDUCTIONS } from '../kernels/reductions/index.js';

/** A map task (partition-task.ts runTask); stream-parts runs it too. */
export const TASK_OP = { module: siblingModule('partition-task'), export: 'runTask', plainResult: true };
const OPS = (name: string) => ({ module: siblingModule('exchange-ops'), export: name, plainResult: true });
const GATHER_OP = { module: siblingModule('gather'), export: 'gather', plainResult: true };

/** One task-to-be: its input (may hold refs to earlier tasks' results), fused stages, where it runs. */
export interface Part {
  input: TaskInput | RefInput;
  scan: ScanSpec | null;
  stages: Stage[];
  bytes: number;
  /** Estimated bytes of the part's rows (CSV bytes, or a share of an exchange's input): sizes exchanges and sorts. */
  est: number;
  /** Runs on the driver (its input is a table already there). */
  local: boolean;
}
/** A TaskInput whose chunk lists are still references to other tasks' results. */
type RefInput = { [K in keyof TaskInput]: unknown } & { kind: TaskInput['kind'] };

interface Stream {
  parts: Part[];
  fields: Field[];
}

export interface GraphOptions {
  /** Bytes of memory the query may hold in exchanges and sorts. */
  memoryLimit: number;
  /** Tasks that run at once (workers). */
  concurrency: number;
  spillDir: () => string;
  /** The executor's workers are threads of this process (a SharedArrayBuffer reaches them all). */
  sharedMemory?: boolean;
}

/** What the driver does with the gathered result. */
export type GatherMode =
  /** `offset`: rows dropped from the front after the limit's rows are gathered (LIMIT … OFFSET). */
  | { kind: 'concat'; limit: number | null; offset?: number }
  /** `sorted`: each task's rows are already in key order (merged, not sorted again). */
  | { kind: 'merge'; keys: ExprNode[]; sorted: boolean }
  | { kind: 'sort'; by: SortKey[]; nullsLast: boolean; limit: number | null; offset?: number }
  | { kind: 'aggregate'; final: ReturnType<typeof splitAggregate>; keyTypes: Field['dtype'][]; keepNullKeys: boolean }
  | { kind: 'write' }
  /** Reduce tasks' CSV lines merged by key into one part file (writeSmallAggregate). */
  | { kind: 'csvMerge' }
  /** The tasks' row chunks as they are (in memory or spilled), one per task, in order: persist. */
  | { kind: 'chunks' };

export interface OperatorGraph {
  graph: TaskGraph;
  /** Key of the task whose result is the query's result (a gather). */
  output: string;
  fields: Field[];
  /** Stages, in order, for explain() and pictures. */
  stages: string[];
}

/** Partial groups over all of an aggregate's map tasks that the driver merges itself (fewPartialGroups). */
const FEW_PARTIAL_GROUPS = 65_536;

/** A CSV row's bytes as the plan guesses them (db-benchmark's rows are ~50, the seed's ~25): rows from a part's bytes. */
const CSV_ROW_BYTES = 35;

/** The largest range a task claims at a time from a stage over shared ranges (sharedTasksOf). */
const SHARED_RANGE_BYTES = 4 << 20;

/** The input a worker reads in one round of a stage over shared ranges (sharedTasksOf). */
const SHARED_ROUND_BYTES = 256 << 20;

export class GraphBuilder {
  readonly graph = new TaskGraph();
  readonly stages: string[] = [];
  private seq = 0;
  /** Names this run's shared state in the workers: task keys (collect-003) repeat from query to query. */
  private readonly runId = randomUUID();
  /** The query's result goes to part files (write), not to a table on the driver. */
  private writing = false;
  /**
   * Tasks that read an input another part of the query reads too (the right side of a join that
   * rereadsLeft): the rows they skip as bad lines are counted where the other reads them, once.
   */
  readonly rereads = new Set<string>();

  constructor(private readonly opts: GraphOptions) {}

  /** The plan's rows as a stream. */
  stream(plan: LogicalPlan): Stream {
    switch (plan.kind) {
      case 'scan': return this.scan(plan, null);
      case 'filter':
        // the source may skip partitions the predicate cannot match; rows are still filtered
        if (plan.input.kind === 'scan') return this.addStage(this.scan(plan.input, plan.predicate), { kind: 'filter', predicate: plan.predicate }, schemaOf(plan));
        return this.addStage(this.stream(plan.input), { kind: 'filter', predicate: plan.predicate }, schemaOf(plan));
      case 'project': return this.addStage(this.stream(plan.input), { kind: 'project', exprs: plan.exprs, mode: plan.mode }, schemaOf(plan));
      case 'concat': {
        const streams = plan.inputs.map((i) => this.stream(i));
        return { parts: streams.flatMap((s) => s.parts), fields: schemaOf(plan) };
      }
      case 'join': return this.join(plan);
      // a result written to files gathers whole on the driver only when it is small (smallResult: a calendar bound or the sample)
      case 'aggregate': return this.sortedAggregate(plan) ?? (this.writing && !this.smallResult(plan) ? this.aggregateRanges(plan) : this.gathered(this.aggregate(plan), schemaOf(plan)));
      // written to files, never gathered on the driver: the sample's estimate of the groups is no
      // bound here (unique of files that repeat rows: 52 k estimated, 2.5 M found), and the ranges
      // of a small result cost nothing measurable (691 rows: 1.17 vs 1.19 s, one file a range)
      case 'groupHead': return this.writing ? this.groupHeadRanges(plan) : this.gathered(this.groupHead(plan), schemaOf(plan));
      case 'sort': {
        const input = this.stream(plan.input);
        const by: SortKey[] = plan.by.map((b) => ({ expr: b.expr, descending: b.descending }));
        // large: a stream of key ranges in global order (written part by part, or concatenated)
        if (input.parts.length > 1 && !sortFitsInMemory(streamBytes(input), this.opts.memoryLimit)) return this.externalSort(input, by, plan.nullsLast);
        return this.gathered(this.materialize(input, () => ({ kind: 'collect', fields: input.fields, limit: null }), 'collect', { kind: 'sort', by, nullsLast: plan.nullsLast, limit: null }), schemaOf(plan));
      }
      case 'window': return this.window(plan);
      case 'limit': {
        const input = plan.input;
        const offset = plan.offset ?? 0;
        const upTo = plan.n + offset;
        if (input.kind === 'sort') return this.gathered(this.topK(input, upTo, offset), schemaOf(plan));
        const s = this.stream(input);
        return this.gathered(this.materialize(s, () => ({ kind: 'collect', fields: s.fields, limit: upTo }), 'limit', { kind: 'concat', limit: upTo, offset }), s.fields);
      }
    }
  }

  private scan(plan: ScanNode, predicate: ExprNode | null): Stream {
    // a worker may keep a text key's dictionary in half its share of the budget (dictionaryBound)
    const req = { ...scanRequest(plan, predicate), dictionaryBytes: this.dictionaryBytes() };
    const planned = sourceOf(plan.source).plan(plan.source, req);
    const parts = (plan.autoBlocksize === true ? this.evenedOut(plan, req, planned) : planned).map((p): Part => ({
      input: p.input,
      scan: p.scan,
      stages: [],
      bytes: p.bytes,
      est: p.bytes,
      local: false,
    }));
    return { parts, fields: schemaOf(plan) };
  }

  /**
   * A scan's partitions at the default blocksize, when a few a worker in a count the workers do
   * not divide (all but one idle for the last: db-benchmark's 0.5 GB file, 15 of 32 MB on two
   * workers, ~40 ms of q1's ~1 s; DuckDB's 1 GB seed Parquet file, 9 on two): planned again at a
   * smaller blocksize for the next multiple, where one gives exactly it. Partitions end where
   * row groups and files do, so bytes ÷ target alone may miss it: the count falls as the
   * blocksize grows, and a few halvings of the blocksizes between bytes ÷ (target + 1) and
   * bytes ÷ (target − 1) look for one. Otherwise as planned.
   */
  private evenedOut(plan: ScanNode, req: ScanRequest, planned: PlannedPartition[]): PlannedPartition[] {
    const workers = this.opts.concurrency;
    if (workers <= 1 || planned.length % workers === 0 || planned.length >= 8 * workers) return planned;
    const target = Math.ceil(planned.length / workers) * workers;
    const bytes = planned.reduce((n, p) => n + p.bytes, 0);
    let lo = Math.max(1, Math.floor(bytes / (target + 1)));
    let hi = Math.ceil(bytes / (target - 1));
    for (let i = 0; i < 16 && lo < hi; i++) {
      const blocksize = Math.floor((lo + hi) / 2);
      const even = sourceOf(plan.source).plan(plan.source, { ...req, blocksize });
      if (even.length === target) return even;
      if (even.length > target) lo = blocksize + 1;
      else hi = blocksize;
    }
    return planned;
  }

  /** Runs the plan to one table on the driver; returns the gather task's key. */
  collect(plan: LogicalPlan): string {
    const s = this.stream(plan);
    if (s.parts.length === 1 && s.parts[0].local && s.parts[0].stages.length === 0) return (s.parts[0].input as unknown as { from: string }).from;
    return this.materialize(s, () => ({ kind: 'collect', fields: s.fields, limit: null }), 'collect', { kind: 'concat', limit: null });
  }

  /** Streams the plan's rows into one CSV part file per part, in order; returns the commit task's key. */
  write(plan: LogicalPlan, sink: (fields: Field[]) => Sink): string {
    this.writing = true;
    if (plan.kind === 'aggregate') {
      const key = this.writeSmallAggregate(plan, sink(schemaOf(plan)));
      if (key !== null) return key;
    }
    const s = this.stream(plan);
    const spec = sink(s.fields);
    return this.materialize(s, () => spec, 'write', { kind: 'write' }, { write: spec });
  }

  /**
   * A grouped aggregate with a small result (smallResult) written to one CSV file: each reduce
   * task encodes its groups, sorted, as CSV lines, and the driver merges them by key straight
   * into the file (gather's 'csvMerge') — instead of gathering the groups' columns and encoding
   * every line itself after the reduces. Null (nothing added) for the other aggregates and formats.
   */
  private writeSmallAggregate(plan: Extract<LogicalPlan, { kind: 'aggregate' }>, spec: Sink): string | null {
    if (spec.kind !== 'write' || spec.format !== 'csv' || groupsNearRows(plan.keys, plan.input) !== null || !this.smallResult(plan)) return null;
    const fields = schemaOf(plan);
    const ex = this.aggregateExchange(plan, this.groupedInput(plan.keys, plan.input, this.partialGroups(plan)), 'reduceAggregate', null, 0, { delimiter: spec.delimiter });
    if (ex.kind === 'gathered') return this.materialize(this.gathered(ex.key, fields), () => spec, 'write', { kind: 'write' }, { write: spec });
    this.stages.push(`aggregate: ${ex.maps} partial(s) split by key hash → ${ex.reduces.length} reduce task(s), each its groups as CSV lines → merged by key into one file`);
    return this.graph.add({ key: this.key('gather'), group: 'gather', op: GATHER_OP, args: [{ specs: [], mode: { kind: 'csvMerge' }, fields, write: spec }, ex.reduces.map((k) => ref(k))], local: true });
  }

  /**
   * Materializes the plan's rows once, one chunk per part, for persist(): a chunk over its share
   * of the memory budget (the budget over the parts) is written to `dir` as an Arrow IPC file.
   */
  persist(plan: LogicalPlan, dir: string): string {
    const s = this.stream(plan);
    const spill: SpillSpec = { dir, name: 'persist', threshold: Math.floor(this.opts.memoryLimit / Math.max(1, s.parts.length)) };
    return this.materialize(s, () => ({ kind: 'partition', fields: s.fields, keys: [], p: 1, spill }), 'persist', { kind: 'chunks' });
  }

  private addStage(s: Stream, stage: Stage, fields: Field[]): Stream {
    return { parts: s.parts.map((p) => ({ ...p, stages: [...p.stages, stage] })), fields };
  }

  /** A stream of one part: the result table of `key` (a gather), on the driver. */
  private gathered(key: string, fields: Field[]): Stream {
    const input = { kind: 'rows', fields, chunks: ref(key, ['chunks']), from: key } as unknown as RefInput;
    return { parts: [{ input, scan: null, stages: [], bytes: 0, est: 0, local: true }], fields };
  }

  private key(prefix: string): string {
    return `${prefix}-${String(this.seq++).padStart(3, '0')}`;
  }

  /** Adds one task per part with the sink, then a local task over their outputs. */
  private tasksOf(s: Stream, sink: (i: number) => Sink, group: string): { keys: string[]; specs: TaskSpec[] } {
    const keys: string[] = [];
    const specs: TaskSpec[] = [];
    const stage = this.key(group);
    s.parts.forEach((p, i) => {
      const spec = { input: p.input, scan: p.scan, stages: p.stages, sink: sink(i) } as TaskSpec;
      specs.push(spec);
      keys.push(this.graph.add({
        key: `${stage}-${String(i).padStart(4, '0')}`,
        group,
        op: TASK_OP,
        args: [{ spec, index: i }],
        bytes: p.bytes,
        local: p.local,
      }));
    });
    return { keys, specs };
  }

  /**
   * One task a worker over the stream's CSV partitions cut into ranges of at most
   * SHARED_RANGE_BYTES, which the tasks claim in turn from a shared cursor (shared-ranges.ts):
   * the tasks end together however fast each worker's core runs (with one partition a worker,
   * one on a busier core ended last alone), and there are as many partials as workers. Input
   * past SHARED_ROUND_BYTES a worker is read in rounds of that, each with its own cursor and
   * tasks, so that progress is seen as the rounds end (the next round's tasks start as workers
   * free up). Null where the stream is not that: other inputs, fewer partitions than workers,
   * partitions scanned or staged differently (files of other layouts), or workers that share
   * no memory (a cluster).
   */
  private sharedTasksOf(s: Stream, sink: (i: number, tasks: number) => Sink, group: string): { keys: string[]; specs: TaskSpec[] } | null {
    const workers = this.opts.concurrency;
    if (this.opts.sharedMemory !== true || workers < 2 || s.parts.length < workers) return null;
    const same = JSON.stringify([s.parts[0].scan, s.parts[0].stages]);
    if (s.parts.some((p) => p.input.kind !== 'csv' || p.local || JSON.stringify([p.scan, p.stages]) !== same)) return null;
    const planned = s.parts.map((p) => (p.input as Extract<TaskInput, { kind: 'csv' }>).range);
    const { rounds, rangeBytes, bytes } = sharedRounds(planned, workers, SHARED_ROUND_BYTES, SHARED_RANGE_BYTES);
    const keys: string[] = [];
    const specs: TaskSpec[] = [];
    const stage = this.key(group);
    for (const ranges of rounds) {
      const input: TaskInput = { kind: 'sharedRanges', ranges, cursor: new SharedArrayBuffer(4) };
      const share = Math.ceil(ranges.reduce((n, r) => n + (r.end - r.start), 0) / workers);
      for (let i = 0; i < workers; i++) {
        const spec: TaskSpec = { input, scan: s.parts[0].scan, stages: s.parts[0].stages, sink: sink(specs.length, rounds.length * workers) };
        keys.push(this.graph.add({ key: `${stage}-${String(specs.length).padStart(4, '0')}`, group, op: TASK_OP, args: [{ spec, index: specs.length }], bytes: share }));
        specs.push(spec);
      }
    }
    const count = rounds.reduce((n, r) => n + r.length, 0);
    const inRounds = rounds.length > 1 ? `, in each of ${rounds.length} rounds of ~${(bytes / rounds.length / 1e6).toFixed(0)} MB` : '';
    this.stages.push(`scan: ${count} range(s) of up to ${(rangeBytes / 1e6).toFixed(1)} MB, claimed in turn by ${workers} task(s), one a worker${inRounds}`);
    return { keys, specs };
  }

  private materialize(s: Stream, sink: (i: number) => Sink, group: string, mode: GatherMode, extra: object = {}): string {
    const { keys, specs } = this.tasksOf(s, sink, group);
    this.stages.push(`${group}: ${keys.length} task(s) → gather (${mode.kind})`);
    return this.graph.add({ key: this.key('gather'), group: 'gather', op: GATHER_OP, args: [{ specs: stripRefs(specs), mode, fields: s.fields, ...extra }, keys.map((k) => ref(k))], local: true });
  }

  /** Spill settings for `chunks` pieces held at once (maps × buckets, or segments): a quarter of the budget in all. */
  private spill(name: string, chunks: number): SpillSpec {
    return { dir: this.opts.spillDir(), name, threshold: Math.floor(this.opts.memoryLimit / 4 / Math.max(1, chunks)) };
  }

  /**
   * Reduce partitions for `bytes` of input: each reduce task reads at most 64 MB of it, and less
   * when the workers' share of the budget is smaller (a reduce's hash table and merged state
   * take several times its input: an eighth of the budget per worker).
   */
  private reduceCount(bytes: number): number {
    const workers = Math.max(1, this.opts.concurrency);
    const share = Math.max(1 << 20, Math.min(64 << 20, this.opts.memoryLimit / (8 * workers)));
    // a multiple of the workers: 15 like tasks on 2 workers left one idle for the last (q10: ~0.6 s)
    return Math.min(256, Math.ceil(Math.max(1, bytes / share) / workers) * workers);
  }

  /**
   * Reduce tasks of a grouped aggregate, sized by what its partials hold — each map task's groups
   * (estimated from the sample), at most its input — not by the input alone: 100 k groups from
   * 0.5 GB made 15 reduce tasks (and 15 range tasks) of ~7 k groups each, whose fixed costs and
   * not yet optimized code outweighed their work (db-benchmark q3, written: 0.3 s of 3.5).
   */
  private aggregateReduceCount(plan: Extract<LogicalPlan, { kind: 'aggregate' }>, input: Stream): number {
    const bytes = streamBytes(input);
    const est = estimatedGroups(plan.keys, plan.input);
    // at least an eighth of the input: a sample of a file's head and tail can miss most of the keys
    // of one sorted or clustered in between
    return this.reduceCount(est === null ? bytes : Math.min(bytes, Math.max(bytes / 8, input.parts.length * est.groups * PARTIAL_BYTES_PER_GROUP)));
  }

  private exchange(s: Stream, keys: string[], p: number, group: string, cut?: { top: GroupTopSpec } | { first: FirstPerKeySpec }): string {
    const name = this.key(group);
    const spill = this.spill(name, s.parts.length * p);
    const { keys: maps, specs } = this.tasksOf(s, () => ({ kind: 'partition', fields: s.fields, keys, p, spill, ...cut }), group);
    const n = cut === undefined ? 0 : 'top' in cut ? cut.top.n : cut.first.n;
    const label = cut === undefined ? '' : `, each cut to its first ${n} per key${'top' in cut ? ' in sort order' : ''}`;
    this.stages.push(`${group}: ${maps.length} task(s)${label} → hash exchange on [${keys.join(', ')}] into ${p} bucket(s)`);
    return this.graph.add({ key: this.key('exchange'), group: 'exchange', op: OPS('exchangeBarrier'), args: [{ specs: stripRefs(specs), p }, maps.map((k) => ref(k))], local: true });
  }

  /**
   * The groups a map task's partial table may hold before it is cut and handed on: its share of
   * the budget (a quarter over the workers) at the bytes its keys and states take a group.
   */
  private partialGroups(plan: Extract<LogicalPlan, { kind: 'aggregate' }>): number {
    const final = splitAggregate(plan, schemaOf(plan.input));
    const perGroup = partialBytesPerGroup(final.keyFields.map((f) => f.dtype), final.calls, codedKeys(plan.keys, plan.input, this.dictionaryBytes()));
    return Math.max(16_384, Math.floor(this.opts.memoryLimit / (4 * Math.max(1, this.opts.concurrency)) / perGroup));
  }

  /** What a worker's scan may keep of string dictionaries across partitions (ScanRequest.dictionaryBytes). */
  private dictionaryBytes(): number {
    return Math.floor(this.opts.memoryLimit / (2 * Math.max(1, this.opts.concurrency)));
  }

  /**
   * The input of a grouping by `keys`: in larger partitions when its keys have many values
   * (aggregate-partitions.ts; `partialGroups`: what a map task's partial holds before it is cut).
   */
  private groupedInput(keys: readonly ExprNode[], plan: LogicalPlan, partialGroups: number): Stream {
    const many = manyGroupsScan(keys, plan, partialGroups);
    const input = this.stream(plan); // filters and projections over a scan, when many is not null: no tasks added
    if (many === null) return input;
    const { scan, key, groups } = many;
    const blocksize = aggregateBlocksize(scan, streamBytes(input), this.opts.concurrency);
    const larger = blocksize === scan.blocksize ? input : this.stream(withScan(plan, scan, { ...scan, blocksize }));
    // batches of about twice the groups' rows, so that a batch's updates touch each state line
    // more than once; a batch within an eighth of a worker's share of the budget, and within
    // AGGREGATE_BATCH_BYTES
    let batch = 0;
    const parts = larger.parts.map((p) => {
      if (p.scan === null) return p;
      const share = this.taskShare(p.scan.fields, 8);
      const batchRows = aggregateBatchRows(groups, p.scan.batchRows, share.rows * Math.min(1, AGGREGATE_BATCH_BYTES / share.bytes));
      if (batchRows > p.scan.batchRows) batch = batchRows;
      return { ...p, scan: { ...p.scan, batchRows } };
    });
    const sizes = [
      ...(larger === input ? [] : [`${larger.parts.length} partition(s) of up to ${(blocksize / 1e6).toFixed(blocksize >= 1e7 ? 0 : 1)} MB`]),
      ...(batch > 0 ? [`batches of ${countText(batch)} rows`] : []),
    ];
    const estimate = keys.length === 1 ? `key ${JSON.stringify(key)}: ~${countText(groups)} values` : `keys ${key}: ~${countText(groups)} groups`;
    if (sizes.length > 0) this.stages.push(`scan: ${sizes.join(', ')} (${estimate} estimated from the sample)`);
    return { ...larger, parts };
  }

  private aggregate(plan: Extract<LogicalPlan, { kind: 'aggregate' }>): string {
    const ex = this.aggregateExchange(plan, this.groupedInput(plan.keys, plan.input, this.partialGroups(plan)), 'reduceAggregate', null);
    if (ex.kind === 'gathered') return ex.key;
    this.stages.push(`aggregate: ${ex.maps} partial(s) split by key hash → ${ex.reduces.length} reduce task(s) → merge by key`);
    const fields = schemaOf(plan);
    const keyExprs: ExprNode[] = ex.final.keyFields.map((f) => ({ kind: 'col', name: f.name }));
    return this.graph.add({ key: this.key('gather'), group: 'gather', op: GATHER_OP, args: [{ specs: [], mode: { kind: 'merge', keys: keyExprs, sorted: true }, fields }, ex.reduces.map((k) => ref(k))], local: true });
  }

  /**
   * Whether a grouped aggregate's result, by the bound calendar fields put on its groups
   * (calendarGroupBound) or else the sample's estimate of them, takes at most an eighth of the
   * memory budget (at PARTIAL_BYTES_PER_GROUP: 320 k groups of the default 512 MB).
   * Written to files, such a result is merged on the driver and written from there: its key
   * ranges (aggregateRanges) sorted each reduce task's groups into a run, sampled the runs, and
   * merged each range again in a task of its own — db-benchmark q3 (100 k groups): the tail after
   * its map tasks ~0.51 → ~0.48 s. Unknown (no bound, no sample), a result is not small.
   */
  private smallResult(plan: Extract<LogicalPlan, { kind: 'aggregate' }>): boolean {
    const bound = calendarGroupBound(plan.keys, plan.input);
    if (bound !== null && bound * PARTIAL_BYTES_PER_GROUP * 8 <= this.opts.memoryLimit) return true;
    const est = estimatedGroups(plan.keys, plan.input);
    return est !== null && est.groups * PARTIAL_BYTES_PER_GROUP * 8 <= this.opts.memoryLimit;
  }

  /**
   * Whether every map task's partial is small for certain — the grouping's calendar fields bound
   * its groups (calendarGroupBound: a month's 12, a year's as many as the Parquet statistics span)
   * to at most FEW_PARTIAL_GROUPS over all the tasks: the partials are then merged on the driver
   * as they come, with no exchange and no reduce tasks (the seed groupBy by year on DuckDB's 1 GB
   * Parquet file: 10 reduce tasks and an exchange for 4 groups, ~12 ms of its ~0.55 s). An
   * estimate from a sample never decides this: a wrong one would send large partials whole.
   */
  private fewPartialGroups(plan: Extract<LogicalPlan, { kind: 'aggregate' }>, input: Stream): boolean {
    const bound = calendarGroupBound(plan.keys, plan.input);
    return bound !== null && bound * input.parts.length <= FEW_PARTIAL_GROUPS;
  }

  /**
   * A grouped aggregate as a stream of key ranges in global order, for a result that goes to
   * files: each reduce task sorts its groups into a run (segments spilled past the budget), the
   * sort barrier picks range boundaries, and each range task merges its segments. Neither the
   * driver nor any one task holds the whole result.
   */
  private aggregateRanges(plan: Extract<LogicalPlan, { kind: 'aggregate' }>): Stream {
    const fields = schemaOf(plan);
    const input = this.groupedInput(plan.keys, plan.input, this.partialGroups(plan));
    const bytes = streamBytes(input);
    const p = this.aggregateReduceCount(plan, input);
    // a run's segments: ~64 per reduce task, held at once across all of them
    const run = { segmentRows: 16_384, sample: 64, spill: this.spill(this.key('aggregate-run'), p * 64) };
    const ex = this.aggregateExchange(plan, input, 'reduceAggregateRun', run, p);
    if (ex.kind === 'gathered') return this.gathered(ex.key, fields);
    const by: SortKey[] = ex.final.keyFields.map((f) => ({ expr: { kind: 'col', name: f.name }, descending: false }));
    const barrier = this.graph.add({ key: this.key('sort-bounds'), group: 'exchange', op: OPS('sortBarrier'), args: [{ specs: [], p: ex.reduces.length, by, nullsLast: true }, ex.reduces.map((k) => ref(k))], local: true });
    this.stages.push(`aggregate: ${ex.maps} partial(s) split by key hash → ${ex.reduces.length} reduce task(s), each a sorted run → range exchange into ${ex.reduces.length} key range(s)`);
    const parts: Part[] = ex.reduces.map((_, i) => exchanged({ kind: 'sorted', fields, by, nullsLast: true, lo: ref(barrier, ['ranges', i, 'lo']), hi: ref(barrier, ['ranges', i, 'hi']), runs: ref(barrier, ['ranges', i, 'runs']) }, Math.ceil(bytes / ex.reduces.length)));
    return { parts, fields };
  }

  /**
   * A grouped aggregate with about as many groups as rows (groupsNearRows): its rows are sorted by
   * the keys out of core (sorted runs → range exchange) and each key range is grouped in order as
   * its runs are merged (sorted-aggregate.ts). No partials: with as many groups as rows they would
   * hold every row, hashed, split and moved, then hashed again to merge. The ranges are the
   * groups in global key order, written part by part or concatenated. Null when the grouping
   * is not one of those, or has one partition.
   */
  private sortedAggregate(plan: Extract<LogicalPlan, { kind: 'aggregate' }>): Stream | null {
    const near = groupsNearRows(plan.keys, plan.input);
    if (near === null) return null;
    const input = this.stream(plan.input); // a scan's partitions and their stages: no tasks added yet
    if (input.parts.length <= 1) return null;
    const final = splitAggregate(plan, input.fields);
    const sorted = this.externalSort(input, plan.keys.map((expr) => ({ expr, descending: false })), true);
    this.stages.push(`aggregate: each key range grouped in key order as it is merged (~${countText(near.groups)} groups in ~${countText(near.rows)} rows, estimated from the sample: no partials)`);
    const parts = sorted.parts.map((p): Part => ({ ...p, input: { ...p.input, aggregate: { keys: plan.keys, final } } as unknown as RefInput }));
    return { parts, fields: schemaOf(plan) };
  }

  /**
   * Whether a grouped aggregate's map tasks may read shared ranges (sharedTasksOf): when a
   * partial holds every group (the calendar bound or the sample's estimate within `maxGroups`),
   * so a task that reads more of the file keeps one partial all along; one that is cut again and
   * again went slower on more memory (q5 on 1 M ids, PROFILE.md session 36). Not for first and
   * last, which take the rows in file order: each task's rows must be a run of the file; nor for
   * files whose sample has quoted values with line feeds (an 86 MB file with a three-line comment
   * a row: every task dropped, the whole file read again on the driver, 470 ms of 820).
   */
  private claimable(plan: Extract<LogicalPlan, { kind: 'aggregate' }>, calls: readonly AggCall[], maxGroups: number): number | null {
    if (calls.some((c) => REDUCTIONS[c.fn].followsRowOrder === true)) return null;
    // quoted line feeds make wrong first-row guesses likely: each drops a whole task's partial
    if (quotedLineFeeds(plan.input)) return null;
    const groups = calendarGroupBound(plan.keys, plan.input) ?? estimatedGroups(plan.keys, plan.input)?.groups ?? null;
    return groups !== null && groups <= maxGroups ? groups : null;
  }

  /** The partial → hash exchange → reduce tasks of a grouped aggregate (or one gather when there is nothing to exchange). */
  private aggregateExchange(plan: Extract<LogicalPlan, { kind: 'aggregate' }>, input: Stream, reduceOp: 'reduceAggregate' | 'reduceAggregateRun', run: object | null, ranges = 0, csv?: { delimiter: string }):
    { kind: 'gathered'; key: string } | { kind: 'reduces'; reduces: string[]; maps: number; final: ReturnType<typeof splitAggregate> } {
    const final = splitAggregate(plan, input.fields);
    const keyTypes = final.keyFields.map((f) => f.dtype);
    const sinkBase = { kind: 'aggregate' as const, keys: plan.keys, keyTypes, calls: final.calls, keepNullKeys: plan.keepNullKeys };
    if (plan.keys.length === 0 || input.parts.length <= 1 || this.fewPartialGroups(plan, input)) {
      const mode: GatherMode = { kind: 'aggregate', final, keyTypes, keepNullKeys: plan.keepNullKeys };
      return { kind: 'gathered', key: this.materialize(input, () => sinkBase, 'aggregate', mode) };
    }
    const p = this.aggregateReduceCount(plan, input);
    const name = this.key('aggregate');
    const maxGroups = this.partialGroups(plan);
    // a quarter of the budget over the pieces all the map tasks hold at once
    const mapSink = (_i: number, maps = input.parts.length): Sink => ({ ...sinkBase, partitions: { p, spill: this.spill(name, maps * p), maxGroups } });
    // a task claiming ranges keeps one partial of every group, which may take up to half the
    // budget (two quarters): db-benchmark's q5 on 1 M integer ids (80 bytes a group, 1.03 M
    // estimated, 839 k a quarter) went as 16 partials of ~450 k groups each, spilled, exchanged
    // and merged again (8.6–9.9 → 6.8 CPU seconds, +20–65 MB). Its table and states are sized for
    // the estimate at once (1 M ids were doubled up from 16, rehashed and copied all the way).
    const groups = this.claimable(plan, final.calls, 2 * maxGroups);
    const claimedMax = groups === null ? maxGroups : Math.min(2 * maxGroups, Math.max(maxGroups, Math.ceil(groups * 1.25)));
    const sharedSink = (_i: number, maps = input.parts.length): Sink => (
      { ...sinkBase, partitions: { p, spill: this.spill(name, maps * p), maxGroups: claimedMax, ...(groups === null ? {} : { expectedGroups: groups }) } });
    const { keys: maps, specs } = (groups !== null ? this.sharedTasksOf(input, sharedSink, 'aggregate') : null) ?? this.tasksOf(input, mapSink, 'aggregate');
    const barrier = this.graph.add({ key: this.key('exchange'), group: 'exchange', op: OPS('exchangeBarrier'), args: [{ specs: stripRefs(specs), p }, maps.map((k) => ref(k))], local: true });
    const reduceArgs = { keyTypes, calls: final.calls, keepNullKeys: plan.keepNullKeys, final, ...(run ? { run, ranges } : {}), ...(csv ? { csv } : {}) };
    const reduces: string[] = [];
    for (let i = 0; i < p; i++) {
      reduces.push(this.graph.add({ key: `${name}-reduce-${String(i).padStart(4, '0')}`, group: 'reduce', op: OPS(reduceOp), args: [{ ...reduceArgs, index: i }, ref(barrier, ['buckets', i])] }));
    }
    return { kind: 'reduces', reduces, maps: maps.length, final };
  }

  private groupHead(plan: Extract<LogicalPlan, { kind: 'groupHead' }>): string {
    const head = this.groupHeadTasks(plan, false);
    this.stages.push(`${head.label} → merge by key`);
    return this.graph.add({ key: this.key('gather'), group: 'gather', op: GATHER_OP, args: [{ specs: stripRefs(head.specs), mode: { kind: 'merge', keys: head.colKeys, sorted: false }, fields: head.fields, project: head.project }, head.keys.map((k) => ref(k))], local: true });
  }

  /**
   * groupBy(keys).head(n) (and unique) as a stream of key ranges in global order, for a result
   * that goes to files: each group-head task's rows, sorted by key, are a run (segments spilled
   * past the budget), the sort barrier picks range boundaries, and each range task merges its
   * segments — neither the driver nor any one task holds the whole result (gathered, `unique` of
   * 112 MB took 1.1 GB and wrote one file).
   */
  private groupHeadRanges(plan: Extract<LogicalPlan, { kind: 'groupHead' }>): Stream {
    const head = this.groupHeadTasks(plan, true);
    const by: SortKey[] = head.colKeys.map((expr) => ({ expr, descending: false }));
    const barrier = this.graph.add({ key: this.key('sort-bounds'), group: 'exchange', op: OPS('sortBarrier'), args: [{ specs: stripRefs(head.specs), p: head.p, by, nullsLast: true }, head.keys.map((k) => ref(k))], local: true });
    this.stages.push(`${head.label}, each a sorted run → range exchange into ${head.p} key range(s)`);
    const parts: Part[] = head.keys.map((_, i) => exchanged({ kind: 'sorted', fields: head.fields, by, nullsLast: true, lo: ref(barrier, ['ranges', i, 'lo']), hi: ref(barrier, ['ranges', i, 'hi']), runs: ref(barrier, ['ranges', i, 'runs']) }, Math.ceil(head.bytes / head.p)));
    const ranges: Stream = { parts, fields: head.fields };
    return head.project === null ? ranges : this.addStage(ranges, head.project, schemaOf(plan));
  }

  /**
   * The tasks of groupBy(keys).head(n): a hash exchange by the keys, then a group-head task a
   * bucket that keeps the first n rows of each key — with `ranges`, as a sorted run for as many
   * key ranges as tasks (its segments, ~64 a task, share a quarter of the budget).
   */
  private groupHeadTasks(plan: Extract<LogicalPlan, { kind: 'groupHead' }>, ranges: boolean):
    { keys: string[]; specs: TaskSpec[]; p: number; bytes: number; fields: Field[]; colKeys: ExprNode[]; project: Stage | null; label: string } {
    // sort(by).groupBy(keys).head(n): the input is never sorted whole — each map task keeps its
    // first n rows per key in the sort order, and each reduce task picks the first n among those
    const sorted = plan.input.kind === 'sort' ? plan.input : null;
    const order = sorted ? { by: sorted.by.map((b): SortKey => ({ expr: b.expr, descending: b.descending })), nullsLast: sorted.nullsLast } : null;
    // key expressions become columns first, so the exchange hashes plain columns; many keys (far
    // fewer than the rows) read larger partitions, as a grouped aggregate does: each map task
    // keeps n rows a key, so fewer, larger partitions hand the reduces fewer rows (db-benchmark
    // q8, 100 k keys: 16 partitions kept 3.2 M rows for 200 k)
    // no partial: its map tasks keep n rows a key (cutRows), so fewer rows a key grow nothing
    const input = this.groupedInput(plan.keys, sorted ? sorted.input : plan.input, 0);
    const keyTypes = plan.keys.map((k) => typeOf(k, input.fields));
    const isPlain = (k: ExprNode): boolean => k.kind === 'col' || (k.kind === 'alias' && k.arg.kind === 'col' && k.arg.name === k.name);
    // a computed key gets a column of a name of its own, left out at the end: under its output
    // name (`col('k').add(1)` is named k) it replaced the column, and the rows held k + 1
    const taken = new Set(input.fields.map((f) => f.name));
    const keyNames = plan.keys.map((k, i) => {
      if (isPlain(k)) return outputName(k);
      let name = `__key${i}`;
      while (taken.has(name)) name = `_${name}`;
      taken.add(name);
      return name;
    });
    const plain = plan.keys.every(isPlain);
    const keyExprs = plan.keys.map((k, i): ExprNode => (isPlain(k) ? k : { kind: 'alias', arg: k.kind === 'alias' ? k.arg : k, name: keyNames[i] }));
    const withKeys = plain ? input : this.addStage(input, { kind: 'project', exprs: keyExprs, mode: 'with' }, [...input.fields.filter((f) => !keyNames.includes(f.name)), ...keyNames.map((n, k) => ({ name: n, dtype: keyTypes[k] }))]);
    const total = streamBytes(input);
    const p = this.reduceCount(total);
    // a map task cuts its rows back when it holds its share of the budget, between 64 k and 1 M
    // rows: a partition mostly fits under 1 M — with many keys a cut keeps most rows, and cutting
    // every 64 k rows sorted a partition's rows several times over (db-benchmark q8: 100 k keys)
    const cutRows = Math.max(65_536, Math.min(1 << 20, Math.floor(this.taskShare(withKeys.fields).rows)));
    // each map task keeps only its first n rows a key (in the sort order, or in input order):
    // unique(['id3']) of db-benchmark's 10 M rows sent every row across the exchange for 100 k kept
    const { keepNullKeys, n } = plan;
    const barrier = this.exchange(withKeys, keyNames, p, 'shuffle', order
      ? { top: { keys: keyNames, keyTypes, keepNullKeys, ...order, n, cutRows } }
      : { first: { keys: keyNames, keyTypes, keepNullKeys, n, maxGroups: firstPerKeyGroups(this.taskShare(withKeys.fields).bytes) } });
    const colKeys: ExprNode[] = keyNames.map((name) => ({ kind: 'col', name }));
    const parts: Part[] = Array.from({ length: p }, (_, i) => exchanged({ kind: 'rows', fields: withKeys.fields, chunks: ref(barrier, ['buckets', i]) }, Math.ceil(total / p)));
    const reduced: Stream = { parts, fields: withKeys.fields };
    const run = ranges ? { segmentRows: 16_384, sample: 64, spill: this.spill(this.key('group-head-run'), p * 64), ranges: p } : null;
    const tasks = this.tasksOf(reduced, () => ({ kind: 'groupHead', fields: withKeys.fields, keys: colKeys, keyTypes, n: plan.n, keepNullKeys: plan.keepNullKeys, ...(order ? { order } : {}), ...(run ? { run } : {}) }), 'group-head');
    const fields = schemaOf(plan);
    const project: Stage | null = fields.length === withKeys.fields.length ? null : { kind: 'project', exprs: fields.map((f) => ({ kind: 'col', name: f.name })), mode: 'select' };
    const label = `group head: ${p} task(s), first ${plan.n} per key${order ? ' in sort order' : ''}`;
    return { ...tasks, p, bytes: total, fields: withKeys.fields, colKeys, project, label };
  }

  /**
   * A window: a hash exchange on its partition columns (every row to one bucket without them),
   * then a task a bucket that sorts the bucket's rows by partition and order and computes the
   * calls over them (kernels/window.ts). The buckets are as many as a reduce's (reduceCount), and
   * each is held whole in its task: a window without partition columns holds every row in one,
   * unless it runs along a scan's rows (runningWindow). (Aggregates over whole partitions of a
   * scan are no window by here: optimizer/window-as-aggregate.ts.)
   */
  private window(plan: Extract<LogicalPlan, { kind: 'window' }>): Stream {
    const input = this.stream(plan.input);
    const fields = schemaOf(plan);
    const types = fields.slice(input.fields.length).map((f) => f.dtype);
    const running = this.runningWindow(plan, input, fields, types) ?? this.orderedWindow(plan, input, fields, types);
    if (running !== null) return running;
    const total = streamBytes(input);
    const p = plan.partitionBy.length === 0 ? 1 : this.reduceCount(total);
    const barrier = this.exchange(input, plan.partitionBy, p, 'window');
    const window: WindowSpec = { partitionBy: plan.partitionBy, calls: plan.calls, types };
    const orders = new Set(plan.calls.map((c) => JSON.stringify([c.orderBy, c.nullsLast]))).size;
    this.stages.push(`window: ${p} bucket task(s), each sorted by its partitions${orders > 1 ? ` in ${orders} orders` : ''}, ${plan.calls.length} column(s) computed`);
    const parts = Array.from({ length: p }, (_, i) => exchanged({ kind: 'window', fields: input.fields, chunks: ref(barrier, ['buckets', i]), window, outFields: fields }, Math.ceil(total / p)));
    return { parts, fields };
  }

  /**
   * A window over no partition whose calls run along the rows (running aggregates, row numbers,
   * lags and short ROWS frames: kernels/running-window.ts), over the partitions of a scan or the
   * key ranges of an out-of-core sort (`sort('t').withColumns(col('v').cumSum())`): no task holds
   * every row. Each task first sums up its rows (its input read once), the driver chains the sums
   * into each task's carry, and the input is read again (a sort's ranges are merged again from
   * their runs), each task computing its rows' columns from its carry — in the input's order.
   * Null for other windows, and for inputs of one part or of other kinds (an exchange's buckets).
   */
  private runningWindow(plan: Extract<LogicalPlan, { kind: 'window' }>, input: Stream, fields: Field[], types: Field['dtype'][], minParts = 2, sorted = false): Stream | null {
    if (plan.partitionBy.length > 0 || input.parts.length < minParts) return null;
    if (input.parts.some((p) => p.local || (p.input.kind !== 'csv' && p.input.kind !== 'source' && p.input.kind !== 'sorted'))) return null;
    const argTypes = plan.calls.map((c) => (c.arg === null ? null : input.fields.find((f) => f.name === c.arg)?.dtype ?? null));
    if (!(sorted ? runsAlongPeers : runsAlongRows)(plan.calls, argTypes)) return null;
    const window = { calls: plan.calls, types, ...(sorted ? { sorted: true as const } : {}) };
    // the first read parses only what its filters and the calls read
    const { keys, specs } = this.tasksOf({ ...input, parts: input.parts.map((p) => narrowedScan(p, plan.calls)) }, () => ({ kind: 'windowCarry', ...window }), 'window-carry');
    const carries = this.graph.add({ key: this.key('window-carries'), group: 'exchange', op: OPS('windowCarries'), args: [{ specs: stripRefs(specs), calls: plan.calls }, keys.map((k) => ref(k))], local: true });
    this.stages.push(`window: ${keys.length} task(s) sum up their rows → each task's carry from the tasks before it → the rows read again, ${plan.calls.length} column(s) computed from the carry`);
    const parts = input.parts.map((p, i): Part => ({ ...p, stages: [...p.stages, { kind: 'runningWindow', ...window, carry: ref(carries, ['carries', i]) } as unknown as Stage] }));
    return { parts, fields };
  }

  /**
   * A window over no partition in an order of its own whose calls run along the rows once they
   * are in that order, over an input too large to sort in memory (as a sort: memory-budget.ts
   * sortFitsInMemory): the rows sorted out of core, the window run along the sort's key ranges
   * (kernels/running-window.ts), and the rows sorted back to their places in the input — no task
   * holds every row. Row numbers, lags and leads and ROWS frames sort by the order and then by
   * each row's place (the window kernel's stable order of ties); ranks and running aggregates to
   * the last peer (SQL's default RANGE frame) by the order alone, which keeps each peer group in
   * one key range. Null for other windows (two orders, both kinds), and for inputs that fit.
   */
  private orderedWindow(plan: Extract<LogicalPlan, { kind: 'window' }>, input: Stream, fields: Field[], types: Field['dtype'][]): Stream | null {
    if (plan.partitionBy.length > 0 || input.parts.length < 2) return null;
    if (sortFitsInMemory(streamBytes(input), this.opts.memoryLimit)) return null;
    const [first] = plan.calls;
    const order = JSON.stringify([first.orderBy, first.nullsLast]);
    if (first.orderBy.length === 0 || plan.calls.some((c) => JSON.stringify([c.orderBy, c.nullsLast]) !== order)) return null;
    const rowCalls = plan.calls.map((c) => ({ ...c, orderBy: [] }));
    const argTypes = plan.calls.map((c) => (c.arg === null ? null : input.fields.find((f) => f.name === c.arg)?.dtype ?? null));
    const byRows = runsAlongRows(rowCalls, argTypes);
    if (!byRows && !runsAlongPeers(plan.calls, argTypes)) return null;
    let row = '__floe_row';
    while (input.fields.some((f) => f.name === row)) row = `_${row}`;
    const withRow: Stream = { parts: input.parts.map((p, i) => ({ ...p, stages: [...p.stages, { kind: 'rowId', name: row, base: i * 2 ** 32 }] })), fields: [...input.fields, { name: row, dtype: 'int64' }] };
    const place: SortKey = { expr: { kind: 'col', name: row }, descending: false };
    const by = first.orderBy.map((o): SortKey => ({ expr: { kind: 'col', name: o.name }, descending: o.descending }));
    const sorted = this.externalSort(withRow, byRows ? [...by, place] : by, first.nullsLast);
    // along the key ranges, one or more: a range's runs are merged batch by batch
    const windowed = this.runningWindow(byRows ? { ...plan, calls: rowCalls } : plan, sorted, [...sorted.fields, ...fields.slice(input.fields.length)], types, 1, !byRows);
    if (windowed === null) throw new Error('internal: an ordered window found no key ranges to run along');
    const back = this.externalSort(windowed, [place], true);
    return this.addStage(back, { kind: 'project', exprs: fields.map((f) => ({ kind: 'col', name: f.name })), mode: 'select' }, fields);
  }

  private topK(plan: Extract<LogicalPlan, { kind: 'sort' }>, k: number, offset = 0): string {
    const input = this.stream(plan.input);
    const by: SortKey[] = plan.by.map((b) => ({ expr: b.expr, descending: b.descending }));
    const mode: GatherMode = { kind: 'sort', by, nullsLast: plan.nullsLast, limit: k, offset };
    return this.materialize(input, () => ({ kind: 'topk', fields: input.fields, by, nullsLast: plan.nullsLast, k }), 'top-k', mode);
  }

  /** What a map task may hold of rows of `fields`: 1/`part` of a worker's budget (at least 1 MiB), in bytes and in rows (~53 bytes a string, 9 any other value). */
  private taskShare(fields: readonly Field[], part = 4): { bytes: number; rows: number } {
    const bytes = Math.max(1 << 20, Math.floor(this.opts.memoryLimit / (part * Math.max(1, this.opts.concurrency))));
    return { bytes, rows: bytes / fields.reduce((n, f) => n + (f.dtype === 'string' ? 53 : 9), 0) };
  }

  /** Out-of-core sort: a stream of P parts, each one key range, in global order. */
  externalSort(input: Stream, by: SortKey[], nullsLast: boolean): Stream {
    const total = streamBytes(input);
    const p = this.reduceCount(total);
    const name = this.key('sort');
    // a map task cuts a run whenever it holds its share of the budget (a third per worker: the
    // rows are held once, in one array a column (sinks/run-buffer.ts); the rows' sort order and the
    // segment being taken from them come on top). A range task reads every segment that overlaps
    // its range, whole: a run has ~p segments or more, so that each range reads about its share of
    // each run, not all of it.
    const { bytes: runBytes, rows: runRows } = this.taskShare(input.fields, 3);
    const segmentRows = Math.max(1024, Math.min(16_384, Math.floor(runRows / p)));
    // the runs' segments, estimated from the CSV bytes, share a quarter of the budget
    const spill = this.spill(name, Math.max(1, Math.ceil(total / CSV_ROW_BYTES / segmentRows)));
    // a run holds its part's rows, or as many as its bytes hold (a string a 4-byte code: its
    // dictionary is counted once, not a row). The part's rows from its CSV bytes at 6 a field
    // or more: a guess too high sizes arrays no row fills (zeroed, in memory), one too low only
    // grows them as before
    const rowBytes = input.fields.reduce((n, f) => n + (f.dtype === 'string' ? 4 : 8), 0);
    const csvRowBytes = Math.max(CSV_ROW_BYTES, 6 * input.fields.length);
    const rowsHint = (i: number): number => Math.ceil(Math.min(runBytes / Math.max(1, rowBytes), input.parts[i].est / csvRowBytes));
    const { keys: maps, specs } = this.tasksOf(input, (i) => ({ kind: 'sortRun', fields: input.fields, by, nullsLast, segmentRows, sample: 64, spill, runBytes, rowsHint: rowsHint(i) }), 'sort-run');
    const barrier = this.graph.add({ key: this.key('sort-bounds'), group: 'exchange', op: OPS('sortBarrier'), args: [{ specs: stripRefs(specs), p, by, nullsLast }, maps.map((k) => ref(k))], local: true });
    this.stages.push(`sort: ${maps.length} sorted run(s) → range exchange into ${p} key range(s)`);
    const parts: Part[] = Array.from({ length: p }, (_, i) => exchanged({ kind: 'sorted', fields: input.fields, by, nullsLast, lo: ref(barrier, ['ranges', i, 'lo']), hi: ref(barrier, ['ranges', i, 'hi']), runs: ref(barrier, ['ranges', i, 'runs']) }, Math.ceil(total / p)));
    return { parts, fields: input.fields };
  }

  private join(plan: Extract<LogicalPlan, { kind: 'join' }>): Stream {
    const left = this.stream(plan.left);
    const before = this.graph.size;
    const right = this.stream(plan.right);
    if (plan.rereadsLeft === true) for (const t of this.graph.list().slice(before)) this.rereads.add(t.key);
    const layout = joinLayout(left.fields, right.fields, plan.rightOn, plan.how, plan.suffix, plan.rightOut);
    const spec: JoinSpec = { how: plan.how, leftOn: plan.leftOn, rightOn: plan.rightOn, fields: layout.fields, leftFields: left.fields, rightOut: layout.rightOut, ...(plan.nullsEqual === true ? { nullsEqual: true } : {}) };
    const rightBytes = streamBytes(right);
    const streaming = plan.how === 'inner' || plan.how === 'left' || plan.how === 'semi' || plan.how === 'anti';
    if (streaming && rightBytes <= Math.min(64 << 20, this.opts.memoryLimit / 8)) {
      const table = this.collectStream(right);
      this.stages.push(`join ${plan.how}: right side broadcast to ${left.parts.length} task(s)`);
      const stage = { kind: 'join', join: spec, buildFields: right.fields, build: ref(table, ['chunks']), buildKey: `${this.runId}/${table}` } as unknown as Stage;
      return this.addStage(left, stage, layout.fields);
    }
    const total = streamBytes(left) + rightBytes;
    const p = this.reduceCount(total);
    const lb = this.exchange(left, plan.leftOn, p, 'join-left');
    const rb = this.exchange(right, plan.rightOn, p, 'join-right');
    this.stages.push(`join ${plan.how}: ${p} bucket pair(s), build right, probe left`);
    const parts: Part[] = Array.from({ length: p }, (_, i) => exchanged({ kind: 'join', join: spec, probeFields: left.fields, probe: ref(lb, ['buckets', i]), buildFields: right.fields, build: ref(rb, ['buckets', i]) }, Math.ceil(total / p)));
    return { parts, fields: layout.fields };
  }

  private collectStream(s: Stream): string {
    if (s.parts.length === 1 && s.parts[0].local && s.parts[0].stages.length === 0) return (s.parts[0].input as unknown as { from: string }).from;
    return this.materialize(s, () => ({ kind: 'collect', fields: s.fields, limit: null }), 'collect', { kind: 'concat', limit: null });
  }
}

/** A worker task fed by earlier tasks' results (an exchange bucket, a join bucket pair, a key range): `est` bytes of rows. */
/**
 * The keys a map task's FirstPerKey filter may remember in its share of the budget (a key's ids,
 * table slots and count: ~64 bytes), from 64 k up to 4 M.
 */
function firstPerKeyGroups(shareBytes: number): number {
  return Math.max(65_536, Math.min(1 << 22, Math.floor(shareBytes / 64)));
}

function exchanged(input: object, est: number): Part {
  return { input: input as RefInput, scan: null, stages: [], bytes: 0, est, local: false };
}

function streamBytes(s: Stream): number {
  return s.parts.reduce((n, p) => n + p.est, 0);
}

/** Task specs for re-runs on the driver: only CSV tasks are ever re-run; the others' inputs are dropped. */
function stripRefs(specs: readonly TaskSpec[]): TaskSpec[] {
  return specs.map((s) => (s.input.kind === 'csv' || s.input.kind === 'sharedRanges' ? s : { ...s, input: { kind: 'rows', fields: [], chunks: [] }, stages: [] }));
}

export type { TaskRef };

/**
 * A CSV part whose stages are filters, scanning only the fields they and `calls` read (the other
 * fields skipped, not parsed): a running window's first read, which only sums up the calls'
 * inputs (kernels/running-window.ts fold). The same rows either way — a row's fields are counted
 * and bad lines skipped whatever is parsed — so each task's summary is the one its second read
 * goes on from. Any other part as it is.
 */
export function narrowedScan(p: Part, calls: readonly WindowCall[]): Part {
  if (p.scan === null || p.input.kind !== 'csv' || p.stages.some((s) => s.kind !== 'filter')) return p;
  const read = new Set<string>();
  for (const c of calls) if (c.arg !== null) read.add(c.arg);
  for (const s of p.stages) if (s.kind === 'filter') columnsOf(s.predicate, read);
  const reads = (f: ScanSpec['fields'][number]): boolean => read.has(f.name) || (f.parts ?? []).some((part) => read.has(partColumnName(f.name, part)));
  const fields = p.scan.fields.filter(reads);
  // a row number reads no field: the scan keeps one to count the rows by
  return { ...p, scan: { ...p.scan, fields: fields.length > 0 ? fields : p.scan.fields.slice(0, 1) } };
}
