import { describe, expect, test } from 'vitest';
import { Rng } from '../../testing/random-csv.js';
import { byteHash } from './byte-dictionary.js';
import { DistinctSketch, estimateTuples, HashCounts, RowHashes, TUPLE_ROWS } from './distinct-estimate.js';
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
    s.add(byteHash(b, 0, b.length));
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
    for (let i = 0; i < 3000; i++) { const b = enc.encode(`v${i}`); s.add(byteHash(b, 0, b.length)); }
    const est = s.estimate(3000, 1_000_000);
    expect(est).toBeGreaterThan(1_000_000 / 2);
    expect(est).toBeLessThanOrEqual(1_000_000);
  });

  test('past 16 384 values a column counts no more (its estimate is taken from those)', () => {
    const s = sample(100, 70_000, 3);
    expect(s.values).toBe(16_384);
    expect(s.estimate(70_000, 70_000)).toBe(100);
    expect(s.estimate(70_000, 10_000_000)).toBe(100);
  });

  test.each([
    [100_000, 65_536],
    [300_000, 65_536],
    [1_000_000, 60_000],
  ])('%i keys met more often than the 8 k values it tracks (a sample of %i): estimated from a share of them, within a factor of 1.5', (keys, n) => {
    // 100 k keys in 64 k sampled values (four files' samples of db-benchmark's id3) met ~48 k of
    // them: counted as all distinct, its 10 M-row column was scanned with a dictionary per batch
    const est = sample(keys, n, keys + 7).estimate(n, 10_000_000);
    expect(est).toBeGreaterThan(keys / 1.5);
    expect(est).toBeLessThan(keys * 1.5);
  });

  test('a column of all-distinct values (a join id per row) is estimated at its rows, past the values it tracks too', () => {
    const s = new DistinctSketch();
    for (let i = 0; i < 65_536; i++) { const b = enc.encode(`row${i}`); s.add(byteHash(b, 0, b.length)); }
    expect(s.estimate(65_536, 10_000_000)).toBe(10_000_000);
    // the whole column sampled: its distinct values from the counted half, scaled (no cap but the rows)
    const whole = new DistinctSketch();
    for (let i = 0; i < 50_000; i++) { const b = enc.encode(`row${i}`); whole.add(byteHash(b, 0, b.length)); }
    const est = whole.estimate(50_000, 50_000);
    expect(est).toBeGreaterThan(50_000 / 1.1);
    expect(est).toBeLessThanOrEqual(50_000);
  });
});

describe('the row hashes kept for key tuples', () => {
  test('16 k rows of a few columns; a file of thousands of columns keeps fewer rows (4 MB of hashes in all)', () => {
    expect(new RowHashes(9).capacity).toBe(TUPLE_ROWS);
    expect(new RowHashes(2000).capacity).toBe(524);
    const wide = new RowHashes(2000);
    for (let r = 0; r < 3000; r++) if (wide.begin()) wide.set(0, r);
    expect(wide.seen).toBe(3000);
    expect(wide.rows).toBe(524);
    expect(wide.columns.reduce((n, c) => n + c.byteLength, 0)).toBeLessThanOrEqual(4 << 20);
  });
});

describe('the rows kept are drawn from all that were sampled', () => {
  test('past its capacity each offered row is kept with the same chance (reservoir, fixed seed)', () => {
    const rh = new RowHashes(1);
    const n = 10 * TUPLE_ROWS;
    for (let r = 0; r < n; r++) if (rh.begin()) rh.set(0, r);
    expect(rh.rows).toBe(TUPLE_ROWS);
    // as many kept from each tenth of the rows offered, within 10 %
    const tenths = new Array(10).fill(0);
    for (const v of rh.columns[0]) tenths[Math.floor(v / TUPLE_ROWS)]++;
    for (const t of tenths) expect(Math.abs(t - TUPLE_ROWS / 10)).toBeLessThan(TUPLE_ROWS / 100);
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
  });

  test('key tuples: correlated columns count as one, independent ones multiply (up to the rows)', () => {
    const p = join(dir, 'tuples.csv');
    const r = new Rng(12);
    // id and name name the same 5 000 customers; a and b are independent, 1 000 values each
    writeFileSync(p, `id,name,a,b\n${Array.from({ length: 400_000 }, () => { const c = r.int(1, 5000); return `${c},n${c},${r.int(1, 1000)},${r.int(1, 1000)}`; }).join('\n')}\n`);
    const src = inferCsvSource([p]);
    const rows = src.estimatedRows!;
    const customers = estimateTuples(src.rowHashes!, ['id', 'name'], rows)!;
    expect(customers).toBeGreaterThan(5000 / 1.5);
    expect(customers).toBeLessThan(5000 * 1.5);
    // a × b: 1 M combinations in 400 k rows — about as many groups as rows
    expect(estimateTuples(src.rowHashes!, ['a', 'b'], rows)!).toBeGreaterThan(rows / 2);
    expect(estimateTuples(src.rowHashes!, ['id', 'nope'], rows)).toBeNull();
  });

  test('a file written snapshot by snapshot (18 000 ids, the same order each time): its ids repeat in the sample, not "as many as the rows"', () => {
    const p = join(dir, 'snapshots.csv');
    const lines: string[] = [];
    for (let snap = 0; snap < 20; snap++) for (let id = 0; id < 18_000; id++) lines.push(`${snap},id${id},${(id * 7 + snap) % 1000}`);
    writeFileSync(p, `snap,id,v\n${lines.join('\n')}\n`);
    const src = inferCsvSource([p]);
    const rows = src.estimatedRows!;
    expect(rows).toBeGreaterThan(300_000);
    // the first 16 k rows alone are 16 k distinct ids: Chao1 would say every row is its own id
    const ids = estimateTuples(src.rowHashes!, ['id'], rows)!;
    expect(ids).toBeLessThan(rows / 8);
    expect(ids).toBeGreaterThan(18_000 / 2);
  });

  test('key tuples of a file sampled whole are exact, a null one value', () => {
    const p = join(dir, 'tuples-small.csv');
    writeFileSync(p, `a,b\n${Array.from({ length: 600 }, (_, i) => `${i % 4},${i % 3 === 0 ? '' : i % 5}`).join('\n')}\n`);
    const src = inferCsvSource([p]);
    // a = i mod 4 and b = null (i ≡ 0 mod 3) or i mod 5: every (i mod 60) class once
    const seen = new Set(Array.from({ length: 600 }, (_, i) => `${i % 4},${i % 3 === 0 ? '' : i % 5}`));
    expect(estimateTuples(src.rowHashes!, ['a', 'b'], 600)).toBe(seen.size);
    expect(estimateTuples(src.rowHashes!, ['a'], 600)).toBe(4);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('HashCounts', () => {
  test('counts as a Map does, through growth, colliding slots and retain', () => {
    const r = new Rng(7);
    const counts = new HashCounts();
    const ref = new Map<number, number>();
    // hashes sharing their low bits collide in the table's slots; 0 and -1 are hashes like any other
    const pool = [0, -1, 1 << 20, 2 << 20, 3 << 20, ...Array.from({ length: 3000 }, () => r.int(-(2 ** 31), 2 ** 31 - 1))];
    for (let i = 0; i < 20_000; i++) {
      const h = pool[r.int(0, pool.length - 1)];
      const n = (ref.get(h) ?? 0) + 1;
      ref.set(h, n);
      expect(counts.add(h)).toBe(n);
    }
    const check = (): void => {
      expect(counts.size).toBe(ref.size);
      for (const n of [1, 2, 3, 7]) expect(counts.withCount(n)).toBe([...ref.values()].filter((c) => c === n).length);
    };
    check();
    counts.retain((h) => (h & 3) === 0);
    for (const h of [...ref.keys()]) if ((h & 3) !== 0) ref.delete(h);
    check();
    // what retain kept is still counted where it is
    for (const h of [...ref.keys()].slice(0, 50)) expect(counts.add(h)).toBe(ref.get(h)! + 1);
  });
});
