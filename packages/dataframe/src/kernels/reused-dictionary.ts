/**
 * Which string dictionaries many tasks of this thread read: a spilled shared dictionary (a
 * worker's scan dictionary of a key, io/spill/shared-dictionary.ts) is loaded once per thread and
 * every range task that reads a piece of it gets the same array. Work done once per such a
 * dictionary — ranking its strings for a merge, hashing them into a union — is kept per thread
 * and paid once, not once a task, so it is worth doing even for a task with fewer rows than the
 * dictionary has entries (db-benchmark q10 under a 256 MB budget: 30 ranges of ~330 k rows over
 * two dictionaries of 100 k ids; each range compared strings row by row instead).
 *
 * Known per thread (a WeakSet, as unique-dictionary.ts): nothing is added to the dictionary.
 */
const reused = new WeakSet<readonly string[]>();

/** Records that `dict` is read by many tasks of this thread; returns it. */
export function markReused<T extends readonly string[]>(dict: T): T {
  reused.add(dict);
  return dict;
}

function isReusedDictionary(dict: readonly string[]): boolean {
  return reused.has(dict);
}

/** Entries past which reused dictionaries are not ranked or united for a task of fewer rows (a thread keeps the result: ~16 bytes an entry). */
const MAX_REUSED_ENTRIES = 1 << 20;

/**
 * Whether work over `dicts` (of `entries` entries in all) that a thread keeps — a merge's ranks,
 * a range's union — pays for itself whatever a task's rows: all are reused, and not too large.
 */
export function worthKeepingFor(dicts: readonly (readonly string[])[], entries: number): boolean {
  return entries <= MAX_REUSED_ENTRIES && dicts.every(isReusedDictionary);
}

/**
 * Whether work kept for `kept` (dictionaries of `lengths` entries then) holds for `dicts`: the
 * same arrays, in order, of the same lengths — a dictionary is never changed in place, only
 * appended to (Column.dict), so its entries are then the ones the work saw.
 */
export function sameDictionaries(dicts: readonly (readonly string[])[], kept: readonly (readonly string[])[], lengths: readonly number[]): boolean {
  if (dicts.length !== kept.length) return false;
  for (let d = 0; d < dicts.length; d++) if (dicts[d] !== kept[d] || dicts[d].length !== lengths[d]) return false;
  return true;
}
