/**
 * A db-benchmark question as data shared by both engines: its id and title (db-benchmark's own
 * wording), the floe query built from lazy DataFrames, and the DuckDB SQL over views of the same
 * CSV files. Both must produce the same columns in the same order; the answer check compares
 * them by position.
 */
import type { DataFrame } from 'floe';

export type Task = 'groupby' | 'join' | 'window';
export const TASKS: readonly Task[] = ['groupby', 'join', 'window'];
/** What runs without --only: db-benchmark's own tasks (window: window functions over the groupby data, on request). */
export const DEFAULT_TASKS: readonly Task[] = ['groupby', 'join'];

/** The inputs of a task by table name: `x` for groupby and window; `x`, `small`, `medium`, `big` for join. */
export type Tables = Record<string, DataFrame>;

export interface Question {
  task: Task;
  /** q1 … q10 */
  id: string;
  title: string;
  /** The floe query (lazy); may throw NotSupported while floe lacks an API it needs. */
  floe(tables: Tables): DataFrame;
  /** A SELECT over the views named like the tables. */
  sql: string;
}
