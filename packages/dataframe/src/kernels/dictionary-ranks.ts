/**
 * The rank of each entry of one string dictionary in string order (equal strings, equal ranks),
 * as a sort by a string key needs it. A thread keeps the order of its last few large
 * dictionaries: the scan's dictionary of a key is shared by every sort run a worker cuts (100 k
 * ids of db-benchmark q10, ~7 runs a worker), and it only grows — its new entries are sorted
 * alone and merged into the order kept, instead of the whole being sorted again each run (a
 * 100 k-entry sort: ~75 ms, ~0.5 s a worker).
 */

export interface DictionaryRanks {
  /** rank[code]: the entry's place among the distinct strings, in order. */
  rank: Uint32Array;
  /** The count of distinct strings (at least 1). */
  card: number;
}

/** `entries`: the dictionary's entries when ranked — a dictionary changed other than by appending is ranked afresh. */
interface Kept { dict: readonly string[]; entries: string[]; order: Int32Array; ranks: DictionaryRanks }

/** Dictionaries smaller than this are sorted afresh: cheap, and not worth holding. */
const KEEP_FROM = 4096;
/** Nor are larger ones than this held (~16 bytes an entry, for as long as the thread lives): as the merge's rankings. */
const KEEP_UP_TO = 1 << 20;
const MAX_KEPT = 4;
const kept: Kept[] = [];

const byString = (dict: readonly string[]) => (a: number, b: number): number => (dict[a] < dict[b] ? -1 : dict[a] > dict[b] ? 1 : 0);

export function dictionaryRanks(dict: readonly string[]): DictionaryRanks {
  const n = dict.length;
  const keep = n >= KEEP_FROM && n <= KEEP_UP_TO;
  const at = keep ? kept.findIndex((k) => k.dict === dict && k.entries.length <= n && samePrefix(dict, k.entries)) : -1;
  const prior = at >= 0 ? kept[at] : undefined;
  if (prior !== undefined && prior.entries.length === n) return prior.ranks;
  let order: Int32Array;
  if (prior !== undefined) {
    // the entries added since, sorted, merged into the kept order (ties: the older entry first)
    const from = prior.entries.length;
    const added = Int32Array.from({ length: n - from }, (_, j) => from + j).sort(byString(dict));
    order = mergeOrders(dict, prior.order, added);
  } else {
    order = Int32Array.from({ length: n }, (_, j) => j).sort(byString(dict));
  }
  const rank = new Uint32Array(n);
  let r = 0;
  for (let j = 0; j < n; j++) {
    if (j > 0 && dict[order[j]] !== dict[order[j - 1]]) r++;
    rank[order[j]] = r;
  }
  const ranks = { rank, card: n === 0 ? 1 : r + 1 };
  if (at >= 0) kept.splice(at, 1);
  if (keep) {
    if (kept.length >= MAX_KEPT) kept.shift();
    kept.push({ dict, entries: dict.slice(), order, ranks });
  }
  return ranks;
}

/** Whether `dict` begins with `entries` (the same string objects, so a pointer comparison each). */
function samePrefix(dict: readonly string[], entries: readonly string[]): boolean {
  for (let j = 0; j < entries.length; j++) if (dict[j] !== entries[j]) return false;
  return true;
}

function mergeOrders(dict: readonly string[], a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length && j < b.length) out[o++] = dict[b[j]] < dict[a[i]] ? b[j++] : a[i++];
  while (i < a.length) out[o++] = a[i++];
  while (j < b.length) out[o++] = b[j++];
  return out;
}
