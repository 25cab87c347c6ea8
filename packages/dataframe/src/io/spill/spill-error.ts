/** A spill file that is missing, cut short or corrupt: the query fails with this, never with a wrong answer. */
export class SpillError extends Error {
  override name = 'SpillError';
}
