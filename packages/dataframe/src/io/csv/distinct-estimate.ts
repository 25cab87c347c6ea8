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
 * Never: holds more than MAX_TRACKED hashes a column (past that the column counts as all
 * distinct in the sample).
 */

/** Hashes kept per column: past this the sample's values are taken as all distinct. */
const MAX_TRACKED = 1 << 15;
/**
 * Values counted per column: later ones are not (a folder of 124 files samples ~230 k rows, and
 * hashing every field of every one of them added a fifth to readCsv; the estimate needs far fewer).
 */
const MAX_COUNTED = 1 << 16;

export class DistinctSketch {
  private counts: Map<number, number> | null = new Map();
  /** Values counted (non-null sampled values, up to MAX_COUNTED; not counted once the column is taken as all distinct). */
  values = 0;

  /** Counts the value buf[s, e). */
  add(buf: Uint8Array, s: number, e: number): void {
    const counts = this.counts;
    if (counts === null || this.values >= MAX_COUNTED) return;
    this.values++;
    let h = 0x811c9dc5 ^ (e - s);
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    const c = counts.get(h);
    if (c !== undefined) counts.set(h, c + 1);
    else if (counts.size >= MAX_TRACKED) this.counts = null;
    else counts.set(h, 1);
  }

  /**
   * Estimated distinct values in `rows` rows of which the sample saw `sampledRows` (at most
   * `rows`): exact when the sample was everything, Chao1 otherwise.
   */
  estimate(sampledRows: number, rows: number): number {
    const counts = this.counts;
    if (counts === null) return rows;
    if (sampledRows >= rows && this.values < MAX_COUNTED) return counts.size;
    let f1 = 0;
    let f2 = 0;
    for (const c of counts.values()) {
      if (c === 1) f1++;
      else if (c === 2) f2++;
    }
    return Math.min(rows, Math.round(counts.size + (f1 * (f1 - 1)) / (2 * (f2 + 1))));
  }
}
