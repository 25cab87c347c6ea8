/**
 * Window functions over db-benchmark's groupby data (not db-benchmark questions: its suite has
 * none but q8, a top-2 per group): a whole-partition aggregate over few and over no partitions,
 * a rank over 100 k partitions, a running total with peers, and a step between neighbours.
 * Both engines run the same SQL (floe's `sql()` plans it as the DataFrame API's `.over()`), and
 * every answer is the same whatever order equal keys come in: ties share a rank and a running
 * total (RANGE frames), and the step keeps only the values it is computed from.
 */
import { sql, type DataFrame } from 'floe';
import type { Question, Tables } from './question.js';

const w = (id: string, title: string, text: string): Question =>
  ({ task: 'window', id, title, floe: (t: Tables): DataFrame => sql(text, { tables: { x: t.x } }), sql: text });

export const WINDOW_QUESTIONS: readonly Question[] = [
  w('w1', 'sum v1 over id1 (100 partitions)', 'SELECT id1, v1, sum(v1) OVER (PARTITION BY id1) AS s FROM x'),
  w('w2', 'rank v3 within id3 (100 k partitions)', 'SELECT id3, v3, rank() OVER (PARTITION BY id3 ORDER BY v3 DESC) AS r FROM x'),
  w('w3', 'running sum v1 by id2 in id4 order', 'SELECT id2, id4, v1, sum(v1) OVER (PARTITION BY id2 ORDER BY id4) AS s FROM x'),
  w('w4', 'v3 minus the one before by id6', 'SELECT id6, v3, v3 - lag(v3) OVER (PARTITION BY id6 ORDER BY v3) AS d FROM x'),
  w('w5', 'sum v1 over all rows (one partition)', 'SELECT id1, v1, sum(v1) OVER () AS s FROM x'),
];
