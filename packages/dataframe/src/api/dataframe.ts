/**
 * The lazy DataFrame: each verb returns a new DataFrame over a bigger logical plan; nothing
 * is read until compute(), head(), count() or writeCsv().
 */
import { localPath } from '../io/csv/list-files.js';
import { rmdirSync } from 'node:fs';
import { makeDirs } from '../io/make-dirs.js';
import { loadWriteFormat, partFileName, refuseInputFolder, writeFormat, type WriteFormatName } from '../io/part-writer.js';
import { commitWrites } from '../physical/gather.js';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { scanRequest, scansOf, type JoinHow, type LogicalPlan, type ScanNode } from '../plan/logical-plan.js';
import { expandWildcards, schemaOf } from '../plan/resolve.js';
import { explainPlan } from '../plan/explain.js';
import { shallowExpr } from '../plan/shallow-expr.js';
import { optimize } from '../optimizer/optimize.js';
import { collect, needsOperatorGraph, runGraphWithWidening, runWithWidening, type ComputeOptions } from '../physical/execute.js';
import type { Sink, WrittenFile } from '../physical/pipeline-spec.js';
import { sourceOf } from '../io/source.js';
import { isNumeric, type DType, type Field } from '../types/dtype.js';
import type { CellValue, Table } from '../table/table.js';
import type { ExprNode, FillStrategy } from '../plan/expr-node.js';
import { closestName } from '../plan/closest-name.js';
import { col, expectExpr, Expr, toExprNodes, type ColumnsArg, type ExprLike } from './expr.js';
import { describeFrame, type DescribeOptions } from './describe.js';
import { checkOptions, checkRunOptions, describeValue, rowCount, runOptions } from './check-options.js';
import { planScalars, resolveScalars } from './scalar-subquery.js';
import { planWindows } from './window-plan.js';
import { createTempDir, removeTempDir } from '../io/temp-dir.js';
import { GroupBy, groupByOptions, type GroupByOptions } from './group-by.js';
import { toBatches, type ToBatchesOptions } from './to-batches.js';
import type { RecordBatch } from 'apache-arrow';
import type { PersistedFrame } from './persist.js';
import { queryToDot, visualizeQuery } from './visualize.js';
import { buildOperatorGraph } from '../physical/run-operator-graph.js';
import { defaultConcurrency, planWeight } from '../physical/default-executor.js';

import { getCurrentClient, type VisualizeTarget } from '@floe/scheduler';

export interface JoinOptions {
  /** Key column(s) with the same name on both sides. */
  on?: string | string[];
  leftOn?: string | string[];
  rightOn?: string | string[];
  /** inner (default), left, right, outer (or full, Polars' name), semi (left rows with a match), anti (left rows without). */
  how?: JoinHow | 'full';
  /** Appended to a right column whose name the left already has (default `_right`). */
  suffix?: string;
}

export interface SortOptions {
  descending?: boolean | boolean[];
  /** Nulls after every value (default true). */
  nullsLast?: boolean;
  /** Nulls before every value (the same as nullsLast: false). */
  nullsFirst?: boolean;
}

export interface WriteCsvOptions extends ComputeOptions {
  delimiter?: string;
}

export interface WriteCsvResult {
  files: string[];
  rows: number;
  /** The rows of each of `files`, in order. */
  partRows: number[];
  /** Input rows dropped by `onBadLines: 'skip' | 'warn'`. */
  skippedRows: number;
}

export class DataFrame {
  constructor(readonly plan: LogicalPlan) {}

  /** Columns and their types (no data is read). */
  get schema(): Field[] {
    return schemaOf(this.plan);
  }

  /** Column names, in order (no data is read). */
  get columns(): string[] {
    return this.schema.map((f) => f.name);
  }

  /** Column name → dtype, in column order (no data is read). */
  get dtypes(): Record<string, DType> {
    const out: Record<string, DType> = Object.create(null) as Record<string, DType>;
    for (const f of this.schema) out[f.name] = f.dtype;
    return out;
  }

  /**
   * Why columns read from CSV are text: column → the value that made it a string (with its
   * file and line), or that the files had no data rows to infer a type from. For messages.
   */
  get typeNotes(): Readonly<Record<string, string>> {
    const out = Object.create(null) as Record<string, string>;
    for (const s of scansOf(this.plan)) for (const [k, v] of Object.entries(s.source.typeNotes ?? {})) out[k] ??= v;
    return out;
  }

  /** The input files (absolute paths) and their sizes in bytes. */
  get files(): { path: string; size: number }[] {
    return scansOf(this.plan).flatMap((s) => s.source.files.map((f) => ({ path: f.path, size: f.size })));
  }

  /** Bytes per partition. */
  get blocksize(): number {
    return findScan(this.plan).blocksize;
  }

  /** How many partitions (tasks) the input is split into. */
  get npartitions(): number {
    return scansOf(this.plan).reduce((n, scan) => n + sourceOf(scan.source).plan(scan.source, scanRequest(scan, null)).length, 0);
  }

  /** Columns or expressions, as arguments or arrays: `select('a', col('b').mul(2))`, `select(['a', 'b'])`. */
  select(...exprs: ColumnsArg[]): DataFrame {
    const nodes = toExprNodes(exprs);
    if (nodes.length === 0) throw new TypeError('select() needs at least one column or expression');
    const planned = planScalars(expandWildcards(nodes, this.schema), this.plan);
    const windows = planWindows(planned, this.plan, true);
    if (windows !== null) return this.with({ kind: 'project', input: windows.input, exprs: windows.exprs, mode: 'select' });
    return this.with({ kind: 'project', input: this.plan, exprs: planned, mode: 'select' });
  }

  withColumns(...exprs: (Expr | readonly Expr[] | Readonly<Record<string, Expr>>)[]): DataFrame {
    const nodes = planScalars(toExprNodes(exprs), this.plan);
    const windows = planWindows(nodes, this.plan, true);
    if (windows === null) return this.with({ kind: 'project', input: this.plan, exprs: nodes, mode: 'with' });
    return this.withoutHidden({ kind: 'project', input: windows.input, exprs: windows.exprs, mode: 'with' }, windows.hidden);
  }

  /** Every column except these (an unknown name is an error, with a suggestion). */
  drop(...names: (string | readonly string[])[]): DataFrame {
    const gone = new Set<string>();
    for (const n of names.flat()) {
      if (typeof n !== 'string') throw new TypeError(`drop() takes column names, got ${String(n)}`);
      this.checkName('drop', n);
      gone.add(n);
    }
    const keep = this.columns.filter((c) => !gone.has(c));
    if (keep.length === 0) throw new TypeError('drop() would remove every column');
    return this.select(keep);
  }

  /** Renames columns: `rename({ old: 'new' })`; other columns keep their names and order. */
  rename(mapping: Record<string, string>): DataFrame {
    if (mapping === null || typeof mapping !== 'object' || Array.isArray(mapping)) throw new TypeError("rename() takes an object { oldName: 'newName' }");
    const entries = Object.entries(mapping);
    for (const [from, to] of entries) {
      this.checkName('rename', from);
      if (typeof to !== 'string' || to === '') throw new TypeError(`rename(): the new name of ${JSON.stringify(from)} must be a non-empty string`);
    }
    const names = new Map(entries);
    return this.select(this.columns.map((c) => (names.has(c) ? col(c).alias(names.get(c)!) : col(c))));
  }

  /**
   * Replaces nulls in every column the value fits (numbers: numeric columns, strings: string
   * columns, …), or by a strategy: 'mean' | 'zero' fill numeric columns, 'min' | 'max' every
   * numeric, temporal and string column (computed over the whole frame by a first pass).
   */
  fillNull(value: ExprLike | { strategy: FillStrategy }): DataFrame {
    const fits = fillTarget(value);
    const exprs = this.schema.filter((f) => fits(f.dtype)).map((f) => col(f.name).fillNull(value));
    if (exprs.length === 0) throw new TypeError(`fillNull(${JSON.stringify(value)}): no column of a fitting type; columns: ${this.schema.map((f) => `${f.name} (${f.dtype})`).join(', ')}`);
    return this.withColumns(exprs);
  }

  filter(predicate: Expr): DataFrame {
    const p = expectExpr(predicate, 'filter()');
    const node = shallowExpr(planScalars([p.node], this.plan)[0]);
    // filter(col('v').rank().over('k').lte(3)): the window's columns, then the filter (SQL's QUALIFY)
    const windows = planWindows([node], this.plan, false);
    if (windows === null) return this.with({ kind: 'filter', input: this.plan, predicate: node });
    return this.withoutHidden({ kind: 'filter', input: windows.input, predicate: windows.exprs[0] }, windows.hidden);
  }

  /**
   * Groups by columns or expressions (as arguments or an array); then `.agg(...)`, `.sum()`,
   * `.mean()`, … A last argument `{ keepNullKeys: true }` keeps null keys as a group (pandas'
   * `dropna=False`), the same as `.withOptions(...)`.
   */
  groupBy(...args: (ColumnsArg | GroupByOptions)[]): GroupBy {
    const last = args.at(-1);
    const options = isPlainObject(last) ? groupByOptions(last) : undefined;
    const keys = (options ? args.slice(0, -1) : args) as ColumnsArg[];
    const nodes = toExprNodes(keys, 'a key');
    if (nodes.length === 0) throw new TypeError('groupBy() needs at least one key');
    return new GroupBy(this, nodes, options);
  }

  /** Whole-frame aggregation: `df.agg(col('x').sum(), col('*').count())`. */
  agg(...aggs: (Expr | readonly Expr[] | Readonly<Record<string, Expr>>)[]): DataFrame {
    return new GroupBy(this, []).agg(...aggs);
  }

  /**
   * Summary statistics, one column per input column (pandas/Polars layout): count, nulls, mean,
   * std, min, 25%, 50%, 75%, max. Exact percentiles hold the numeric columns in memory.
   */
  describe(options: DescribeOptions & ComputeOptions = {}): Promise<Table> {
    checkRunOptions('describe()', options, ['percentiles', 'maxBytes']);
    return describeFrame(this, options);
  }

  sum(): DataFrame { return this.allNumeric('sum'); }
  mean(): DataFrame { return this.allNumeric('mean'); }
  min(): DataFrame { return this.allNumeric('min'); }
  max(): DataFrame { return this.allNumeric('max'); }
  std(): DataFrame { return this.allNumeric('std'); }
  var(): DataFrame { return this.allNumeric('var'); }

  /** Number of rows (after any filter). */
  async count(opts: ComputeOptions = {}): Promise<number> {
    checkRunOptions('count()', opts);
    const t = await this.agg(col('*').count().alias('count')).compute(opts);
    return Number(t.column('count').get(0));
  }

  /**
   * Sorts the rows (stable; nulls last unless `nullsFirst`). Out of core: a sort larger than the
   * memory budget sorts runs per partition, spills them, and merges key ranges in parallel;
   * `sort(...).head(k)` keeps only the top k of each partition. Keys as a list or one after
   * another, as Polars takes them: `sort(['y', 'm'])`, `sort('y', 'm', { descending: true })`.
   */
  sort(by: ColumnsArg, ...more: (ColumnsArg | SortOptions)[]): DataFrame {
    while (more.length > 0 && more[more.length - 1] === undefined) more.pop(); // sort('a', undefined): no options
    const last = more.at(-1);
    // the last argument is the options unless it is a key (a name, an expression, a list of them)
    const isKey = typeof last === 'string' || Array.isArray(last) || last instanceof Expr;
    const options = (last !== undefined && !isKey ? more.pop() : {}) as SortOptions;
    checkOptions('sort()', options, ['descending', 'nullsFirst', 'nullsLast'], "{ descending: true }");
    const list = planScalars(toExprNodes([by, ...(more as ColumnsArg[])], 'a sort'), this.plan);
    if (list.length === 0) throw new TypeError('sort() needs at least one column or expression');
    const desc = options.descending;
    // a flag given as text ('false') or a number was taken as true: descending: 'false' sorted descending
    const flag = (name: string, v: unknown): void => {
      if (v !== undefined && typeof v !== 'boolean') throw new TypeError(`sort(): ${name} must be true or false${name === 'descending' ? ' (or an array of them, one per key)' : ''}, got ${describeValue(v)}`);
    };
    if (Array.isArray(desc)) desc.forEach((d, i) => flag(`descending[${i}]`, d));
    else flag('descending', desc);
    flag('nullsFirst', options.nullsFirst);
    flag('nullsLast', options.nullsLast);
    if (Array.isArray(desc) && desc.length !== list.length) throw new TypeError(`sort: descending has ${desc.length} flag(s) for ${list.length} key(s)`);
    return this.with({
      kind: 'sort',
      input: this.plan,
      by: list.map((expr, i) => ({ expr, descending: Array.isArray(desc) ? desc[i] ?? false : desc ?? false })),
      nullsLast: options.nullsFirst !== undefined ? !options.nullsFirst : options.nullsLast ?? true,
    });
  }

  /**
   * Joins with another frame on equal keys (nulls never match):
   * `orders.join(customers, { on: 'customer_id', how: 'left' })` or `{ leftOn, rightOn }`.
   * Columns: this frame's, then the other's non-key columns (`suffix` on clashing names).
   */
  join(other: DataFrame, options: JoinOptions | string | string[]): DataFrame {
    if (!(other instanceof DataFrame)) throw new TypeError('join() needs another DataFrame, e.g. df.join(readCsv(\'other.csv\'), { on: \'id\' })');
    // the key column's name (or names) alone, as pandas' merge(other, 'id') and Polars' join(other, 'id') take it
    if (typeof options === 'string' || Array.isArray(options)) options = { on: options };
    if (options === undefined || options === null) throw new TypeError("join() needs the key columns: df.join(other, { on: 'id' }) or { leftOn, rightOn }");
    checkOptions('join()', options, ['on', 'leftOn', 'rightOn', 'how', 'suffix'], "{ on: 'id', how: 'left' }");
    if (options.suffix !== undefined && (typeof options.suffix !== 'string' || options.suffix === '')) throw new TypeError(`join(): suffix must be a non-empty string (it is appended to a right column whose name the left already has), got ${JSON.stringify(options.suffix)}`);
    const list = (v: string | string[] | undefined): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
    const on = list(options.on);
    const leftOn = on ?? list(options.leftOn);
    const rightOn = on ?? list(options.rightOn);
    if (!leftOn || !rightOn) throw new TypeError('join() needs { on } or both { leftOn, rightOn }');
    if (on && (options.leftOn || options.rightOn)) throw new TypeError('join(): give either on or leftOn/rightOn, not both');
    // 'full' is Polars' (since 1.0) and SQL's name for an outer join
    const how: JoinHow = options.how === 'full' ? 'outer' : options.how ?? 'inner';
    if (!['inner', 'left', 'right', 'outer', 'semi', 'anti'].includes(how)) throw new TypeError(`join(): unknown how ${JSON.stringify(how)}; use inner, left, right, outer (or full), semi or anti`);
    return this.with({ kind: 'join', left: this.plan, right: other.plan, leftOn, rightOn, how, suffix: options.suffix ?? '_right' });
  }

  /** Distinct rows (of `subset` columns; the first row of each is kept). Alias: dropDuplicates. */
  unique(subset?: string | string[], ...rest: unknown[]): DataFrame {
    // names as arguments or as an array alike: unique('a', 'b') is unique(['a', 'b'])
    const more = rest.filter((v) => v !== undefined);
    if (more.some((v) => typeof v !== 'string') || (more.length > 0 && typeof subset !== 'string')) throw new TypeError(`unique() takes only the columns, as names or an array of names; it keeps the first row of each (in file order) — for the last, sort first: df.sort(order, { descending: true }).unique(${JSON.stringify(subset ?? null)})`);
    const names = subset === undefined ? this.columns : Array.isArray(subset) ? subset : [subset, ...(more as string[])];
    if (names.length === 0) throw new TypeError('unique() needs at least one column');
    return this.with({ kind: 'groupHead', input: this.plan, keys: toExprNodes(names), n: 1, keepNullKeys: true });
  }

  dropDuplicates(subset?: string | string[], ...rest: unknown[]): DataFrame {
    return this.unique(subset, ...rest);
  }

  /**
   * How often each value of a column occurs — or each combination of several columns' values
   * (`valueCounts('a', 'b')` or `valueCounts(['a', 'b'])`, pandas' subset): the columns and
   * `count`, most frequent first, then by the values (nulls counted).
   */
  valueCounts(...names: (string | string[])[]): DataFrame {
    const list = names.flat();
    if (list.length === 0) throw new TypeError("valueCounts() needs a column name, e.g. df.valueCounts('city')");
    for (const n of list) if (typeof n !== 'string') throw new TypeError(`valueCounts() takes column names, got ${describeValue(n)}`);
    return new GroupBy(this, toExprNodes(list), { keepNullKeys: true })
      .agg(col('*').count().alias('count'))
      .sort(['count', ...list], { descending: [true, ...list.map(() => false)] });
  }

  limit(n: number): DataFrame {
    return this.with({ kind: 'limit', input: this.plan, n: rowCount('limit', n) });
  }

  /** `length` rows (all the rest when omitted) after skipping `offset`, in the frame's order (Polars' slice; SQL's LIMIT … OFFSET). */
  slice(offset: number, length?: number): DataFrame {
    if (typeof offset === 'number' && Number.isInteger(offset) && offset < 0) {
      throw new RangeError(`slice() takes an offset from 0 (a lazy frame does not know its length); for the last rows use await df.tail(${-offset})`);
    }
    rowCount('slice', offset);
    if (length !== undefined) rowCount('slice', length);
    return this.with({ kind: 'limit', input: this.plan, n: length ?? Number.MAX_SAFE_INTEGER - offset, offset });
  }

  /** The first n rows, reading only as much of the input as it takes. */
  head<T extends object = Record<string, CellValue>>(n = 5, opts: ComputeOptions = {}): Promise<Table<T>> {
    checkRunOptions('head()', opts);
    return this.limit(rowCount('head', n)).compute<T>(opts);
  }

  /**
   * The last n rows, in the frame's order (Dask's and Polars' tail). The query runs twice: once to
   * count its rows, once for the rows after the first count − n (a lazy frame's length is not
   * known before it runs).
   */
  async tail<T extends object = Record<string, CellValue>>(n = 5, opts: ComputeOptions = {}): Promise<Table<T>> {
    checkRunOptions('tail()', opts);
    rowCount('tail', n);
    const total = await this.count(opts);
    return this.slice(Math.max(0, total - n), n).compute<T>(opts);
  }

  /** Runs the query. `compute<{ q: number }>()` types the rows of `toRows()` (not checked at run time). */
  async compute<T extends object = Record<string, CellValue>>(opts: ComputeOptions = {}): Promise<Table<T>> {
    checkRunOptions('compute()', opts);
    return (await collect(await resolveScalars(this.plan, opts), opts)) as Table<T>;
  }

  /**
   * The result as apache-arrow RecordBatches, in row order: `for await (const b of df.toBatches())`.
   * A scan/filter/project streams partition by partition as they finish (a few partitions in
   * memory, never the whole result); `break` cancels the rest. Aggregates, sorts, joins and
   * limits are computed first, then handed out in batches.
   */
  toBatches(opts: ToBatchesOptions = {}): AsyncGenerator<RecordBatch> {
    checkRunOptions('toBatches()', opts, ['batchSize', 'prefetch']);
    return toBatches(this.plan, this.schema, () => this.compute(runOptions(opts)), opts);
  }

  /**
   * Runs the query once and keeps its partitions: in memory within the memory budget, spilled
   * to Arrow IPC files in a temp directory beyond it. Queries on the returned frame reuse them
   * and read nothing upstream; `unpersist()` (or process exit) frees them.
   */
  async persist(opts: ComputeOptions = {}): Promise<PersistedFrame> {
    checkRunOptions('persist()', opts);
    const { persistFrame } = await import('./persist.js'); // persist.ts extends DataFrame: loaded after this module
    return persistFrame(this.plan, opts);
  }

  /** A picture of the task graph (partition tasks with their fused stages, and the combine step): SVG text, written to `target.path` or a `.svg` path if given. */
  visualize(target: VisualizeTarget = { format: 'svg' }): Promise<string> {
    return visualizeQuery(this.plan, target);
  }

  /** The task graph in Graphviz DOT. */
  toDot(): string {
    return queryToDot(this.plan);
  }

  /** The optimized plan, as text; for plans that move rows between partitions, also the stages and exchanges they run as. */
  explain(opts: ComputeOptions = {}): string {
    checkRunOptions('explain()', opts);
    const optimized = optimize(this.plan);
    const text = explainPlan(optimized);
    if (!needsOperatorGraph(this.plan, opts)) return text;
    // the concurrency compute() would plan for: the given executor's, the Client's, or the default's for this input
    const given = opts.executor ?? getCurrentClient()?.executor;
    const concurrency = given?.concurrency ?? defaultConcurrency(planWeight(optimized));
    // the default executor is a pool of this process's threads
    const { builder } = buildOperatorGraph(optimized, opts, { concurrency, sharedMemory: given ? given.sharedMemory : true }, null);
    return `${text}\nStages (${builder.graph.list().length} tasks):\n${builder.stages.map((s, i) => `  ${i + 1}. ${s}`).join('\n')}\n`;
  }

  /**
   * Streams the rows to `dir/part-NNNNN.csv`, one file per input partition, without holding
   * them in memory. Files are written under temporary names and renamed only when every
   * partition succeeded; on failure no partial file is left and the folder is as it was. Part
   * files of an earlier write into the same folder that this one did not replace are removed.
   */
  async writeCsv(dir: string | URL, opts: WriteCsvOptions = {}): Promise<WriteCsvResult> {
    checkRunOptions('writeCsv()', opts, ['delimiter']);
    return this.writeParts('csv', dir, runOptions(opts), opts.delimiter ?? ',');
  }

  /**
   * Writes `dir/part-NNNNN.parquet`, one file per input partition (snappy, row groups of 128 Ki
   * rows with min/max statistics; timestamps as microseconds, UTC). Same commit and stale-part
   * rules as writeCsv.
   */
  async writeParquet(dir: string | URL, opts: ComputeOptions = {}): Promise<WriteCsvResult> {
    checkRunOptions('writeParquet()', opts);
    return this.writeParts('parquet', dir, opts, ',');
  }

  /** Writes `dir/part-NNNNN.arrow` (Arrow IPC stream format; timestamps in µs), one file per input partition. Same commit and stale-part rules as writeCsv. */
  async writeIpc(dir: string | URL, opts: ComputeOptions = {}): Promise<WriteCsvResult> {
    checkRunOptions('writeIpc()', opts);
    return this.writeParts('ipc', dir, opts, ',');
  }

  /**
   * Writes `dir/part-NNNNN.ndjson`: one JSON object a row, keys in column order; timestamps and
   * dates as their CSV text, int64 beyond 2^53 with every digit, NaN and ±Infinity as null. Same
   * commit and stale-part rules as writeCsv.
   */
  async writeNdjson(dir: string | URL, opts: ComputeOptions = {}): Promise<WriteCsvResult> {
    checkRunOptions('writeNdjson()', opts);
    return this.writeParts('ndjson', dir, opts, ',');
  }

  private async writeParts(format: WriteFormatName, dir: string | URL, opts: ComputeOptions, delimiter: string): Promise<WriteCsvResult> {
    await loadWriteFormat(format); // on this thread: the driver writes a small result (or an empty part) itself
    const verb = WRITE_METHOD[format];
    const target = resolvePath(localPath(dir, verb, 'writes'));
    refuseInputFolder(target, this.files.map((f) => f.path), verb, format);
    // the folders this write made: a failed write takes them away again (the disk as it was)
    const created = makeDirs(target);
    // removed on success, failure, Ctrl-C/TERM and exit; a killed run's is swept by the next write
    const tmpDir = createTempDir(target);
    try {
      return await this.writeInto(format, target, tmpDir, opts, delimiter);
    } catch (err) {
      // emptied first: the folders are removed only while empty
      removeTempDir(tmpDir);
      if (created !== undefined) removeEmptyFolders(target, created);
      throw err;
    } finally {
      removeTempDir(tmpDir);
    }
  }

  /** writeParts' files into `target`, through its temporary folder. */
  private async writeInto(format: WriteFormatName, target: string, tmpDir: string, opts: ComputeOptions, delimiter: string): Promise<WriteCsvResult> {
    const sink = (fields: readonly Field[]): Extract<Sink, { kind: 'write' }> => ({ kind: 'write', format, fields: [...fields], dir: target, tmpDir, delimiter });
    if (needsOperatorGraph(this.plan, opts) && !endsInWholeResult(this.plan)) {
      // joins, stacked frames and large sorts stream into one part file per task, in order
      const run = await runGraphWithWidening(await resolveScalars(this.plan, opts), opts, sink, tmpDir);
      return { files: run.gathered.files ?? [], rows: run.gathered.rows ?? 0, partRows: run.gathered.partRows ?? [], skippedRows: run.skipped };
    }
    if (needsWholeResult(this.plan)) {
      // aggregates, sorts and limits are small: compute, then write one file
      const t = await this.compute(opts);
      return { ...commitWrites(sink(t.schema), [writeTable(t, format, target, tmpDir, delimiter)]), skippedRows: t.skippedRows };
    }
    const { combined } = await runWithWidening(await resolveScalars(this.plan, opts), opts, sink);
    if (combined.kind !== 'write') throw new Error('internal: expected written files');
    return { files: combined.files, rows: combined.rows, partRows: combined.partRows, skippedRows: combined.skipped };
  }

  toString(): string {
    return `DataFrame[${this.schema.map((f) => `${f.name}: ${f.dtype}`).join(', ')}]`;
  }

  /** `console.log(df)`: the columns, and that nothing has run yet (not the plan's internals). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${this.toString()} (lazy: compute(), head() or writeCsv() runs it; explain() shows the plan)`;
  }

  /** `plan` without the hidden columns a window added (api/window-plan.ts). */
  private withoutHidden(plan: LogicalPlan, hidden: ReadonlySet<string>): DataFrame {
    const keep = schemaOf(plan).filter((f) => !hidden.has(f.name)).map((f): ExprNode => ({ kind: 'col', name: f.name }));
    return this.with({ kind: 'project', input: plan, exprs: keep, mode: 'select' });
  }

  private with(plan: LogicalPlan): DataFrame {
    const df = new DataFrame(plan);
    df.schema; // check now, so a mistake is reported where it was made
    return df;
  }

  private checkName(verb: string, name: string): void {
    if (this.columns.includes(name)) return;
    const near = closestName(name, this.columns);
    throw new TypeError(`${verb}(): no column ${JSON.stringify(name)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}; columns: ${this.columns.join(', ')}`);
  }

  private allNumeric(fn: 'sum' | 'mean' | 'min' | 'max' | 'std' | 'var'): DataFrame {
    return new GroupBy(this, []).allNumeric(fn);
  }
}

/** Which column types a DataFrame-wide fillNull applies to. */
function fillTarget(value: ExprLike | { strategy: FillStrategy }): (t: DType) => boolean {
  if (value !== null && typeof value === 'object' && 'strategy' in value) {
    return value.strategy === 'mean' || value.strategy === 'zero' ? isNumeric : (t) => t !== 'bool';
  }
  if (typeof value === 'number' || typeof value === 'bigint') return (t) => t === 'int64' || t === 'float64';
  if (typeof value === 'string') return (t) => t === 'string';
  if (typeof value === 'boolean') return (t) => t === 'bool';
  if (value instanceof Date) return (t) => t === 'timestamp';
  throw new TypeError('fillNull() on a DataFrame takes a number, string, boolean, Date or { strategy }; for an expression, use withColumns(col(...).fillNull(...))');
}

/** A whole (small) result as one part file in the temp dir. */
function writeTable(t: Table, format: WriteFormatName, dir: string, tmpDir: string, delimiter: string): WrittenFile {
  const name = partFileName(0, format);
  const out = writeFormat(format).open(join(tmpDir, name), t.schema, { delimiter });
  try {
    out.write(t.columns, t.numRows);
    out.finish();
  } catch (err) {
    out.abort();
    throw err;
  }
  return { kind: 'write', tmpPath: join(tmpDir, name), path: join(dir, name), rows: t.numRows };
}

/** The method that writes each format, as errors name it. */
const WRITE_METHOD: Record<WriteFormatName, string> = { csv: 'writeCsv', parquet: 'writeParquet', ipc: 'writeIpc', ndjson: 'writeNdjson' };

/** An aggregate, sort or limit: the rows only exist once every partition is combined. */
function needsWholeResult(plan: LogicalPlan): boolean {
  if (plan.kind === 'aggregate' || plan.kind === 'sort' || plan.kind === 'limit' || plan.kind === 'groupHead') return true;
  if (plan.kind === 'scan') return false;
  if (plan.kind === 'join') return needsWholeResult(plan.left) || needsWholeResult(plan.right);
  if (plan.kind === 'concat') return plan.inputs.some(needsWholeResult);
  return needsWholeResult(plan.input);
}

/**
 * The result is one small table on the driver (a limit or whole-frame aggregate on top, under
 * row stages). A grouped aggregate or group head (unique) is not: the operator graph writes its
 * key ranges part by part, in key order, so as many groups as rows never gather on the driver.
 */
function endsInWholeResult(plan: LogicalPlan): boolean {
  if (plan.kind === 'filter' || plan.kind === 'project') return endsInWholeResult(plan.input);
  return (plan.kind === 'aggregate' && plan.keys.length === 0) || plan.kind === 'limit';
}

export function findScan(plan: LogicalPlan): ScanNode {
  return scansOf(plan)[0];
}

/** Stacks frames with the same columns (in any order: aligned by name to the first frame's). */
export function concat(frames: readonly DataFrame[]): DataFrame {
  if (!Array.isArray(frames) || frames.length === 0) throw new TypeError('concat() needs a non-empty array of DataFrames');
  frames.forEach((f, i) => { if (!(f instanceof DataFrame)) throw new TypeError(`concat(): item ${i} is not a DataFrame`); });
  if (frames.length === 1) return frames[0];
  const names: string[] = frames[0].columns;
  const inputs: LogicalPlan[] = frames.map((f: DataFrame, i: number): LogicalPlan => {
    if (i === 0) return f.plan;
    const cols: string[] = f.columns;
    const same = cols.length === names.length && cols.every((c, k) => c === names[k]);
    return same || cols.length !== names.length || !names.every((n) => cols.includes(n)) ? f.plan : f.select(...names).plan;
  });
  const df = new DataFrame({ kind: 'concat', inputs });
  void df.schema;
  return df;
}

export function numericColumns(schema: readonly Field[], exclude: ReadonlySet<string>): string[] {
  return schema.filter((f) => isNumeric(f.dtype) && !exclude.has(f.name)).map((f) => f.name);
}

/** `{ … }` written as an object literal (not an Expr, an array, a Date or another class's instance). */
function isPlainObject(x: unknown): x is object {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Removes `from` and its parents up to `upTo` (the first folder makeDirs made), each only while empty. */
function removeEmptyFolders(from: string, upTo: string): void {
  for (let d = from; ; d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (or gone): what is left is not ours to remove
    }
    if (d === upTo || dirname(d) === d) return;
  }
}
