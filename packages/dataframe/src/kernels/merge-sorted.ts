/**
 * The order of rows of several runs, each already sorted by the same keys, merged: a P-way
 * merge through a tournament tree of run cursors, log P comparisons a row instead of sorting
 * the whole again. Ties go to the earlier run, so the result is what a stable sort of the runs
 * concatenated in order would give. The keys are first encoded, one encoding for all the runs,
 * as packed unsigned words in key order (key-fields.ts: strings as the rank of their string
 * among all the runs', so no comparison touches a string), and a comparison compares a row's
 * one or two words — not a comparator call per key (db-benchmark q10's six keys: ~400 ns a
 * row). Only when ranking the strings does not pay are the keys compared one by one.
 * Returns indexes into the concatenation of the runs; `runOut` (if given) gets each one's run.
 */
import type { Column } from './column.js';
import { stringOrder } from './dictionary-ranks.js';
import { keyFields, rowMajorWords, type KeyField } from './key-fields.js';
import { sameDictionaries, worthKeepingFor } from './reused-dictionary.js';
import { anchorShape } from './shape-anchor.js';
import { StringHash } from './string-hash.js';

type RowCompare = (ra: number, ia: number, rb: number, ib: number) => number;

/**
 * The order of the runs' current rows: whether run a's comes before run b's (an exhausted run's
 * never does). Objects of two classes, not closures made for each merge: the merge loop's
 * optimized code inlined the closure and checked it, and V8 threw that code away ("weak
 * objects") once a range's closure was collected — recompiled range after range (q10 under a
 * 256 MB budget: ~10 compilations of the merge a worker).
 */
interface RunOrder {
  before(a: number, b: number, pos: Int32Array): boolean;
}

export function mergeSortedRuns(runs: readonly (readonly Column[])[], descending: readonly boolean[], nullsLast = true, runOut?: Uint16Array): Int32Array {
  const starts = new Int32Array(runs.length + 1);
  runs.forEach((r, k) => { starts[k + 1] = starts[k] + (r.length > 0 ? r[0].length : 0); });
  const n = starts[runs.length];
  const lengths = Int32Array.from(runs, (r) => (r.length > 0 ? r[0].length : 0));
  const order = (runs.length > 1 ? wordOrder(runs, descending, nullsLast, lengths) : null) ?? columnOrder(runs, descending, nullsLast, lengths);
  return tournament(order, starts, n, runOut);
}

/**
 * Merges through a tournament (loser) tree over the runs: a row taken from the winner's run is
 * replayed from its leaf to the root, one comparison a level (a binary heap's sift-down took two).
 */
function tournament(order: RunOrder, starts: Int32Array, n: number, runOut: Uint16Array | undefined): Int32Array {
  const out = new Int32Array(n);
  const k = starts.length - 1;
  const pos = new Int32Array(k);
  // internal nodes 1 … k−1 hold the losers of their matches; leaves k … 2k−1 are the runs
  const loser = new Int32Array(Math.max(1, k));
  let winner = k > 1 ? play(order, loser, pos, k, 1) : 0;
  for (let o = 0; o < n; o++) {
    const r = winner;
    if (runOut) runOut[o] = r;
    out[o] = starts[r] + pos[r]++;
    for (let node = (r + k) >> 1; node >= 1; node >>= 1) {
      const other = loser[node];
      if (order.before(other, winner, pos)) { loser[node] = winner; winner = other; }
    }
  }
  return out;
}

/** The first matches of the subtree at `node`: records their losers, returns the winner. */
function play(order: RunOrder, loser: Int32Array, pos: Int32Array, k: number, node: number): number {
  if (node >= k) return node - k;
  const a = play(order, loser, pos, k, 2 * node);
  const b = play(order, loser, pos, k, 2 * node + 1);
  if (order.before(b, a, pos)) { loser[node] = a; return b; }
  loser[node] = b;
  return a;
}

/**
 * Orders the runs' rows by their keys packed into `width` words a row (most significant first,
 * row after row); null when a string key's dictionaries are too large to rank.
 */
function wordOrder(runs: readonly (readonly Column[])[], descending: readonly boolean[], nullsLast: boolean, lengths: Int32Array): RunOrder | null {
  const nkeys = runs[0].length;
  const fields: KeyField[] = [];
  for (let j = 0; j < nkeys; j++) {
    const f = keyFields(runs.map((r) => r[j]), descending[j] ?? false, nullsLast, codeRanks);
    if (f === null) return null;
    fields.push(...f);
  }
  // every run packs into the same words (their layout depends on the field widths only)
  const packed = runs.map((_, r) => rowMajorWords(fields, r, lengths[r]));
  return new WordOrder(packed.map((p) => p.keys), lengths, packed[0].width);
}

class WordOrder implements RunOrder {
  constructor(private readonly keys: readonly Uint32Array[], private readonly lengths: Int32Array, private readonly width: number) {}

  before(a: number, b: number, pos: Int32Array): boolean {
    const lengths = this.lengths;
    const pa = pos[a];
    if (pa >= lengths[a]) return false;
    const pb = pos[b];
    if (pb >= lengths[b]) return true;
    const ka = this.keys[a];
    const kb = this.keys[b];
    const width = this.width;
    if (width === 1) {
      const x = ka[pa];
      const y = kb[pb];
      return x < y || (x === y && a < b);
    }
    for (let w = 0, ia = pa * width, ib = pb * width; w < width; w++, ia++, ib++) {
      const x = ka[ia];
      const y = kb[ib];
      if (x !== y) return x < y;
    }
    return a < b;
  }
}

/** Orders the runs' rows key by key (strings as strings when they are not ranked). */
function columnOrder(runs: readonly (readonly Column[])[], descending: readonly boolean[], nullsLast: boolean, lengths: Int32Array): RunOrder {
  const nkeys = runs.length > 0 ? runs[0].length : 0;
  const cmps = Array.from({ length: nkeys }, (_, k) => keyCompare(runs.map((r) => r[k]), descending[k] ?? false, nullsLast));
  return new ColumnOrder(cmps, lengths);
}

class ColumnOrder implements RunOrder {
  constructor(private readonly cmps: readonly RowCompare[], private readonly lengths: Int32Array) {}

  before(a: number, b: number, pos: Int32Array): boolean {
    const lengths = this.lengths;
    if (pos[a] >= lengths[a]) return false;
    if (pos[b] >= lengths[b]) return true;
    for (const cmp of this.cmps) {
      const c = cmp(a, pos[a], b, pos[b]);
      if (c !== 0) return c < 0;
    }
    return a < b;
  }
}

// one live instance of each order class keeps its hidden class across a worker's tasks
anchorShape(new WordOrder([new Uint32Array(1)], new Int32Array(1), 1));
anchorShape(new ColumnOrder([() => 0], new Int32Array(1)));

/** Compares row ia of run ra with row ib of run rb on one key (nulls first or last, either direction). */
function keyCompare(cols: readonly Column[], desc: boolean, nullsLast: boolean): RowCompare {
  const sign = desc ? -1 : 1;
  const nullSign = nullsLast ? 1 : -1;
  const valid = cols.map((c) => c.valid);
  const anyNull = valid.some((v) => v !== null);
  const strings = cols[0]?.dtype === 'string';
  const vals: ArrayLike<number | bigint>[] = cols.map((c) => c.values);
  // strings: a row's value is the rank of its dictionary entry among all the runs' strings
  const ranked = strings ? codeRanks(cols) : { ranks: [] };
  if (ranked === null) {
    // dictionaries about as large as the runs: ranking would hash nearly every row's string,
    // more work than the O(log P) comparisons a row meets in the merge. (Two comparators, the
    // null test written in each: one taking the value through a per-kind accessor call was
    // 10 % slower on a 16-run merge, 163–170 vs 183–185 ms.)
    const dicts = cols.map((c) => c.dict!);
    return (ra, ia, rb, ib) => {
      if (anyNull) {
        const va = valid[ra];
        const vb = valid[rb];
        const na = va !== null && va[ia] === 0;
        const nb = vb !== null && vb[ib] === 0;
        if (na || nb) return na === nb ? 0 : na ? nullSign : -nullSign;
      }
      const x = dicts[ra][vals[ra][ia] as number];
      const y = dicts[rb][vals[rb][ib] as number];
      return x < y ? -sign : x > y ? sign : 0;
    };
  }
  const ranks = ranked.ranks;
  return (ra, ia, rb, ib) => {
    if (anyNull) {
      const va = valid[ra];
      const vb = valid[rb];
      const na = va !== null && va[ia] === 0;
      const nb = vb !== null && vb[ib] === 0;
      if (na || nb) return na === nb ? 0 : na ? nullSign : -nullSign;
    }
    const x = strings ? ranks[ra][vals[ra][ia] as number] : vals[ra][ia];
    const y = strings ? ranks[rb][vals[rb][ib] as number] : vals[rb][ib];
    if (x < y) return -sign;
    if (x > y) return sign;
    // NaN sorts after every number (as the radix sort puts it) and equals NaN
    if (x !== x || y !== y) return x !== x && y !== y ? 0 : x !== x ? sign : -sign;
    return 0;
  };
}

/**
 * The last rankings this thread computed (one per string key of a sort): their dictionaries (in
 * first-use order) with the length each had — a dictionary only grows, and one that grew since
 * must be ranked again — and the ranks of each one's entries. Small ones only: an idle worker
 * holds them until the next merge.
 */
interface Ranking { dicts: readonly (readonly string[])[]; lengths: number[]; ranks: Uint32Array[]; card: number }
const rankings: Ranking[] = [];
const MAX_RANKINGS = 8;
const MAX_CACHED_RANKS = 1 << 20;

function cachedRanks(dicts: readonly (readonly string[])[]): Ranking | undefined {
  return rankings.find((r) => sameDictionaries(dicts, r.dicts, r.lengths));
}

/**
 * Per run, the rank of each of its dictionary entries among all the runs' strings (equal strings,
 * equal ranks), and the count of distinct strings — or null when ranking does not pay. It pays
 * when the runs' distinct dictionaries hold at most half as many entries as the runs have rows
 * (each entry is hashed and sorted once; a row meets log P comparisons), or when this thread has
 * ranked these very dictionaries already: the key ranges of one external sort read their pieces
 * with the same shared dictionaries (io/spill/shared-dictionary.ts), one per map worker.
 */
function codeRanks(cols: readonly Column[]): { ranks: Uint32Array[]; card: number } | null {
  // runs cut from one chunk share its dictionary: each distinct dictionary is ranked once
  const dicts = [...new Set(cols.map((c) => c.dict!))];
  let ranking = cachedRanks(dicts);
  if (ranking === undefined) {
    const rows = cols.reduce((n, c) => n + c.length, 0);
    const entries = dicts.reduce((n, d) => n + d.length, 0);
    // a thread's reused dictionaries are ranked once for all the tasks that merge them
    if (entries * 2 > rows && !worthKeepingFor(dicts, entries)) return null;
    const all = new StringHash();
    const ids = dicts.map((d) => idsOf(all, d));
    const strs = all.strings;
    // the distinct strings in order by radix (dictionary-ranks.ts): by comparisons, a range
    // task's first merge ranked q10's 200 k ids in ~200 ms
    const order = stringOrder(strs, 0, strs.length);
    const rank = new Uint32Array(order.length);
    for (let r = 0; r < order.length; r++) rank[order[r]] = r;
    // Uint32Arrays, as dictionaryRanks' (radix-sort.ts): key-fields.ts' rankedCodes reads both, and
    // met Int32Array ranks after Uint32Array ones as a new map — a bail-out of its compiled loops
    ranking = { dicts, lengths: dicts.map((d) => d.length), ranks: ids.map((d) => ranksOf(d, rank)), card: strs.length };
    if (strs.length <= MAX_CACHED_RANKS) {
      if (rankings.length >= MAX_RANKINGS) rankings.shift();
      rankings.push(ranking);
    }
  }
  const { ranks, card } = ranking;
  const byDict = new Map(dicts.map((d, k) => [d, ranks[k]]));
  return { ranks: cols.map((c) => byDict.get(c.dict!)!), card };
}

// Loops, not typed arrays' from() with a function: a range task's first merge spent ~110 of its
// ~165 ms of ranking q10's two 100 k-id dictionaries calling from()'s functions (cold code)

/** The id in `all` of each of dict's entries. */
function idsOf(all: StringHash, dict: readonly string[]): Int32Array {
  const ids = new Int32Array(dict.length);
  for (let j = 0; j < dict.length; j++) ids[j] = all.id(dict[j]);
  return ids;
}

/** rank[id] of each of `ids`. */
function ranksOf(ids: Int32Array, rank: Uint32Array): Uint32Array {
  const out = new Uint32Array(ids.length);
  for (let j = 0; j < ids.length; j++) out[j] = rank[ids[j]];
  return out;
}
