/**
 * String dictionaries that outlive one partition, per thread: a scan takes the dictionary of
 * each string column from here and gives it back when its partition is read, so the next
 * partition read by the same worker interns into a table that already holds the values seen
 * before. A high-cardinality key (100 k ids) is then decoded into a JS string once per worker,
 * not once per partition, the table is not regrown from empty, and its codes stay stable.
 *
 * Protocol: `take` removes the dictionary from the cache (a task reading concurrently, e.g.
 * an asynchronous one in the same thread, gets a fresh one: a dictionary is never shared by two
 * scans at once); `give` puts it back unless it has grown past its bound (MAX_DICT_ENTRIES, more
 * for a column whose values repeat: dictionaryBound) or its bytes past theirs (free text would
 * otherwise grow it without end: such a column starts afresh every partition, as before). At
 * most MAX_KEPT dictionaries holding MAX_DICT_ENTRIES values in all are kept, or the one just
 * given if it alone holds more (an idle worker holds at most one bound's worth), least recently
 * given dropped first.
 * A dictionary holding values the next partition never uses is harmless: codes are only
 * meaningful with the dictionary they index, and partials keep only their groups' entries
 * (StringKeys.column, compactDictionary).
 * Never: keeps a dictionary that a scan still uses, or one over the bounds.
 */
import { ByteDictionary } from './byte-dictionary.js';

/** Entries past which a string column's dictionary starts afresh: at a scan's next batch, and when given back here. */
export const MAX_DICT_ENTRIES = 1 << 18;
const MAX_ARENA_BYTES = 16 << 20;
const MAX_KEPT = 8;
/** The bound of a column whose values repeat (dictionaryBound), at most: 4 M entries, a ~256 MB table. */
const MAX_REPEATED_ENTRIES = 1 << 22;
/** Rows a value (at least, estimated) that make a column's values repeat. */
const REPEATS = 4;
/**
 * Bytes a kept dictionary takes an entry, as dictionaryBound reckons them: its table's slots
 * (32 bytes each, at most half full: up to 128 after a doubling), the value's bytes and its
 * decoded string. Measured: 1 M 12-byte ids took ~130 MB a worker.
 */
export const KEPT_BYTES_PER_ENTRY = 128;
/** Arena bytes an entry may take, on average, in a dictionary over MAX_DICT_ENTRIES. */
const ARENA_BYTES_PER_ENTRY = 64;

/**
 * Entries past which a column's dictionary goes one a batch: MAX_DICT_ENTRIES, or, for a column
 * whose values the sample saw repeat (REPEATS rows a value or more: a key of 1 M user ids in 10 M
 * rows), room for them all — as many as `bytes` (the worker's share of the query's memory budget,
 * ScanRequest.dictionaryBytes) holds at KEPT_BYTES_PER_ENTRY, at most MAX_REPEATED_ENTRIES. Such
 * a column's dictionary compresses it, and a grouping by it takes its codes as group ids
 * (kernels/group-index.ts) instead of looking every batch's strings up again (1 M ids: 14.5 ->
 * 11.1 s, +260 MB over two workers); a mostly distinct one (free text, a join's ids) would only
 * grow a table no value is found in twice.
 */
export function dictionaryBound(distinct: number | undefined, rows: number | undefined, bytes: number | undefined): number {
  if (distinct === undefined || rows === undefined || bytes === undefined || distinct * REPEATS > rows) return MAX_DICT_ENTRIES;
  const room = Math.floor(bytes / KEPT_BYTES_PER_ENTRY);
  return Math.max(MAX_DICT_ENTRIES, Math.min(MAX_REPEATED_ENTRIES, room, 2 * distinct));
}

const kept = new Map<string, ByteDictionary>();

/** Key of a column's dictionary: its name and position in the row, and how invalid UTF-8 is read. */
export function dictionaryKey(name: string, index: number, lossyUtf8: boolean): string {
  return `${index}\u0000${lossyUtf8 ? 1 : 0}\u0000${name}`;
}

/**
 * The column's kept dictionary, or a new one sized for `expected` values (readCsv's estimate), at
 * most `bound` (its dictionaryBound): a key of 1 M repeated ids, sized for 256 k, was rehashed
 * twice a worker on its way to 1 M — 0.36 s a worker of db-benchmark's K=10 q3, and the two
 * smaller tables' pages faulted in for nothing.
 */
export function takeDictionary(key: string, lossyUtf8: boolean, expected = 0, bound = MAX_DICT_ENTRIES): ByteDictionary {
  const d = kept.get(key);
  if (d === undefined) return new ByteDictionary(Math.max(1024, Math.min(bound, expected)), lossyUtf8);
  kept.delete(key);
  return d;
}

/** Keeps `d` unless it holds more than `bound` entries (dictionaryBound) or their bytes are too many. */
export function giveDictionary(key: string, d: ByteDictionary, bound = MAX_DICT_ENTRIES): void {
  if (d.size > bound || d.arenaBytes > Math.max(MAX_ARENA_BYTES, bound * ARENA_BYTES_PER_ENTRY)) return;
  d.dropView();
  kept.delete(key);
  kept.set(key, d);
  let entries = 0;
  for (const k of kept.values()) entries += k.size;
  // the one just given stays, however large its bound let it grow
  while (kept.size > MAX_KEPT || (entries > MAX_DICT_ENTRIES && kept.size > 1)) {
    const oldest = kept.keys().next().value!;
    entries -= kept.get(oldest)!.size;
    kept.delete(oldest);
  }
}

/**
 * Columns (by dictionaryKey) that filled a dictionary past MAX_DICT_ENTRIES in one partition:
 * mostly distinct values (ids, free text). A later scan in this thread gives them a small
 * dictionary per batch from the start (scan-rows.ts) instead of growing one to the bound again.
 */
const distinct = new Set<string>();
const MAX_DISTINCT_KEYS = 1024;

export function markDistinct(key: string): void {
  if (distinct.size >= MAX_DISTINCT_KEYS) distinct.clear();
  distinct.add(key);
}

export function isDistinct(key: string): boolean {
  return distinct.has(key);
}

/** Dictionaries kept now (tests). */
export function keptDictionaries(): number {
  return kept.size;
}
