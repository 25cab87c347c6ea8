/**
 * The logical plan: what to compute, as plain data. Built by the api, rewritten by the
 * optimizer, lowered to tasks by physical/.
 */
import type { CsvSource } from '../io/csv/infer-schema.js';
import type { DtField, ExprNode } from './expr-node.js';

export interface ScanNode {
  kind: 'scan';
  source: CsvSource;
  blocksize: number;
  /** Columns to materialize (projection pushdown); null = all. */
  columns: string[] | null;
  /** Calendar parts taken straight from a timestamp column's digits (dt-field pushdown). */
  parts: Record<string, DtField[]>;
}

export interface FilterNode { kind: 'filter'; input: LogicalPlan; predicate: ExprNode }

/** `select` keeps only `exprs`; `with` keeps every input column and adds or replaces `exprs`. */
export interface ProjectNode { kind: 'project'; input: LogicalPlan; exprs: ExprNode[]; mode: 'select' | 'with' }

export interface AggregateNode {
  kind: 'aggregate';
  input: LogicalPlan;
  keys: ExprNode[];
  /** Output expressions; each contains aggregate calls (`agg` nodes) over row expressions. */
  aggs: ExprNode[];
  keepNullKeys: boolean;
}

export interface SortNode { kind: 'sort'; input: LogicalPlan; by: { expr: ExprNode; descending: boolean }[]; nullsLast: boolean }

export interface LimitNode { kind: 'limit'; input: LogicalPlan; n: number }

export type LogicalPlan = ScanNode | FilterNode | ProjectNode | AggregateNode | SortNode | LimitNode;

/** Name of the scan output holding a calendar part of a timestamp column (dt-field pushdown). */
export function partColumnName(column: string, part: DtField): string {
  return `${column}::${part}`;
}
