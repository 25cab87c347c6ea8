/** A query the user wrote wrong, caught before anything runs: a type, a name, an option, an output path. */
export class PlanError extends Error {
  override name = 'PlanError';
  /** The input column whose type the operation refused, when it is a plain column (see withTypeNote). */
  constructor(message: string, readonly column?: string) {
    super(message);
  }
}
