/**
 * The fused task, run in a worker: read one input (a CSV byte range, an exchange bucket, a
 * join bucket, a sorted key range), push each batch through the row stages, and fold it into
 * the sink. Returns the sink's small result plus, for a CSV range, where its rows began and
 * where the next range's begin (see io/csv/read-partition.ts for why).
 *
 * Errors are returned, not thrown, while the range's first row is unverified: a range that
 * guessed its first row wrong can look malformed, and the driver re-runs it from the right
 * row before deciding whether the error is real.
 */
import { nullTokenBytes } from '../io/csv/dialect.js';
import { flushScanner, partitionScanner, readPartition, type PartitionRange } from '../io/csv/read-partition.js';
import type { Batch } from '../kernels/batch.js';
import type { RowScanner, ScanOutput } from '../io/csv/scan-rows.js';
import { errorToData, type ErrorData } from '@floe/scheduler';
import type { PartitionResult, PipelineSpec, ScanSpec, TaskInput, TaskSpec } from './pipeline-spec.js';
import { openPartition } from '../io/open-partition.js';
import { StageRunner } from './run-stages.js';
import { createSink } from './sinks/create-sink.js';
import { loadTaskLibraries } from './task-libraries.js';
import { plainColumns } from '../kernels/byte-strings.js';
import { readInput } from './task-input.js';

export interface PartitionTaskArgs {
  spec: PipelineSpec;
  range: PartitionRange;
  index: number;
}

export interface TaskArgs {
  spec: TaskSpec;
  index: number;
}

export interface PartitionOutput {
  index: number;
  /** Where this range's rows began, and where the next range's begin (-1: unknown). */
  firstRow: number;
  nextRow: number;
  rows: number;
  bytes: number;
  skipped: number;
  skippedLines: string[];
  result: PartitionResult | null;
  error: ErrorData | null;
  /** Of a task over shared ranges: each range it claimed, in the order it read them. */
  claimed?: ClaimedRange[];
}

/** One range a task claimed from a shared cursor, as it read it (a range's error stops the task). */
export interface ClaimedRange {
  /** Its index in the input's `ranges`. */
  range: number;
  firstRow: number;
  nextRow: number;
  skipped: number;
  skippedLines: string[];
  error: ErrorData | null;
}

/** A CSV partition task of a single-pipeline query. */
export async function runPartition(args: PartitionTaskArgs): Promise<PartitionOutput> {
  const task = csvTask(args);
  await loadTaskLibraries(task.spec);
  return runTaskSync(task);
}

/** A single-pipeline partition as a task over its CSV byte range. */
export function csvTask({ spec, range, index }: PartitionTaskArgs): TaskArgs {
  return { spec: { input: { kind: 'csv', range }, scan: spec.scan, stages: spec.stages, sink: spec.sink }, index };
}

/** Any task of the operator graph (a partition of a format other than CSV is read asynchronously). */
export async function runTask(args: TaskArgs): Promise<PartitionOutput> {
  await loadTaskLibraries(args.spec);
  return args.spec.input.kind === 'source' ? runSourceTask(args) : runTaskSync(args);
}

/** A task reading a partition through its format's reader (io/open-partition.ts). */
async function runSourceTask(args: TaskArgs): Promise<PartitionOutput> {
  const { spec, index } = args;
  const input = spec.input as Extract<TaskInput, { kind: 'source' }>;
  const sink = createSink(spec.sink, index);
  const stages = new StageRunner(spec.stages);
  try {
    const r = await openPartition(input.format, input.partition, (b) => stages.runEach(b, (o) => sink.push(o)));
    stages.finish((o) => sink.push(o));
    return { index, firstRow: 0, nextRow: 0, rows: r.rows, bytes: r.bytes, skipped: r.skipped ?? 0, skippedLines: r.skippedLines ?? [], result: plainColumns(sink.finish()), error: null };
  } catch (err) {
    sink.abort();
    return { index, firstRow: 0, nextRow: 0, rows: 0, bytes: 0, skipped: 0, skippedLines: [], result: null, error: errorToData(err) };
  }
}

/** A task whose input is a CSV byte range or rows already in chunks. */
export function runTaskSync(args: TaskArgs): PartitionOutput {
  const { spec, index } = args;
  if (spec.input.kind === 'source') throw new Error('internal: a source partition is read asynchronously');
  const sink = createSink(spec.sink, index);
  const stages = new StageRunner(spec.stages);
  if (spec.input.kind === 'sharedRanges') return readSharedRanges(spec.input, spec.scan!, index, sink, stages);
  const bytes = spec.input.kind === 'csv' ? spec.input.range.end - spec.input.range.start : 0;
  const at = { firstRow: -1 };
  try {
    const push = (b: Batch): boolean => stages.runEach(b, (o) => sink.push(o));
    if (spec.input.kind === 'csv') {
      const r = readPartition(spec.input.range, scanOptions(spec.scan!), csvBatches(push), at);
      stages.finish((o) => sink.push(o));
      return { index, firstRow: r.firstRow, nextRow: r.nextRow, rows: r.rows, bytes: r.bytes, skipped: r.skipped, skippedLines: r.skippedLines, result: plainColumns(sink.finish()), error: null };
    }
    const r = readInput(spec.input, push);
    stages.finish((o) => sink.push(o));
    return { index, firstRow: 0, nextRow: 0, rows: r.rows, bytes, skipped: 0, skippedLines: [], result: plainColumns(sink.finish()), error: null };
  } catch (err) {
    sink.abort();
    // nextRow -1: a CSV range's error may come from a wrong first-row guess; other inputs have none to guess
    return { index, firstRow: at.firstRow, nextRow: spec.input.kind === 'csv' ? -1 : 0, rows: 0, bytes, skipped: 0, skippedLines: [], result: null, error: errorToData(err) };
  }
}

/** A CSV task's scan options: its spec, with the null spellings as bytes. */
function scanOptions(scan: ScanSpec): ScanSpec & { nullTokens: readonly Uint8Array[] } {
  return { ...scan, nullTokens: nullTokenBytes(scan.nullValues) };
}

/** The scanner's columns handed to `push` as a batch. */
function csvBatches(push: (b: Batch) => boolean): (cols: ScanOutput[], n: number) => boolean {
  return (cols, n) => push({ length: n, columns: new Map(cols.map((c) => [c.name, c.column])), scratch: true });
}

/**
 * A task over shared ranges: claims the next range from the cursor until none is left, reading
 * each into the one sink, so that a thread that runs slower (a busy core) reads fewer of them
 * and the stage's tasks end together. Each range's first row is a guess, as for any CSV range:
 * the driver checks them all (physical/shared-ranges.ts). A range that fails moves the cursor
 * to the end, so the other tasks stop after the range they are reading.
 */
function readSharedRanges(input: Extract<TaskInput, { kind: 'sharedRanges' }>, scanSpec: ScanSpec, index: number, sink: ReturnType<typeof createSink>, stages: StageRunner): PartitionOutput {
  const { ranges } = input;
  const push = (b: Batch): boolean => stages.runEach(b, (o) => sink.push(o));
  const cursor = new Int32Array(input.cursor);
  const scan = scanOptions(scanSpec);
  const onBatch = csvBatches(push);
  const claimed: ClaimedRange[] = [];
  let rows = 0;
  let bytes = 0;
  let scanner: RowScanner | undefined;
  for (let k = Atomics.add(cursor, 0, 1); k < ranges.length; k = Atomics.add(cursor, 0, 1)) {
    const at = { firstRow: -1 };
    try {
      scanner ??= partitionScanner(scan);
      const r = readPartition(ranges[k], scan, onBatch, at, scanner);
      claimed.push({ range: k, firstRow: r.firstRow, nextRow: r.nextRow, skipped: r.skipped, skippedLines: r.skippedLines, error: null });
      rows += r.rows;
      bytes += r.bytes;
    } catch (err) {
      Atomics.store(cursor, 0, ranges.length);
      scanner?.release();
      sink.abort();
      const error = errorToData(err);
      claimed.push({ range: k, firstRow: at.firstRow, nextRow: -1, skipped: 0, skippedLines: [], error });
      // nextRow -1: whether the error is real is known only once the driver has checked the ranges' first rows
      return { index, firstRow: -1, nextRow: -1, rows, bytes, skipped: 0, skippedLines: [], result: null, error, claimed };
    }
  }
  try {
    if (scanner) flushScanner(scanner, onBatch);
  } catch (err) {
    sink.abort();
    // the last rows' ranges are checked first: the driver reads them again, and a real error recurs there
    return { index, firstRow: -1, nextRow: -1, rows, bytes, skipped: 0, skippedLines: [], result: null, error: errorToData(err), claimed };
  } finally {
    scanner?.release();
  }
  // rows skipped by onBadLines are counted per range, from the ranges the driver keeps
  stages.finish((o) => sink.push(o));
  return { index, firstRow: 0, nextRow: 0, rows, bytes, skipped: 0, skippedLines: [], result: plainColumns(sink.finish()), error: null, claimed };
}
