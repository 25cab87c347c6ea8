/**
 * The rank of each entry of one string dictionary in string order (equal strings, equal ranks),
 * as a sort by a string key needs it. A thread keeps the order of its last few large
 * dictionaries: the scan's dictionary of a key is shared by every sort run a worker cuts (100 k
 * ids of db-benchmark q10, ~7 runs a worker), and it only grows — its new entries are sorted
 * alone and merged into the order kept, instead of the whole being sorted again each run (a
 * 100 k-entry sort: ~75 ms, ~0.5 s a worker).
 */
import { wordsPermutation } from './word-radix.js';

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

/** Entries from which stringOrder sorts by radix (fewer: by comparisons, whose code is warm sooner). */
const RADIX_FROM = 4096;
/** Characters after the entries' common prefix that the radix sort reads, 4 a 32-bit word. */
const RADIX_WORDS = 3;
const RADIX_CHARS = 4 * RADIX_WORDS;

/**
 * Codes from..to-1 of `dict` in string order (as `<` compares: UTF-16 code units, a prefix
 * first). Past RADIX_FROM entries whose characters are all below U+00FF: a stable radix sort by
 * the RADIX_CHARS characters after their common prefix (each character + 1 in a byte, 0 past
 * the end), then comparisons only among entries those characters leave tied. db-benchmark q3 on
 * 1 M ids written in key ranges: a reduce task's ~70 k ids, ranked to sort its groups, took
 * ~60 ms by comparisons (~0.43 s a worker).
 */
export function stringOrder(dict: readonly string[], from: number, to: number): Int32Array {
  const m = to - from;
  const order = new Int32Array(m);
  if (m < RADIX_FROM) return shifted(order, null, from).sort(byString(dict));
  const words = prefixWords(dict, from, to);
  if (words === null) return shifted(order, null, from).sort(byString(dict));
  // the last word is the least significant
  const perm = wordsPermutation(words.packed.map((word) => ({ word, bits: 32 })).reverse(), m);
  shifted(order, perm, from);
  if (words.longer) sortTies(dict, order, words.packed, perm);
  return order;
}

// The loops of stringOrder and prefixWords are functions of their own: in one body with the code
// after them, V8 compiled a loop on the stack during a large dictionary's first call, and the code
// after it had no feedback yet — a bail-out a call or two a worker (db-benchmark q10).

/** order[j] = from + perm[j] (from + j without a permutation); `order`. */
function shifted(order: Int32Array, perm: Int32Array | null, from: number): Int32Array {
  if (perm === null) for (let j = 0; j < order.length; j++) order[j] = from + j;
  else for (let j = 0; j < order.length; j++) order[j] = from + perm[j];
  return order;
}

/**
 * The RADIX_CHARS characters after the common prefix of dict[from..to), as RADIX_WORDS words
 * (packed[w][j]: entry from + j's characters 4w…4w + 3 after the prefix), and whether any entry
 * is longer than they reach; null when a character is U+00FF or above (a byte cannot hold it + 1).
 */
function prefixWords(dict: readonly string[], from: number, to: number): { packed: Uint32Array[]; longer: boolean } | null {
  const p = commonPrefix(dict, from, to);
  const packed = Array.from({ length: RADIX_WORDS }, () => new Uint32Array(to - from));
  const longer = packWords(dict, from, to, p, packed);
  return longer === null ? null : { packed, longer };
}

/** The length of the prefix that dict[from..to) share. */
function commonPrefix(dict: readonly string[], from: number, to: number): number {
  const first = dict[from];
  let p = first.length;
  for (let i = from + 1; i < to && p > 0; i++) {
    const s = dict[i];
    if (s.length < p) p = s.length;
    let c = 0;
    while (c < p && s.charCodeAt(c) === first.charCodeAt(c)) c++;
    p = c;
  }
  return p;
}

/** prefixWords' words into `packed`: whether an entry is longer than they reach, or null at a character U+00FF or above. */
function packWords(dict: readonly string[], from: number, to: number, p: number, packed: Uint32Array[]): boolean | null {
  let longer = false;
  for (let i = from; i < to; i++) {
    const s = dict[i];
    const len = s.length;
    if (len > p + RADIX_CHARS) longer = true;
    for (let w = 0; w < RADIX_WORDS; w++) {
      let word = 0;
      for (let c = p + 4 * w, e = c + 4; c < e; c++) {
        const ch = c < len ? s.charCodeAt(c) + 1 : 0;
        if (ch > 0xff) return null;
        word = (word << 8) | ch;
      }
      packed[w][i - from] = word >>> 0;
    }
  }
  return longer;
}

/** Runs of `order` (entries `perm`, relative to the sorted range) that agree on every packed word: sorted again by comparisons, as their characters past the words may differ. */
function sortTies(dict: readonly string[], order: Int32Array, packed: readonly Uint32Array[], perm: Int32Array): void {
  const cmp = byString(dict);
  const same = (a: number, b: number): boolean => {
    for (const word of packed) if (word[a] !== word[b]) return false;
    return true;
  };
  for (let lo = 0; lo < order.length;) {
    let hi = lo + 1;
    while (hi < order.length && same(perm[lo], perm[hi])) hi++;
    if (hi - lo > 1) order.subarray(lo, hi).sort(cmp);
    lo = hi;
  }
}

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
    order = mergeOrders(dict, prior.order, stringOrder(dict, from, n));
  } else {
    order = stringOrder(dict, 0, n);
  }
  const rank = new Uint32Array(n);
  // the last rank + 1 distinct strings (at least 1)
  const ranks = { rank, card: rankInOrder(dict, order, rank) + 1 };
  if (at >= 0) kept.splice(at, 1);
  if (keep) {
    if (kept.length >= MAX_KEPT) kept.shift();
    kept.push({ dict, entries: dict.slice(), order, ranks });
  }
  return ranks;
}

/**
 * rank[code] = the entry's place among the distinct strings, from the entries in string order;
 * returns the last rank (0 for none). A function of its own whose loop nothing follows but the
 * return of a local: in dictionaryRanks' body, V8 compiled this loop on the stack during a first
 * long call and the code after it had no feedback yet — a bail-out a sort run (db-benchmark q10:
 * 9 over two workers). A result object made after the loop, or a comparison, bailed out the same way.
 */
function rankInOrder(dict: readonly string[], order: Int32Array, rank: Uint32Array): number {
  let r = 0;
  for (let j = 0; j < order.length; j++) {
    if (j > 0 && dict[order[j]] !== dict[order[j - 1]]) r++;
    rank[order[j]] = r;
  }
  return r;
}

/** Whether `dict` begins with `entries` (the same string objects, so a pointer comparison each). */
function samePrefix(dict: readonly string[], entries: readonly string[]): boolean {
  for (let j = 0; j < entries.length; j++) if (dict[j] !== entries[j]) return false;
  return true;
}

function mergeOrders(dict: readonly string[], a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  // one loop, nothing after it: loops after the merge's were first run after V8 had compiled the
  // merge on the stack, with no feedback — a bail-out a call
  for (let i = 0, j = 0, o = 0; o < out.length; o++) {
    out[o] = j < b.length && (i === a.length || dict[b[j]] < dict[a[i]]) ? b[j++] : a[i++];
  }
  return out;
}
