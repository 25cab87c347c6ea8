/**
 * db-benchmark groupby q1–q10 (questions and column names as in its DuckDB solution), for floe
 * and DuckDB. Differences from db-benchmark's SQL, each needed for identical answers:
 * - sums are `coalesce(sum(x), 0)`: floe follows pandas, where an all-null group sums to 0
 *   (SQL says NULL); with 5% nulls, q10's one-row groups meet this often.
 * - floe groups null keys as a group of their own (keepNullKeys), as SQL's GROUP BY does.
 * - corr is null where it is undefined (fewer than 2 rows, or one side constant: pandas' NaN,
 *   a missing value); DuckDB gives NaN for a constant side, so q9 maps its NaN to NULL. Groups
 *   of ~10 rows (small generated data) meet this; the 10 M-row data rarely does.
 */
import { col, type DataFrame } from 'floe';
import { corr, groupBy, groupHead, median } from './floe-api.js';
import type { Question, Tables } from './question.js';

const q = (id: string, title: string, floe: (x: DataFrame) => DataFrame, sql: string): Question =>
  ({ task: 'groupby', id, title, floe: (t: Tables) => floe(t.x), sql });

export const GROUPBY_QUESTIONS: readonly Question[] = [
  q('q1', 'sum v1 by id1',
    (x) => groupBy(x, 'id1').agg(col('v1').sum().alias('v1')),
    'SELECT id1, coalesce(sum(v1), 0) AS v1 FROM x GROUP BY id1'),
  q('q2', 'sum v1 by id1:id2',
    (x) => groupBy(x, 'id1', 'id2').agg(col('v1').sum().alias('v1')),
    'SELECT id1, id2, coalesce(sum(v1), 0) AS v1 FROM x GROUP BY id1, id2'),
  q('q3', 'sum v1 mean v3 by id3',
    (x) => groupBy(x, 'id3').agg(col('v1').sum().alias('v1'), col('v3').mean().alias('v3')),
    'SELECT id3, coalesce(sum(v1), 0) AS v1, avg(v3) AS v3 FROM x GROUP BY id3'),
  q('q4', 'mean v1:v3 by id4',
    (x) => groupBy(x, 'id4').agg(col('v1').mean().alias('v1'), col('v2').mean().alias('v2'), col('v3').mean().alias('v3')),
    'SELECT id4, avg(v1) AS v1, avg(v2) AS v2, avg(v3) AS v3 FROM x GROUP BY id4'),
  q('q5', 'sum v1:v3 by id6',
    (x) => groupBy(x, 'id6').agg(col('v1').sum().alias('v1'), col('v2').sum().alias('v2'), col('v3').sum().alias('v3')),
    'SELECT id6, coalesce(sum(v1), 0) AS v1, coalesce(sum(v2), 0) AS v2, coalesce(sum(v3), 0) AS v3 FROM x GROUP BY id6'),
  q('q6', 'median v3 sd v3 by id4 id5',
    (x) => groupBy(x, 'id4', 'id5').agg(median(col('v3')).alias('median_v3'), col('v3').std().alias('sd_v3')),
    'SELECT id4, id5, quantile_cont(v3, 0.5) AS median_v3, stddev(v3) AS sd_v3 FROM x GROUP BY id4, id5'),
  q('q7', 'max v1 - min v2 by id3',
    (x) => groupBy(x, 'id3').agg(col('v1').max().sub(col('v2').min()).alias('range_v1_v2')),
    'SELECT id3, max(v1) - min(v2) AS range_v1_v2 FROM x GROUP BY id3'),
  q('q8', 'largest two v3 by id6',
    (x) => groupHead(groupBy(x.select('id6', 'v3').filter(col('v3').isNotNull()).sort('v3', { descending: true }), 'id6'), 2),
    'SELECT id6, v3 AS largest2_v3 FROM (SELECT id6, v3, row_number() OVER (PARTITION BY id6 ORDER BY v3 DESC) AS order_v3 FROM x WHERE v3 IS NOT NULL) sub_query WHERE order_v3 <= 2'),
  q('q9', 'regression v1 v2 by id2 id4',
    (x) => {
      const r = corr(col('v1'), col('v2'));
      return groupBy(x, 'id2', 'id4').agg(r.mul(r).alias('r2'));
    },
    "SELECT id2, id4, CASE WHEN isnan(corr(v1, v2)) THEN NULL ELSE pow(corr(v1, v2), 2) END AS r2 FROM x GROUP BY id2, id4"),
  q('q10', 'sum v3 count by id1:id6',
    (x) => groupBy(x, 'id1', 'id2', 'id3', 'id4', 'id5', 'id6').agg(col('v3').sum().alias('v3'), col('*').count().alias('count')),
    'SELECT id1, id2, id3, id4, id5, id6, coalesce(sum(v3), 0) AS v3, count(*) AS count FROM x GROUP BY id1, id2, id3, id4, id5, id6'),
];
