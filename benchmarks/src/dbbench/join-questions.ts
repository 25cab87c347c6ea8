/**
 * db-benchmark join q1–q5 (questions as in its DuckDB solution), for floe and DuckDB. floe's
 * join follows Polars: the left table's columns, then the right table's columns other than the
 * key, a clashing name getting the suffix `_right`; the SQL lists the same columns in the same
 * order (db-benchmark's names, e.g. small_id4, where floe says id4_right).
 */
import { join } from './floe-api.js';
import type { Question, Tables } from './question.js';

const q = (id: string, title: string, floe: (t: Tables) => ReturnType<Question['floe']>, sql: string): Question =>
  ({ task: 'join', id, title, floe, sql });

export const JOIN_QUESTIONS: readonly Question[] = [
  q('q1', 'small inner on int',
    (t) => join(t.x, t.small, { on: 'id1' }),
    'SELECT x.*, small.id4 AS small_id4, v2 FROM x JOIN small USING (id1)'),
  q('q2', 'medium inner on int',
    (t) => join(t.x, t.medium, { on: 'id2' }),
    'SELECT x.*, medium.id1 AS medium_id1, medium.id4 AS medium_id4, medium.id5 AS medium_id5, v2 FROM x JOIN medium USING (id2)'),
  q('q3', 'medium outer on int',
    (t) => join(t.x, t.medium, { on: 'id2', how: 'left' }),
    'SELECT x.*, medium.id1 AS medium_id1, medium.id4 AS medium_id4, medium.id5 AS medium_id5, v2 FROM x LEFT JOIN medium USING (id2)'),
  q('q4', 'medium inner on factor',
    (t) => join(t.x, t.medium, { on: 'id5' }),
    'SELECT x.*, medium.id1 AS medium_id1, medium.id2 AS medium_id2, medium.id4 AS medium_id4, v2 FROM x JOIN medium USING (id5)'),
  q('q5', 'big inner on int',
    (t) => join(t.x, t.big, { on: 'id3' }),
    'SELECT x.*, big.id1 AS big_id1, big.id2 AS big_id2, big.id4 AS big_id4, big.id5 AS big_id5, big.id6 AS big_id6, v2 FROM x JOIN big USING (id3)'),
];
