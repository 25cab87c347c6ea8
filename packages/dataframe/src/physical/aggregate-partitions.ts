/**
 * Partition sizes for a grouped aggregate with many groups. Every map task's partial holds each
 * group its rows meet, and is split by key hash, handed over and merged whole: with ~100 k groups
 * a 32 MB partition (650 k rows of the db-benchmark file) spends about as long on its partial as
 * on a third of its rows. Fewer, larger partitions make fewer partials: one a worker (up to
 * MAX_AGGREGATE_BLOCKSIZE). Two a worker, to balance the workers' last tasks, cost more than the
 * wait they saved: twice the partials, each of whose string keys a reduce interns again and
 * ranks, and a second round of reduces — db-benchmark q3 median 2.99 → 2.67 s, q5 1.88 → 1.71,
 * q7 2.92 → 2.68 (5 alternating pairs). (A group head's map tasks, db-benchmark q8, read them
 * too: 2.09 vs 2.06 s, no faster.)
 *
 * Only where the user left the scan's blocksize at its default (`autoBlocksize`), and only from
 * what the schema sample estimated (io/csv/distinct-estimate.ts): keys whose values multiplied
 * reach MANY_GROUPS and stay well below the rows, or (fewer than FEW_GROUPS_PER_ROW rows a group)
 * that a task's partial holds whole at the bytes partialBytesPerGroup reckons. Keys that are
 * expressions, or columns a projection between the scan and the aggregate computes, are not
 * estimated (they leave the partitions as they are).
 */
import { dictionaryBound } from '../io/csv/dictionary-cache.js';
import { sourceOf } from '../io/source.js';
import { civilFromDays, MS_PER_DAY } from '../kernels/civil-time.js';
import type { AggSpec } from '../kernels/reductions/reduction.js';
import type { AggFn, DtField, ExprNode } from '../plan/expr-node.js';
import { partColumnName, type LogicalPlan, type ScanNode } from '../plan/logical-plan.js';
import { csvScanUnder, estimatedGroups, keyColumn, scanUnder } from '../plan/scan-under.js';
import type { DType } from '../types/dtype.js';

/**
 * Estimated groups from which partitions grow. 10 k groups of two keys (db-benchmark q2, q9, q6)
 * spent more merging sixteen partials than balancing saved: medians q2 1.51 → 1.40 s, q9 1.95 →
 * 1.65, q6 even (5 alternating pairs); 100 groups (q1) gained nothing measurable.
 */
export const MANY_GROUPS = 5_000;
/**
 * Rows per group (at most) below which partitions grow only when a partial holds every group it
 * meets (`partialGroups`, the groups a task's partial may hold before it is cut): a partial cut
 * again and again hands on about as many groups as it read rows. db-benchmark q3 on 1 M ids
 * (10 rows a group, default budget, 2 workers): sixteen 32 MB partitions, each partial cut at
 * 335 k groups (at PARTIAL_BYTES_PER_GROUP), took 9.3–9.7 s; two partitions of 256 MB whose
 * partials held their ~1 M groups whole 6.6–7.4 s (and 800 against 870–900 MB at the peak);
 * two cut at 335 k, 10.1–10.6 s.
 */
const FEW_GROUPS_PER_ROW = 16;
/** The largest partition they grow to. */
export const MAX_AGGREGATE_BLOCKSIZE = 256 * 1024 * 1024;

/**
 * The scan under a grouping's input rows (filters and projections) when its blocksize may grow (a key column has many
 * values; with fewer than FEW_GROUPS_PER_ROW rows a group, only as many as `partialGroups`), with
 * the estimate and its column; else null.
 */
export function manyGroupsScan(keys: readonly ExprNode[], input: LogicalPlan, partialGroups: number): { scan: ScanNode; key: string; groups: number } | null {
  const names = keys.map(keyColumn);
  const under = csvScanUnder(names, input);
  if (under === null || under.scan.autoBlocksize !== true) return null;
  const node = under.scan;
  const { distinct, estimatedRows } = under.source;
  if (distinct === undefined || estimatedRows === undefined) return null;
  const known = names.map((n) => (n !== null && Object.hasOwn(distinct, n) ? distinct[n] : null));
  // groups are at most the product of all keys' values: only where it is well below the rows
  // does a partial shrink them (as many groups as rows, like db-benchmark's q10, gain nothing
  // from larger partitions and hold more at once)
  let product = 1;
  for (const d of known) {
    if (d === null) return null;
    product = Math.min(estimatedRows, product * Math.max(1, d));
  }
  // the product stands for the groups: exact for independent keys, too many for a customer's id and name
  if (product < MANY_GROUPS || (product * FEW_GROUPS_PER_ROW > estimatedRows && product > partialGroups)) return null;
  return { scan: node, key: names.join(', '), groups: product };
}

/**
 * Rows per group (at most, estimated) up to which a grouping is aggregated by sorting its rows.
 * Measured (6 M rows, keys a string and an int, sum and count, written, 2 workers): 2 and 4 rows a
 * group sorted 3.7–4.0 s vs hashed 6.6–7.1 s; 8 rows 3.7–3.9 vs 4.9–5.3 s; 16 rows 3.6–3.7 vs
 * 3.8–4.0 s; 32 rows 2.8–3.2 vs 2.0–2.1 s; 100 rows 2.7–2.9 vs 1.3–1.4 s.
 */
const SORTED_ROWS_PER_GROUP = 8;

/**
 * Whether a grouping by `keys` has about as many groups as rows: estimated from the CSV sample's
 * key tuples (io/csv/distinct-estimate.ts), at most SORTED_ROWS_PER_GROUP rows a group. Then a
 * partial per partition would hold about all its rows, and be hashed, split, moved and hashed
 * again to merge: sorting the rows by key and aggregating each key range in order does less
 * (physical/sorted-aggregate.ts). Keys must be columns (or aliases of columns) the scan reads.
 */
export function groupsNearRows(keys: readonly ExprNode[], input: LogicalPlan): { groups: number; rows: number } | null {
  const est = estimatedGroups(keys, input);
  return est !== null && est.groups * SORTED_ROWS_PER_GROUP >= est.rows ? est : null;
}

/**
 * Bytes a partial takes per group (its table's slot, keys and states), as the plan reckons them
 * where it knows no better (partialBytesPerGroup): sizing reduce tasks, and a result small enough
 * to gather.
 */
export const PARTIAL_BYTES_PER_GROUP = 200;

/** A state's bytes a group, by reduction (its typed arrays' elements); null: it holds the group's values (they grow with its rows). */
const STATE_BYTES: Readonly<Record<AggFn, number | null>> = {
  sum: 16, mean: 16, count: 8, size: 8, min: 8, max: 8, first: 9, last: 9, var: 24, std: 24, corr: 48,
  median: null, quantile: null, nUnique: null, stringAgg: null,
};
/** A string value a state keeps per group (min, max, first, last of strings): its slot and the string. */
const STATE_STRING_BYTES = 56;

/**
 * Bytes a task's partial holds a group, from what its table keeps (group-index.ts): a number
 * key's hash slots (a double and an id, at most half full) and its value, 32; a string key whose
 * scan keeps its dictionary (`coded[k]`, codedKeys: counted there) and whose codes are its ids,
 * 8 (a code's group and a group's code) — else its own interned copy, 64; several keys' tuple
 * and its slots, 16 more and 4 a key; and each call's state (STATE_BYTES).
 * PARTIAL_BYTES_PER_GROUP when a state holds values (median, nUnique). db-benchmark q3 on 1 M
 * ids (a coded string key, sum and mean): 40 bytes a group, 40 MB of arrays a worker.
 */
export function partialBytesPerGroup(keyTypes: readonly DType[], calls: readonly AggSpec[], coded: readonly boolean[]): number {
  let bytes = keyTypes.length > 1 ? 16 + 4 * keyTypes.length : 0;
  keyTypes.forEach((t, k) => { bytes += t === 'string' ? (coded[k] ? 8 : 64) : 32; });
  for (const c of calls) {
    const state = STATE_BYTES[c.fn];
    if (state === null) return PARTIAL_BYTES_PER_GROUP;
    bytes += state + (c.input === 'string' && (c.fn === 'min' || c.fn === 'max' || c.fn === 'first' || c.fn === 'last') ? STATE_STRING_BYTES : 0);
  }
  return bytes;
}

/**
 * Per key: whether it is a string column of the CSV scan under `input` whose estimated values fit
 * the dictionary the scan keeps across partitions (dictionaryBound, with `dictionaryBytes` a
 * worker): a grouping takes that dictionary's codes as its ids (kernels/group-index.ts).
 */
export function codedKeys(keys: readonly ExprNode[], input: LogicalPlan, dictionaryBytes: number): boolean[] {
  const names = keys.map(keyColumn);
  const source = csvScanUnder(names, input)?.source;
  return names.map((n) => {
    if (n === null || source === undefined || source.distinct === undefined || !Object.hasOwn(source.distinct, n)) return false;
    const distinct = source.distinct[n];
    return source.schema.find((f) => f.name === n)?.dtype === 'string' && distinct <= dictionaryBound(distinct, source.estimatedRows, dictionaryBytes);
  });
}

/** Whether the CSV files under `input`'s filters and projections have quoted values with line feeds in their samples. */
export function quotedLineFeeds(input: LogicalPlan): boolean {
  return csvScanUnder([], input)?.source.quotedLineFeeds === true;
}

/** The values a calendar field takes, whatever the data (a year's and a date's depend on it). */
const FIELD_VALUES: Partial<Record<DtField, number>> = { month: 12, day: 31, hour: 24, minute: 60, second: 60, weekday: 7 };

/**
 * At most how many groups a grouping by calendar fields has, when every key is one that the scan
 * under `input` reads (dt-field pushdown's `Date::month`): a month takes 12 values, a weekday 7,
 * …; a year or a date as many as its column's value range spans, where the source knows that
 * range for certain (Parquet statistics: Source.valueRange); each one more for null. Not an
 * estimate: nothing in the data can exceed it. Null when a key is anything else.
 */
export function calendarGroupBound(keys: readonly ExprNode[], input: LogicalPlan): number | null {
  const names = keys.map(keyColumn);
  if (names.length === 0 || names.some((n) => n === null)) return null;
  const scan = scanUnder(names, input);
  if (scan === null) return null;
  let bound = 1;
  for (const name of names as string[]) {
    const column = Object.keys(scan.parts).find((c) => scan.parts[c].some((part) => partColumnName(c, part) === name));
    if (column === undefined) return null;
    const part = scan.parts[column].find((p) => partColumnName(column, p) === name)!;
    const values = FIELD_VALUES[part] ?? spanned(scan, column, part);
    if (values === null) return null;
    bound *= values + 1;
  }
  return bound;
}

/** The years (or days) a column's value range spans, when its source knows the range; else null. */
function spanned(scan: ScanNode, column: string, part: DtField): number | null {
  const range = sourceOf(scan.source).valueRange?.(scan.source, column) ?? null;
  if (range === null) return null;
  const days = scan.source.schema.find((f) => f.name === column)?.dtype === 'date';
  const day = (v: number): number => (days ? v : Math.floor(v / MS_PER_DAY));
  if (part === 'date') return day(range.max) - day(range.min) + 1;
  const ymd = new Int32Array(3);
  civilFromDays(day(range.max), ymd);
  const last = ymd[0];
  civilFromDays(day(range.min), ymd);
  return last - ymd[0] + 1;
}

/**
 * The blocksize for `bytes` of input on `workers`: about one part a worker, each at most
 * MAX_AGGREGATE_BLOCKSIZE, never below the scan's own. An eighth more than the exact share, so
 * that files of about the share each are not each cut into a part and a sliver of a few hundred
 * bytes (partitions end where files do: four files of 88 MB on two workers stay four parts).
 */
export function aggregateBlocksize(scan: ScanNode, bytes: number, workers: number): number {
  return Math.max(scan.blocksize, Math.min(MAX_AGGREGATE_BLOCKSIZE, Math.ceil((bytes / Math.max(1, workers)) * 1.125)));
}

/** The most rows a many-group aggregate's scan batch grows to. */
export const MAX_AGGREGATE_BATCH_ROWS = 262_144;
/** The most bytes such a batch may hold, whatever the budget. */
export const AGGREGATE_BATCH_BYTES = 32 * 1024 * 1024;

/**
 * Rows a scan batch holds under a grouping of about `groups` groups: the next power of two at or
 * above twice the groups, from the scan's own `batchRows` up to MAX_AGGREGATE_BATCH_ROWS and at
 * most `most` (what the caller lets a batch of the scan's rows take: GraphBuilder, from a share of
 * the budget and AGGREGATE_BATCH_BYTES). Between two batches the scan streams a batch's bytes
 * through the cache and evicts the aggregate's states; each batch's updates then fetch them
 * again, a random line a row when a batch has fewer rows than there are groups. With 100 k groups
 * (db-benchmark q5, inline, 2 M rows) the updates cost 18–31 ns a row-aggregate at 32 k rows a
 * batch and 10–12 at 256 k (6–11 on states already in the cache); q3 and q5 whole, 2 workers, 5
 * alternating pairs: medians 2.38 → 2.07 s and 1.53 → 1.29 s.
 */
export function aggregateBatchRows(groups: number, batchRows: number, most: number): number {
  const cap = Math.min(MAX_AGGREGATE_BATCH_ROWS, most);
  let rows = batchRows;
  while (rows < 2 * groups && rows * 2 <= cap) rows *= 2;
  return rows;
}

/** `plan` with `scan` (a node under its filters and projections) replaced by `next`. */
export function withScan(plan: LogicalPlan, scan: ScanNode, next: ScanNode): LogicalPlan {
  if (plan === scan) return next;
  if (plan.kind === 'filter' || plan.kind === 'project') return { ...plan, input: withScan(plan.input, scan, next) };
  return plan;
}
