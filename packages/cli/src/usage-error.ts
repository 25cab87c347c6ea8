/** A mistake in how floe was called (an option's value, a missing option): exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
