import { describe, expect, it } from 'vitest';
import { FirstPerKey } from './first-per-key.js';
import { ints } from '../testing/int-column.js';
import { Rng } from '../testing/random-csv.js';


/** The rows FirstPerKey keeps of `keys`, fed in batches cut at `cuts`, as indices into `keys`. */
function kept(f: FirstPerKey, keys: readonly (number | null)[], cuts: readonly number[]): number[] {
  const out: number[] = [];
  const bounds = [0, ...cuts, keys.length];
  for (let b = 0; b + 1 < bounds.length; b++) {
    const from = bounds[b];
    const batch = keys.slice(from, bounds[b + 1]);
    const rows = f.select([ints(batch)], batch.length);
    out.push(...(rows === null ? batch.map((_, i) => from + i) : [...rows].map((i) => from + i)));
  }
  return out;
}

/** The first n rows of each key, by a plain count (null keys dropped unless kept). */
function reference(keys: readonly (number | null)[], n: number, keepNullKeys: boolean): number[] {
  const count = new Map<number | null, number>();
  const out: number[] = [];
  keys.forEach((k, i) => {
    if (k === null && !keepNullKeys) return;
    const c = count.get(k) ?? 0;
    if (c < n) out.push(i);
    count.set(k, c + 1);
  });
  return out;
}

describe('FirstPerKey', () => {
  it('keeps the first n rows of each key across batches, in order; null keys dropped or kept as one key', () => {
    const keys = [1, 2, 1, null, 1, 2, null, 3];
    expect(kept(new FirstPerKey(['int64'], false, 1), keys, [3, 5])).toEqual([0, 1, 7]);
    expect(kept(new FirstPerKey(['int64'], false, 2), keys, [3])).toEqual([0, 1, 2, 5, 7]);
    expect(kept(new FirstPerKey(['int64'], true, 1), keys, [])).toEqual([0, 1, 3, 7]);
  });

  it('a batch kept whole is null (no copy), and an empty batch keeps nothing', () => {
    const f = new FirstPerKey(['int64'], false, 1);
    expect(f.select([ints([1, 2, 3])], 3)).toBeNull();
    expect([...f.select([ints([1, 4])], 2)!]).toEqual([1]);
    expect(f.select([ints([])], 0)).toBeNull();
  });

  it('with few keys remembered, a map side that forgets them and then the exact filter give the exact answer (seeded)', () => {
    const r = new Rng(44);
    for (let round = 0; round < 80; round++) {
      const len = r.int(1, 4000);
      const groups = [3, 50, 800, 100_000][r.int(0, 3)];
      const keys = Array.from({ length: len }, () => (r.chance(0.02) ? null : r.int(0, groups)));
      const n = [1, 2, 5][r.int(0, 2)];
      const keepNullKeys = r.chance(0.5);
      const cuts = Array.from({ length: r.int(0, 6) }, () => r.int(1, len)).sort((a, b) => a - b);
      // the map side remembers at most 1–40 keys: it forgets them, or gives up and keeps every row
      const map = new FirstPerKey(['int64'], keepNullKeys, n, r.int(1, 40));
      const survivors = kept(map, keys, cuts);
      expect(survivors).toEqual([...survivors].sort((a, b) => a - b));
      const exact = kept(new FirstPerKey(['int64'], keepNullKeys, n), survivors.map((i) => keys[i]), []).map((j) => survivors[j]);
      expect(exact, `round ${round}`).toEqual(reference(keys, n, keepNullKeys));
    }
  });

  it('gives up on keys that are nearly all distinct once it has forgotten them: every row is kept from then on', () => {
    const f = new FirstPerKey(['int64'], false, 1, 100);
    const distinct = Array.from({ length: 150 }, (_, i) => i);
    expect(kept(f, distinct, [50, 100])).toEqual(distinct);
    expect(f.passing).toBe(true);
    expect(f.select([ints([0, 0, 0])], 3)).toBeNull();
    // 120 keys that repeat, 100 remembered: forgotten after each batch, so each batch keeps its first row of each again
    const g = new FirstPerKey(['int64'], false, 1, 100);
    const repeating = Array.from({ length: 2000 }, (_, i) => i % 120);
    expect(kept(g, repeating, [500, 1000, 1500])).toEqual([0, 500, 1000, 1500].flatMap((from) => Array.from({ length: 120 }, (_, i) => from + i)));
    expect(g.passing).toBe(false);
  });
});
