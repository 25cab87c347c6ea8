/**
 * The lazy DataFrame: each verb returns a new DataFrame over a bigger logical plan; nothing
 * is read until compute(), head(), count() or writeCsv().
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { csvHeader, formatCsvRows } from '../io/csv/write-csv.js';
import { join, resolve as resolvePath } from 'node:path';
import type { LogicalPlan, ScanNode } from '../plan/logical-plan.js';
import { expandWildcards, schemaOf } from '../plan/resolve.js';
import { explainPlan } from '../plan/explain.js';
import { optimize } from '../optimizer/optimize.js';
import { collect, runWithWidening, type ComputeOptions } from '../physical/execute.js';
import type { Sink } from '../physical/pipeline-spec.js';
import { planPartitions } from '../io/csv/partitions.js';
import { isNumeric, type Field } from '../types/dtype.js';
import type { Table } from '../table/table.js';
import { col, toExprNodes, type Expr } from './expr.js';
import { GroupBy } from './group-by.js';
import { queryToDot, visualizeQuery } from './visualize.js';
import type { VisualizeTarget } from '@floe/scheduler';

export interface WriteCsvOptions extends ComputeOptions {
  delimiter?: string;
}

export interface WriteCsvResult {
  files: string[];
  rows: number;
  /** Input rows dropped by `onBadLines: 'skip' | 'warn'`. */
  skippedRows: number;
}

export class DataFrame {
  constructor(readonly plan: LogicalPlan) {}

  /** Columns and their types (no data is read). */
  get schema(): Field[] {
    return schemaOf(this.plan);
  }

  get columns(): string[] {
    return this.schema.map((f) => f.name);
  }

  /** The input files (absolute paths) and their sizes in bytes. */
  get files(): { path: string; size: number }[] {
    return findScan(this.plan).source.files.map((f) => ({ path: f.path, size: f.size }));
  }

  /** Bytes per partition. */
  get blocksize(): number {
    return findScan(this.plan).blocksize;
  }

  /** How many partitions (tasks) the input is split into. */
  get npartitions(): number {
    const scan = findScan(this.plan);
    return planPartitions(scan.source.files, scan.blocksize).length;
  }

  select(...exprs: (Expr | string)[]): DataFrame {
    if (exprs.length === 0) throw new TypeError('select() needs at least one column or expression');
    return this.with({ kind: 'project', input: this.plan, exprs: expandWildcards(toExprNodes(exprs), this.schema), mode: 'select' });
  }

  withColumns(...exprs: Expr[]): DataFrame {
    return this.with({ kind: 'project', input: this.plan, exprs: toExprNodes(exprs), mode: 'with' });
  }

  filter(predicate: Expr): DataFrame {
    return this.with({ kind: 'filter', input: this.plan, predicate: predicate.node });
  }

  /** Groups by columns or expressions; then `.agg(...)`, `.sum()`, `.mean()`, … */
  groupBy(...keys: (Expr | string)[]): GroupBy {
    if (keys.length === 0) throw new TypeError('groupBy() needs at least one key');
    return new GroupBy(this, toExprNodes(keys));
  }

  /** Whole-frame aggregation: `df.agg(col('x').sum(), col('*').count())`. */
  agg(...aggs: Expr[]): DataFrame {
    return new GroupBy(this, []).agg(...aggs);
  }

  sum(): DataFrame { return this.allNumeric('sum'); }
  mean(): DataFrame { return this.allNumeric('mean'); }
  min(): DataFrame { return this.allNumeric('min'); }
  max(): DataFrame { return this.allNumeric('max'); }
  std(): DataFrame { return this.allNumeric('std'); }
  var(): DataFrame { return this.allNumeric('var'); }

  /** Number of rows (after any filter). */
  async count(opts: ComputeOptions = {}): Promise<number> {
    const t = await this.agg(col('*').count().alias('count')).compute(opts);
    return Number(t.column('count').get(0));
  }

  sort(by: string | Expr | (string | Expr)[], options: { descending?: boolean | boolean[]; nullsLast?: boolean } = {}): DataFrame {
    const list = toExprNodes(Array.isArray(by) ? by : [by]);
    const desc = options.descending;
    return this.with({
      kind: 'sort',
      input: this.plan,
      by: list.map((expr, i) => ({ expr, descending: Array.isArray(desc) ? desc[i] ?? false : desc ?? false })),
      nullsLast: options.nullsLast ?? true,
    });
  }

  limit(n: number): DataFrame {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`limit needs a non-negative integer, got ${n}`);
    return this.with({ kind: 'limit', input: this.plan, n });
  }

  /** The first n rows, reading only as much of the input as it takes. */
  head(n = 5, opts: ComputeOptions = {}): Promise<Table> {
    return this.limit(n).compute(opts);
  }

  compute(opts: ComputeOptions = {}): Promise<Table> {
    return collect(this.plan, opts);
  }

  /** A picture of the task graph (partition tasks with their fused stages, and the combine step): SVG text, written to `target.path` or a `.svg` path if given. */
  visualize(target: VisualizeTarget = { format: 'svg' }): Promise<string> {
    return visualizeQuery(this.plan, target);
  }

  /** The task graph in Graphviz DOT. */
  toDot(): string {
    return queryToDot(this.plan);
  }

  /** The optimized plan, as text. */
  explain(): string {
    return explainPlan(optimize(this.plan));
  }

  /**
   * Streams the rows to `dir/part-NNNNN.csv`, one file per input partition, without holding
   * them in memory. Files are written under temporary names and renamed only when every
   * partition succeeded; on failure no partial file is left.
   */
  async writeCsv(dir: string, opts: WriteCsvOptions = {}): Promise<WriteCsvResult> {
    const target = resolvePath(dir);
    mkdirSync(target, { recursive: true });
    const tmpDir = join(target, `.floe-tmp-${process.pid}-${Date.now().toString(36)}`);
    const delimiter = opts.delimiter ?? ',';
    const sink = (fields: Field[]): Sink => ({ kind: 'write', fields, dir: target, tmpDir, delimiter });
    if (needsWholeResult(this.plan)) {
      // aggregates, sorts and limits are small: compute, then write one file
      return writeTable(await this.compute(opts), target, delimiter);
    }
    const { combined } = await runWithWidening(this.plan, opts, sink);
    if (combined.kind !== 'write') throw new Error('internal: expected written files');
    return { files: combined.files, rows: combined.rows, skippedRows: combined.skipped };
  }

  toString(): string {
    return `DataFrame[${this.schema.map((f) => `${f.name}: ${f.dtype}`).join(', ')}]`;
  }

  private with(plan: LogicalPlan): DataFrame {
    const df = new DataFrame(plan);
    df.schema; // check now, so a mistake is reported where it was made
    return df;
  }

  private allNumeric(fn: 'sum' | 'mean' | 'min' | 'max' | 'std' | 'var'): DataFrame {
    return new GroupBy(this, []).allNumeric(fn);
  }
}

function writeTable(t: Table, dir: string, delimiter: string): WriteCsvResult {
  const path = `${dir}/part-00000.csv`;
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, csvHeader(t.schema, delimiter) + (t.numRows > 0 ? formatCsvRows(t.columns, t.numRows, delimiter) : ''));
  renameSync(tmp, path);
  return { files: [path], rows: t.numRows, skippedRows: t.skippedRows };
}

/** An aggregate, sort or limit: the rows only exist once every partition is combined. */
function needsWholeResult(plan: LogicalPlan): boolean {
  return plan.kind !== 'scan' && (plan.kind === 'aggregate' || plan.kind === 'sort' || plan.kind === 'limit' || needsWholeResult(plan.input));
}

export function findScan(plan: LogicalPlan): ScanNode {
  return plan.kind === 'scan' ? plan : findScan(plan.input);
}

export function numericColumns(schema: readonly Field[], exclude: ReadonlySet<string>): string[] {
  return schema.filter((f) => isNumeric(f.dtype) && !exclude.has(f.name)).map((f) => f.name);
}

