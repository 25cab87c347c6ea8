/**
 * How many distinct values a column holds, estimated from the schema sample: each sampled value's
 * bytes are hashed and counted, and the count of values seen once (f1) and twice (f2) gives the
 * Chao1 estimate of the whole column's distinct values, d + f1(f1 − 1) / (2(f2 + 1)) — the
 * values the sample has not met yet are guessed from how many it met only once.
 *
 * Used to plan, never to answer: a grouped aggregate on a key of ~100 k values makes fewer,
 * larger partitions (physical/operator-graph.ts), because each partition's partial holds every
 * group it meets and is split, moved and merged whole. An estimate off by any factor costs speed,
 * not correctness.
 * Never: holds more than MAX_TRACKED hashes a column. Past that it keeps counting a random half
 * of the values (by their hash; then a quarter, …) and scales what it estimates from them: a key
 * of 100 k values met ~15 k times in its 16 k counted values counts as ~100 k, not as all distinct.
 *
 * The hashes of TUPLE_ROWS sampled rows are kept per column (RowHashes): the distinct key
 * *tuples* of a grouping by several columns are estimated from them, since correlated keys (an
 * id and its name) make far fewer groups than their counts multiplied.
 */

import { warmUp } from '../../kernels/warm-up.js';

/** Hashes kept per column: past this only a half of the values (by hash) is counted, then a quarter, … */
const MAX_TRACKED = 1 << 13;
/** The most halvings: 2^-16 of the hash space still holds a value of a column of 64 k distinct values. */
const MAX_LEVEL = 16;
/**
 * Values counted per column: later ones are not (a folder of 124 files samples ~230 k rows, and
 * hashing every field of every one of them added a fifth to readCsv; the estimate needs far fewer).
 * 64 k → 16 k (and 32 k → 8 k tracked): readCsv of four files' samples (~60 k rows) 20–25 ms
 * less in a fresh process — its hashing ran mostly unoptimized, on a query's critical path — with
 * db-benchmark's and the string benchmark's keys estimated within 5 % of before (the same plans).
 */
const MAX_COUNTED = 1 << 14;
/** A HashCounts' slots to start (32 kB): a sample's column of a few thousand values never grows it. */
const HASH_SLOTS = 4096;

export class DistinctSketch {
  private readonly counts: HashCounts;
  /** Halvings so far: a value is counted only when its hash's top `level` bits are 0 (one in 2^level values). */
  private level = 0;
  /** Values counted (non-null sampled values, up to MAX_COUNTED). */
  values = 0;

  /** `maxTracked` and `slots`: smaller only for the module's warm-up (below). */
  constructor(private readonly maxTracked = MAX_TRACKED, slots = HASH_SLOTS) {
    this.counts = new HashCounts(slots);
  }

  /** Whether add still counts values (else a value need not be hashed for it). */
  get counting(): boolean {
    return this.values < MAX_COUNTED;
  }

  /** Counts a value by its hash (byteHash, byte-dictionary.ts: the hash interning takes). */
  add(h: number): void {
    if (this.values >= MAX_COUNTED) return;
    this.values++;
    if (this.level > 0 && !kept(h, this.level)) return;
    if (this.counts.add(h) === 1 && this.counts.size > this.maxTracked) this.halve();
  }

  /** Keeps the values of one more halving (their counts are whole: every occurrence was counted). */
  private halve(): void {
    while (this.counts.size > this.maxTracked && this.level < MAX_LEVEL) {
      const level = ++this.level;
      this.counts.retain((h) => kept(h, level));
    }
  }

  /**
   * Estimated distinct values in `rows` rows of which the sample saw `sampledRows` (at most
   * `rows`): exact when the sample was everything and every value was counted, Chao1 otherwise
   * (over the counted share of the values, scaled up by it).
   */
  estimate(sampledRows: number, rows: number): number {
    const scale = 2 ** this.level;
    if (sampledRows >= rows && this.values < MAX_COUNTED) return Math.min(rows, this.counts.size * scale);
    return Math.min(rows, chao1(this.counts, Math.ceil(rows / scale)) * scale);
  }
}

/** Whether a value of hash h is among the counted ones after `level` halvings (its mixed hash's top bits 0). */
function kept(h: number, level: number): boolean {
  const x = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (x ^ (x >>> 12)) >>> (32 - level) === 0;
}

/** The hash a null value gets in RowHashes. */
const NULL_HASH = 0x5bd1e995;

/** Sampled rows whose values' hashes are kept, for the distinct tuples of several columns. */
export const TUPLE_ROWS = 1 << 14;
/** Hashes kept in all (4 MB): a file of many columns keeps fewer rows (1 000 columns: 1 048 rows). */
const MAX_HASHES = 1 << 20;

/**
 * The hashes of each column's values in sampled rows (a null: NULL_HASH): TUPLE_ROWS of them
 * (fewer for many columns), drawn evenly from every sampled row — the heads and tails of all the
 * files — by reservoir sampling with a fixed seed. The first rows alone would see a file written
 * snapshot by snapshot (the same ids again and again) as all distinct.
 */
export class RowHashes {
  readonly columns: Int32Array[];
  readonly capacity: number;
  /** Rows offered (begin calls). */
  seen = 0;
  private slot = -1;
  private rng = 0x9e3779b9;

  /** `maxRows`: the most rows it will be offered, when known (a tail sample's bytes bound its rows). */
  constructor(columns: number, maxRows = TUPLE_ROWS) {
    this.capacity = Math.min(TUPLE_ROWS, maxRows, Math.floor(MAX_HASHES / Math.max(1, columns)));
    this.columns = Array.from({ length: columns }, () => new Int32Array(this.capacity));
  }

  /** Rows held. */
  get rows(): number {
    return Math.min(this.seen, this.capacity);
  }

  /** Offers the next sampled row: whether it is kept (then set() records its values). */
  begin(): boolean {
    this.seen++;
    if (this.seen <= this.capacity) {
      this.slot = this.seen - 1;
      return true;
    }
    let x = this.rng; // xorshift32
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    const j = this.rng % this.seen;
    this.slot = j < this.capacity ? j : -1;
    return this.slot >= 0;
  }

  /** Records the kept row's value in `column` by its hash (byteHash, byte-dictionary.ts: the hash interning takes), or null. */
  set(column: number, h: number | null): void {
    this.columns[column][this.slot] = h === null ? NULL_HASH : h;
  }

  /** Offers every row `other` holds, as if each were sampled here. */
  addFrom(other: RowHashes): void {
    for (let r = 0; r < other.rows; r++) {
      if (!this.begin()) continue;
      for (let c = 0; c < this.columns.length; c++) this.columns[c][this.slot] = other.columns[c][r];
    }
  }
}

/** What a CSV source keeps of its sample for estimating key tuples (CsvSource.rowHashes). */
export interface RowHashSample {
  /** Rows recorded (drawn from the whole sample: RowHashes). */
  rows: number;
  /** Per column name, its values' hashes in those rows. */
  hashes: Record<string, Int32Array>;
}

export function rowHashSample(names: readonly string[], rh: RowHashes): RowHashSample {
  const hashes = Object.create(null) as Record<string, Int32Array>;
  names.forEach((name, i) => { hashes[name] = rh.columns[i].slice(0, rh.rows); });
  return { rows: rh.rows, hashes };
}

/** estimateTuples' answers for each sample, by names and rows: planning one grouped aggregate asks 4–6 times (~6 ms each, cold). */
const estimates = new WeakMap<RowHashSample, Map<string, number | null>>();

/**
 * Estimated distinct tuples of the columns `names` in `rows` rows, from the sample's row hashes:
 * exact when the sample holds every row, Chao1 otherwise; null when a column has no hashes.
 */
export function estimateTuples(sample: RowHashSample, names: readonly string[], rows: number): number | null {
  let known = estimates.get(sample);
  if (known === undefined) estimates.set(sample, (known = new Map()));
  const key = JSON.stringify([rows, names]);
  if (!known.has(key)) known.set(key, countTuples(sample, names, rows));
  return known.get(key)!;
}

function countTuples(sample: RowHashSample, names: readonly string[], rows: number): number | null {
  const cols = names.map((n) => (Object.hasOwn(sample.hashes, n) ? sample.hashes[n] : null));
  if (cols.some((c) => c === null) || sample.rows === 0) return null;
  const counts = new HashCounts();
  for (let r = 0; r < sample.rows; r++) {
    let h = 0x811c9dc5;
    for (const c of cols) {
      h = Math.imul(h ^ c![r], 0x9e3779b1);
      h ^= h >>> 15;
    }
    counts.add(h);
  }
  return sample.rows >= rows ? counts.size : chao1(counts, rows);
}

/** Chao1 over the counts of the values a sample met: d + f1(f1 − 1) / (2(f2 + 1)), at most `rows`. */
function chao1(counts: HashCounts, rows: number): number {
  const f1 = counts.withCount(1);
  const f2 = counts.withCount(2);
  return Math.min(rows, Math.round(counts.size + (f1 * (f1 - 1)) / (2 * (f2 + 1))));
}

/**
 * How often each 32-bit hash occurred: open addressing over two typed arrays (a hash's slot from
 * its low bits — the hashes counted are mixed already). With a Map (a lookup and a store a value)
 * a cold readCsv of four files took 120 ms against 110.
 */
export class HashCounts {
  private keys: Int32Array;
  /** 0: an empty slot. */
  private counts: Int32Array;
  private mask: number;
  size = 0;

  constructor(slots = HASH_SLOTS) {
    this.keys = new Int32Array(slots);
    this.counts = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** Counts one more occurrence of `h`; returns its count. */
  add(h: number): number {
    const keys = this.keys;
    const counts = this.counts;
    let s = h & this.mask;
    for (;;) {
      const c = counts[s];
      if (c === 0) break;
      if (keys[s] === h) return (counts[s] = c + 1);
      s = (s + 1) & this.mask;
    }
    keys[s] = h;
    counts[s] = 1;
    // grown at 3/4 full: a column's 8 k tracked values in 16 k slots, which chao1 and a halving walk
    if (++this.size * 4 > (this.mask + 1) * 3) this.rebuild(this.counts.length * 2, null);
    return 1;
  }

  /** How many hashes occurred exactly `n` times. */
  withCount(n: number): number {
    let k = 0;
    for (let s = 0; s < this.counts.length; s++) if (this.counts[s] === n) k++;
    return k;
  }

  /** Forgets the hashes `keep` refuses. */
  retain(keep: (h: number) => boolean): void {
    this.rebuild(this.counts.length, keep);
  }

  private rebuild(capacity: number, keep: ((h: number) => boolean) | null): void {
    const { keys, counts } = this;
    this.keys = new Int32Array(capacity);
    this.counts = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.size = 0;
    for (let o = 0; o < counts.length; o++) {
      const c = counts[o];
      if (c === 0 || (keep !== null && !keep(keys[o]))) continue;
      let s = keys[o] & this.mask;
      while (this.counts[s] !== 0) s = (s + 1) & this.mask;
      this.keys[s] = keys[o];
      this.counts[s] = c;
      this.size++;
    }
  }
}

// The sketches' and the row sample's rare paths run when the module loads, on tiny instances:
// readCsv's per-field callback inlines them, and they first ran well into the sample (a
// halving past 8 k values, a growth, the reservoir past 16 k rows) — after V8 had compiled the
// callback, which bailed out at each and was compiled again (5 times in db-benchmark q3's
// readCsv, ~100 ms of compiling beside the pool's starting threads). kernels/warm-up.ts.
warmUp((k) => {
  const sketch = new DistinctSketch(8, 8);
  for (let i = 0; i < 40; i++) sketch.add(Math.imul(i + 1 + k * 40, 0x9e3779b1));
  sketch.estimate(40, 1000);
  const rows = new RowHashes(2, 4);
  for (let r = 0; r < 12; r++) {
    if (!rows.begin()) continue;
    rows.set(0, r);
    rows.set(1, null);
  }
  new RowHashes(2, 8).addFrom(rows);
  new RowHashes(0).addFrom(new RowHashes(0));
});
