import { describe, expect, test } from 'vitest';
import { Rng } from '../../testing/random-csv.js';
import { DistinctSketch } from './distinct-estimate.js';
import { inferCsvSource } from './infer-schema.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const enc = new TextEncoder();

/** A sketch of `n` values drawn uniformly (seeded) from `distinct` keys. */
function sample(distinct: number, n: number, seed: number): DistinctSketch {
  const r = new Rng(seed);
  const s = new DistinctSketch();
  for (let i = 0; i < n; i++) {
    const b = enc.encode(`id${String(r.int(1, distinct)).padStart(10, '0')}`);
    s.add(b, 0, b.length);
  }
  return s;
}

describe('distinct values estimated from a sample (Chao1)', () => {
  test('a sample that is all the rows counts exactly', () => {
    const s = sample(50, 5000, 1);
    expect(s.values).toBe(5000);
    expect(s.estimate(5000, 5000)).toBe(50);
  });

  test.each([
    [100, 5000],
    [10_000, 5000],
    [100_000, 5000],
    [100_000, 20_000],
  ])('%i keys from a sample of %i of 10 M rows: within a factor of 1.5', (keys, n) => {
    const est = sample(keys, n, keys + n).estimate(n, 10_000_000);
    expect(est).toBeGreaterThan(keys / 1.5);
    expect(est).toBeLessThan(keys * 1.5);
  });

  test('every sampled value distinct: as many as the rows, at most', () => {
    const s = new DistinctSketch();
    for (let i = 0; i < 3000; i++) { const b = enc.encode(`v${i}`); s.add(b, 0, b.length); }
    const est = s.estimate(3000, 1_000_000);
    expect(est).toBeGreaterThan(1_000_000 / 2);
    expect(est).toBeLessThanOrEqual(1_000_000);
  });

  test('past 65 536 values a column counts no more (its estimate is taken from those)', () => {
    const s = sample(100, 70_000, 3);
    expect(s.values).toBe(65_536);
    expect(s.estimate(70_000, 70_000)).toBe(100);
    expect(s.estimate(70_000, 10_000_000)).toBe(100);
  });

  test('past the values it tracks, a column counts as all distinct', () => {
    const s = sample(1_000_000, 60_000, 7);
    expect(s.estimate(60_000, 10_000_000)).toBe(10_000_000);
  });
});

describe('readCsv keeps the estimates with the source', () => {
  const dir = mkdtempSync(join(tmpdir(), 'floe-distinct-'));
  test('a file sampled whole: exact distinct values per column and exact rows, nulls not counted', () => {
    const p = join(dir, 'small.csv');
    writeFileSync(p, `k,v,s\n${Array.from({ length: 1000 }, (_, i) => `${i % 37},${i},${i % 5 === 0 ? '' : `s${i % 3}`}`).join('\n')}\n`);
    const src = inferCsvSource([p]);
    expect(src.estimatedRows).toBe(1000);
    expect(src.distinct).toEqual({ k: 37, v: 1000, s: 3 });
  });

  test('a file larger than its sample: rows from the bytes per row, keys near their true count', () => {
    const p = join(dir, 'large.csv');
    const r = new Rng(11);
    writeFileSync(p, `k,x\n${Array.from({ length: 400_000 }, (_, i) => `key${r.int(1, 30_000)},${i % 7}`).join('\n')}\n`);
    const src = inferCsvSource([p]);
    expect(src.estimatedRows).toBeGreaterThan(400_000 * 0.9);
    expect(src.estimatedRows).toBeLessThan(400_000 * 1.1);
    expect(src.distinct!.x).toBe(7);
    expect(src.distinct!.k).toBeGreaterThan(20_000);
    expect(src.distinct!.k).toBeLessThan(45_000);
    rmSync(dir, { recursive: true, force: true });
  });
});
