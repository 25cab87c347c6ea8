/**
 * A mistake in a SQL query, or a construct floe does not run yet, with where it is: line and
 * column (1-based) of the query text. A PlanError, so the CLI reports it as a usage error (exit 2).
 */
import { PlanError } from '@floe/dataframe';

export interface SqlPosition {
  line: number;
  column: number;
}

export class SqlError extends PlanError {
  override name = 'SqlError';
  constructor(readonly what: string, readonly position: SqlPosition | null) {
    super(position ? `${what} at line ${position.line}, column ${position.column}` : what);
  }
}
