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
  /** `detail` follows the position: what there is to choose from, the offending line. */
  constructor(what: string, readonly position: SqlPosition | null, detail?: string) {
    // "what; hint" puts the position after what: "… not supported yet at line 1, column 9; use …"
    const cut = detail === undefined ? what.indexOf('; ') : -1;
    const head = cut >= 0 ? what.slice(0, cut) : what;
    const tail = cut >= 0 ? what.slice(cut + 2) : detail;
    super(`${head}${position ? ` at line ${position.line}, column ${position.column}` : ''}${tail ? `; ${tail}` : ''}`);
  }
}

/** A literal whose text is not a value of the type it is cast to (`cast('x' as int)`): CAST refuses it, TRY_CAST makes it null. */
export class UnconvertibleLiteral extends SqlError {}
