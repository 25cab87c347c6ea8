/**
 * The per-partition pipeline as plain data: what to scan, which row stages to apply, and
 * where the rows go (a partial aggregate, collected rows, or a CSV file). One task runs one
 * pipeline over one partition (scan → filter → project → partial aggregate, fused).
 */
import type { PackedStrings } from '../kernels/string-bytes.js';
import type { CsvLines } from '../io/csv/csv-encoder.js';
import type { CsvDialect } from '../io/csv/dialect.js';
import type { WriteFormatName } from '../io/part-writer.js';
import type { ScanFieldSpec } from '../io/csv/scan-rows.js';
import type { PartitionRange } from '../io/csv/read-partition.js';
import type { JoinSpec } from '../kernels/hash-join.js';
import type { KeyTuple } from '../kernels/sort.js';
import type { WindowSpec } from '../kernels/window.js';
import type { RunningCarry } from '../kernels/running-window.js';
import type { WindowCall } from '../plan/logical-plan.js';
import type { SortedAggregateSpec } from './sorted-aggregate.js';
import type { RowChunk, SpillSpec, StateChunk } from './row-chunk.js';
import type { AggSpec, AggState } from '../kernels/aggregates.js';
import type { Column } from '../kernels/column.js';
import type { ExprNode } from '../plan/expr-node.js';
import type { DType, Field } from '../types/dtype.js';

export interface ScanSpec {
  nFields: number;
  fields: ScanFieldSpec[];
  delimiter: number;
  nullValues: string[];
  dateErrorsNull: boolean;
  skipBadLines: boolean;
  lossyUtf8: boolean;
  /** Columns in a user date format: name → dayjs format. */
  dateFormats: Record<string, string>;
  dialect: CsvDialect;
  padShortRows: boolean;
  batchRows: number;
}

export type Stage =
  | { kind: 'filter'; predicate: ExprNode }
  | { kind: 'project'; exprs: ExprNode[]; mode: 'select' | 'with' }
  /**
   * Probe a small build side broadcast to every task (inner/left/semi/anti joins). `buildKey`:
   * the collected build side's task key in this run (the run's own id before it: task keys
   * repeat from query to query), so that a thread builds its hash table once for all the tasks
   * of the run it runs (run-stages.ts).
   */
  | { kind: 'join'; join: JoinSpec; buildFields: Field[]; build: RowChunk[]; buildKey?: string }
  /**
   * A window over no partition that runs along the rows (kernels/running-window.ts): a column a
   * call, from `carry` — what the tasks before this one summed up (null: the first). `sorted`: the
   * rows come in the calls' order, each peer group in one task (ranks, running aggregates to the
   * last peer: runsAlongPeers).
   */
  | { kind: 'runningWindow'; calls: WindowCall[]; types: DType[]; carry: RunningCarry | null; sorted?: true }
  /**
   * A column `name` of each row's place in the input: `base` (the part's, past every row of the
   * parts before it) plus the row's number in the task from 0 — int64 values in doubles.
   */
  | { kind: 'rowId'; name: string; base: number };

export interface SortKey { expr: ExprNode; descending: boolean }

/**
 * `sort(by).groupBy(keys).head(n)` on the map side of its exchange: each task keeps only the
 * first n rows of each key in the sort order (kernels/group-top.ts) before splitting them.
 */
export interface GroupTopSpec {
  keys: string[];
  keyTypes: DType[];
  keepNullKeys: boolean;
  by: SortKey[];
  nullsLast: boolean;
  n: number;
  /** Rows a task buffers before it cuts them back (the first time; then twice what a cut kept). */
  cutRows: number;
}

/** A map task of `unique` / `groupBy(keys).head(n)` keeps only the first n rows of each key (kernels/first-per-key.ts). */
export interface FirstPerKeySpec {
  keys: string[];
  keyTypes: DType[];
  keepNullKeys: boolean;
  n: number;
  /** Keys remembered at most (then forgotten, or the filter gives up). */
  maxGroups: number;
}

/** Where a task's rows come from (a CSV byte range unless said otherwise). */
export type TaskInput =
  | { kind: 'csv'; range: PartitionRange }
  /**
   * CSV byte ranges that the stage's tasks claim in turn from a cursor they share (the first
   * Int32 of `cursor`, a SharedArrayBuffer: only a local pool's threads share it), each task
   * reading what it claims into its one sink; physical/shared-ranges.ts.
   */
  | { kind: 'sharedRanges'; ranges: PartitionRange[]; cursor: SharedArrayBuffer }
  /** A partition of another format, opened by its reader (io/open-partition.ts). */
  | { kind: 'source'; format: string; partition: unknown }
  /** Rows already in chunks (an exchange bucket, or a result on the driver), read in order. */
  | { kind: 'rows'; fields: Field[]; chunks: RowChunk[] }
  /** One bucket of a partitioned hash join: build from the right's chunks, probe with the left's. */
  | { kind: 'join'; join: JoinSpec; probeFields: Field[]; probe: RowChunk[]; buildFields: Field[]; build: RowChunk[] }
  /**
   * One key range of an external sort: the overlapping segments of every run, merged in order;
   * with `aggregate`, grouped by the sort's keys as they arrive (the range's groups are the rows).
   */
  | { kind: 'sorted'; fields: Field[]; by: SortKey[]; nullsLast: boolean; lo: KeyTuple | null; hi: KeyTuple | null; runs: { chunks: RowChunk[] }[]; aggregate?: SortedAggregateSpec }
  /** One bucket of a window's hash exchange (every row of a partition): sorted and its calls computed whole (kernels/window.ts), rows of `outFields`. */
  | { kind: 'window'; fields: Field[]; chunks: RowChunk[]; window: WindowSpec; outFields: Field[] };

export interface AggCall extends AggSpec {
  /** Row expression aggregated (null for size / count(*)). */
  arg: ExprNode | null;
  /** Second input of a two-input aggregate (corr). */
  arg2?: ExprNode | null;
}

export type Sink =
  /**
   * `partitions.expectedGroups`: the groups a map task's partial is expected to hold (the sample's
   * estimate, when each task's partial holds every group): its table and states are sized for them.
   */
  | { kind: 'aggregate'; keys: ExprNode[]; keyTypes: DType[]; calls: AggCall[]; keepNullKeys: boolean; partitions?: { p: number; spill: SpillSpec; maxGroups: number; expectedGroups?: number } }
  /** Hash exchange (map side): rows to p buckets by key. */
  /** `top`: rows first cut to the first n per key in a sort order; `first`: to the first n per key in input order (FirstPerKeySpec). */
  | { kind: 'partition'; fields: Field[]; keys: string[]; p: number; spill: SpillSpec; top?: GroupTopSpec; first?: FirstPerKeySpec }
  /** External sort (map side): sorted runs in segments, with a key sample; a run is cut whenever `runBytes` of rows are buffered. `rowsHint`: the rows a run is expected to hold (sizes its buffer, sinks/run-buffer.ts). */
  | { kind: 'sortRun'; fields: Field[]; by: SortKey[]; nullsLast: boolean; segmentRows: number; sample: number; spill: SpillSpec; runBytes?: number; rowsHint?: number }
  /** The first k rows in sort order. */
  | { kind: 'topk'; fields: Field[]; by: SortKey[]; nullsLast: boolean; k: number }
  /** The first n rows of each key, sorted by key. */
  /** `run`: the kept rows as one sorted run for `ranges` key ranges (a result written to files), not rows to the driver. */
  | { kind: 'groupHead'; fields: Field[]; keys: ExprNode[]; keyTypes: DType[]; n: number; keepNullKeys: boolean; order?: { by: SortKey[]; nullsLast: boolean }; run?: { segmentRows: number; sample: number; spill: SpillSpec; ranges: number } }
  | { kind: 'collect'; fields: Field[]; limit: number | null }
  /** What a task's rows carry to a running window's later tasks (kernels/running-window.ts). */
  | { kind: 'windowCarry'; calls: WindowCall[]; types: DType[]; sorted?: true }
  /** Files are written into `tmpDir` (inside `dir`) and moved into `dir` only when every partition succeeded. */
  | { kind: 'write'; format: WriteFormatName; fields: Field[]; dir: string; tmpDir: string; delimiter: string };

export interface PipelineSpec {
  scan: ScanSpec;
  stages: Stage[];
  sink: Sink;
}

/** A task of the operator graph: any input, fused row stages, any sink. (CSV inputs also need `scan`.) */
export interface TaskSpec {
  input: TaskInput;
  scan: ScanSpec | null;
  stages: Stage[];
  sink: Sink;
}

export interface PartialAggregate {
  kind: 'aggregate';
  ngroups: number;
  keys: Column[];
  states: AggState[];
  /** A piece on its way to a reduce task: string key k's dictionary as bytes (packed-partial.ts; its column's `dict` is left out). */
  packed?: (PackedStrings | null)[];
}

export interface CollectedRows {
  kind: 'collect';
  length: number;
  columns: Column[];
  /** The rows as CSV lines too (a reduce task's groups, for gather's 'csvMerge': `columns` are then only the key columns). */
  csv?: CsvLines;
}

export interface WrittenFile {
  kind: 'write';
  tmpPath: string;
  path: string;
  rows: number;
}

export interface SplitAggregate {
  kind: 'aggregate-split';
  /** buckets[i]: the task's pieces of bucket i, in row order. */
  buckets: StateChunk<PartialAggregate>[][];
}

export interface PartitionedRows {
  kind: 'partitioned';
  buckets: RowChunk[];
}

/** One task's sorted runs: `segments` lists each run's segments in key order, run after run. */
export interface SortRun {
  kind: 'sortRun';
  length: number;
  segments: { chunk: RowChunk; first: KeyTuple; last: KeyTuple }[];
  sample: KeyTuple[];
}

/** A task's rows summed up for a running window (the 'windowCarry' sink). */
export interface WindowSummary {
  kind: 'windowCarry';
  carry: RunningCarry;
}

export type PartitionResult = PartialAggregate | CollectedRows | WrittenFile | SplitAggregate | PartitionedRows | SortRun | WindowSummary;
