/**
 * The query catalogue: every measured query as plain data (a dataset, a group key and
 * aggregates, or a filter + projection written to CSV). Each contender translates the same
 * spec into its own idiom (floe builder, CLI flags, SQL, Polars expressions, plain JS), so
 * one definition here is the single source of truth for what "the same query" means.
 */

export type DatasetKind = 'seed' | 'strings';

/** A group key: a column, or a calendar field of a timestamp column. */
export interface KeySpec {
  column: string;
  dt?: 'year' | 'month';
}

/** One aggregate and the canonical name of its output column. `column: '*'` with count = rows. */
export interface AggSpec {
  fn: 'sum' | 'mean' | 'count';
  column: string;
  name: string;
}

export interface GroupByQuery {
  kind: 'groupby';
  id: string;
  title: string;
  dataset: DatasetKind;
  key: KeySpec;
  aggs: AggSpec[];
  /** The aggs are `sum` of every numeric non-key column: contenders may use their shortcut (floe `.sum()`, CLI `sum(*)`). */
  sumAllNumeric?: boolean;
}

export interface FilterWriteQuery {
  kind: 'filter-write';
  id: string;
  title: string;
  dataset: DatasetKind;
  predicate: { column: string; op: 'gt'; value: number };
  select: string[];
}

export type QuerySpec = GroupByQuery | FilterWriteQuery;

const SEED_SUMS: AggSpec[] = ['X0', 'X1', 'X2', 'X3', 'X4'].map((c) => ({ fn: 'sum', column: c, name: c }));

const STRING_AGGS: AggSpec[] = [
  { fn: 'sum', column: 'v1', name: 'v1_sum' },
  { fn: 'mean', column: 'v3', name: 'v3_mean' },
  { fn: 'count', column: '*', name: 'count' },
];

export const QUERIES = {
  seedYear: {
    kind: 'groupby', id: 'seed-year', title: 'groupBy(year(Date)).sum()', dataset: 'seed',
    key: { column: 'Date', dt: 'year' }, aggs: SEED_SUMS, sumAllNumeric: true,
  },
  seedMonth: {
    kind: 'groupby', id: 'seed-month', title: 'groupBy(month(Date)).sum()', dataset: 'seed',
    key: { column: 'Date', dt: 'month' }, aggs: SEED_SUMS, sumAllNumeric: true,
  },
  stringsId1: {
    kind: 'groupby', id: 'strings-id1', title: 'groupBy(id1).agg(sum(v1), mean(v3), count(*)) — ~10 groups', dataset: 'strings',
    key: { column: 'id1' }, aggs: STRING_AGGS,
  },
  stringsId2: {
    kind: 'groupby', id: 'strings-id2', title: 'groupBy(id2).agg(sum(v1), mean(v3), count(*)) — ~100 groups', dataset: 'strings',
    key: { column: 'id2' }, aggs: STRING_AGGS,
  },
  stringsId3: {
    kind: 'groupby', id: 'strings-id3', title: 'groupBy(id3).agg(sum(v1), mean(v3), count(*)) — ~100k groups', dataset: 'strings',
    key: { column: 'id3' }, aggs: STRING_AGGS,
  },
  filterWrite: {
    kind: 'filter-write', id: 'filter-write', title: 'filter(v1 > 3).select(id1, v1, v3).writeCsv(dir)', dataset: 'strings',
    predicate: { column: 'v1', op: 'gt', value: 3 }, select: ['id1', 'v1', 'v3'],
  },
} satisfies Record<string, QuerySpec>;

/** The canonical text of a group key value, identical across contenders (`2010`, `7`, `id0000012345`). */
export function keyText(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toString();
  return String(value);
}
