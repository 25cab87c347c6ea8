/**
 * The per-partition pipeline as plain data: what to scan, which row stages to apply, and
 * where the rows go (a partial aggregate, collected rows, or a CSV file). One task runs one
 * pipeline over one partition (scan → filter → project → partial aggregate, fused).
 */
import type { ScanFieldSpec } from '../io/csv/scan-rows.js';
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
  batchRows: number;
}

export type Stage =
  | { kind: 'filter'; predicate: ExprNode }
  | { kind: 'project'; exprs: ExprNode[]; mode: 'select' | 'with' };

export interface AggCall extends AggSpec {
  /** Row expression aggregated (null for size / count(*)). */
  arg: ExprNode | null;
}

export type Sink =
  | { kind: 'aggregate'; keys: ExprNode[]; keyTypes: DType[]; calls: AggCall[]; keepNullKeys: boolean }
  | { kind: 'collect'; fields: Field[]; limit: number | null }
  /** Files are written into `tmpDir` (inside `dir`) and moved into `dir` only when every partition succeeded. */
  | { kind: 'write'; fields: Field[]; dir: string; tmpDir: string; delimiter: string };

export interface PipelineSpec {
  scan: ScanSpec;
  stages: Stage[];
  sink: Sink;
}

export interface PartialAggregate {
  kind: 'aggregate';
  ngroups: number;
  keys: Column[];
  states: AggState[];
}

export interface CollectedRows {
  kind: 'collect';
  length: number;
  columns: Column[];
}

export interface WrittenFile {
  kind: 'write';
  tmpPath: string;
  path: string;
  rows: number;
}

export type PartitionResult = PartialAggregate | CollectedRows | WrittenFile;
