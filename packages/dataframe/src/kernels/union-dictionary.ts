/**
 * One dictionary holding each string of several dictionaries once, and for each of them the
 * code of its entries there: the pieces of a sorted range index a few large dictionaries (each
 * worker's scan dictionary of a key, read back from the spill folder) that hold mostly the same
 * strings. A thread keeps its last few unions (a key column each): the range tasks of one query
 * it runs ask for the same dictionaries (the same arrays: spilled dictionaries are read once per
 * thread), and hashing 2 × 100 k strings again for each would cost ~30 ms a task.
 *
 * The kept union is used again only when each dictionary asked for is the same array, of the
 * same length: a dictionary is never changed in place, only appended to (Column.dict), so its
 * entries are then the ones mapped. (Checking each entry again cost ~0.2 s a worker in q10's
 * 30 range tasks under a 256 MB budget.)
 */
import { sameDictionaries } from './reused-dictionary.js';
import { StringHash } from './string-hash.js';
import { mapValues } from './map-values.js';

export interface UnionDictionary {
  /** Each string once (marked unique). */
  dict: string[];
  /** remap[d][code]: the code in `dict` of dictionary d's entry `code`. */
  remap: Int32Array[];
}

interface Kept { dicts: readonly (readonly string[])[]; lengths: number[]; union: UnionDictionary }

const MAX_KEPT = 8;
/** Larger unions are not kept (a thread holds its unions across queries, ~16 bytes an entry): as dictionary-ranks.ts. */
const KEEP_UP_TO = 1 << 20;
const kept: Kept[] = [];

export function unionDictionary(dicts: readonly (readonly string[])[]): UnionDictionary {
  const hit = kept.find((k) => sameDictionaries(dicts, k.dicts, k.lengths));
  if (hit !== undefined) return hit.union;
  const ids = new StringHash(dicts.reduce((m, d) => Math.max(m, d.length), 0));
  const remap = dicts.map((d) => mapValues(Int32Array, d, (s) => ids.id(s)));
  // StringHash's strings: each once, in first-seen order, marked unique
  const union = { dict: ids.strings, remap };
  if (union.dict.length <= KEEP_UP_TO) {
    if (kept.length >= MAX_KEPT) kept.shift();
    kept.push({ dicts: dicts.slice(), lengths: dicts.map((d) => d.length), union });
  }
  return union;
}
