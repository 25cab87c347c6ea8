/** What a query can read: its text (for positions), bound values, named frames and CTEs, and files. */
import type { DataFrame } from '@floe/dataframe';
import type { SqlPosition } from './sql-error.js';

export interface QueryEnv {
  text: string;
  params: readonly unknown[];
  /** Named frames and the CTEs in scope, by name. */
  tables: ReadonlyMap<string, DataFrame>;
  /** Opens a file path or glob named in FROM. */
  readFile: (path: string, at: SqlPosition | null) => DataFrame;
}
