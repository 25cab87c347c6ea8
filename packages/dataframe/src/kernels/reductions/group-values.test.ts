import { describe, expect, it } from 'vitest';
import { appendMapped, bucketByGroup, createGroupValues, groupValuesBytes, mergeLater, reserve, splitGroupValues, type GroupValues } from './group-values.js';

function listOf(pairs: [number, number][]): GroupValues {
  const s = createGroupValues();
  reserve(s, pairs.length);
  for (const [g, v] of pairs) { s.gid[s.len] = g; s.val[s.len++] = v; }
  return s;
}

describe('group values', () => {
  // 10,000 values over 100 groups
  const big = listOf(Array.from({ length: 10_000 }, (_, i): [number, number] => [i % 100, i]));

  it('a piece taken from a partial split by bucket holds its own pairs, not room for the whole partial', () => {
    // bucket 0 of 4: groups 0, 4, 8, … renumbered 0..24
    const map = Int32Array.from({ length: 100 }, (_, g) => (g % 4 === 0 ? g / 4 : -1));
    const piece = createGroupValues();
    appendMapped(piece, big, map);
    expect(piece.len).toBe(2_500);
    expect(groupValuesBytes(piece)).toBeLessThanOrEqual(12 * 2_500);
    const { offsets, values } = bucketByGroup(piece, 25);
    expect(offsets[1] - offsets[0]).toBe(100);
    expect(values[0]).toBe(0);
    expect(values[offsets[1]]).toBe(4); // group 1 of the piece is group 4 of the partial
  });

  it('appending to a list that holds pairs keeps them and adds the mapped ones', () => {
    const s = listOf([[0, -1]]);
    appendMapped(s, big, Int32Array.from({ length: 100 }, (_, g) => (g === 7 ? 0 : -1)));
    expect(s.len).toBe(101);
    expect(Array.from(s.val.subarray(0, 3))).toEqual([-1, 7, 107]);
  });

  it('a large partial split into parts by bucket: each part its own pairs, in order, in memory a clone to another thread shares', () => {
    const n = 100_000;
    const s = listOf(Array.from({ length: n }, (_, i): [number, number] => [i % 1000, i * 0.5]));
    // groups to 3 parts by g % 3, renumbered within their part
    const part = Int32Array.from({ length: 1000 }, (_, g) => g % 3);
    const local = Int32Array.from({ length: 1000 }, (_, g) => Math.floor(g / 3));
    const parts = splitGroupValues(s, part, local, 3);
    parts.forEach((p, b) => {
      const want = Array.from({ length: n }, (_, i) => i).filter((i) => (i % 1000) % 3 === b);
      expect(p.len).toBe(want.length);
      expect(Array.from(p.gid.subarray(0, p.len))).toEqual(want.map((i) => Math.floor((i % 1000) / 3)));
      expect(Array.from(p.val.subarray(0, p.len))).toEqual(want.map((i) => i * 0.5));
      // what postMessage does to a task's arguments: the clone sees the same memory, nothing copied
      const clone = structuredClone(p);
      p.val[0] = -1;
      expect(clone.val[0]).toBe(-1);
    });
    // a small one stays in ordinary memory (a shared allocation each is not worth it)
    const small = splitGroupValues(listOf([[0, 1], [1, 2]]), Int32Array.of(0, 1), Int32Array.of(0, 0), 2);
    expect(small.map((p) => p.val.buffer instanceof SharedArrayBuffer)).toEqual([false, false]);
  });

  it('merges by reference when the map keeps most groups, copies when it keeps few, and buckets either way as copies would', () => {
    const a = listOf([[0, 1], [1, 2], [2, 3], [0, 4]]);
    const b = listOf([[0, 10], [1, 20], [2, 30], [1, 40]]);
    // a: groups 0,1,2 -> 2,0,1; b: every group to 0,1,2 as they are (both keep all: by reference)
    const m = createGroupValues();
    mergeLater(m, a, Int32Array.of(2, 0, 1, 99), 3);
    mergeLater(m, b, Int32Array.of(0, 1, 2, 99), 3);
    expect(m.len).toBe(0);
    expect(m.later).toHaveLength(2);
    // merged again into another state (a combine of combines): the maps composed, still no copy
    const top = createGroupValues();
    mergeLater(top, m, Int32Array.of(1, 2, 0), 3);
    expect(top.later.map((l) => l.list.val)).toEqual([a.val, b.val]);
    const bucketsOf = (s: GroupValues, n: number): number[][] => {
      const { offsets, values } = bucketByGroup(s, n);
      return Array.from({ length: n }, (_, g) => Array.from(values.subarray(offsets[g], offsets[g + 1])).sort((x, y) => x - y));
    };
    // top's group of a's group 0 is 1 -> 2 ... composed: a0->2->0, a1->0->1, a2->1->2; b g->g->(1,2,0)[g]
    expect(bucketsOf(top, 3)).toEqual([[1, 4, 30], [2, 10], [3, 20, 40]]);
    // the same through copies (settle) and through a map that keeps one group of three (copied at once)
    const copied = createGroupValues();
    mergeLater(copied, top, Int32Array.of(-1, 0, -1), 3);
    expect(copied.later).toHaveLength(0);
    expect(bucketsOf(copied, 1)).toEqual([[2, 10]]);
    // split in place, through the maps: what bucketing the merged values gives, part by part
    const parts = splitGroupValues(top, Int32Array.of(0, 1, 0), Int32Array.of(0, 0, 1), 2);
    expect(bucketsOf(parts[0], 2)).toEqual([[1, 4, 30], [3, 20, 40]]);
    expect(bucketsOf(parts[1], 1)).toEqual([[2, 10]]);
  });

  it('past a chunk of 2^20 pairs the arrays are sealed, not grown by copies: 2.5 M pairs in 100 k batches hold ~30 MB, and bucket, split and merge as one list would', () => {
    const n = 2_500_000;
    const groups = 1000;
    const s = createGroupValues();
    for (let lo = 0; lo < n; lo += 100_000) {
      reserve(s, 100_000);
      for (let i = lo; i < lo + 100_000; i++) { s.gid[s.len] = (i * 7) % groups; s.val[s.len++] = i; }
    }
    expect(s.later.map((l) => [l.list.len, l.map])).toEqual([[1_000_000, null], [1_000_000, null]]);
    expect(s.len).toBe(500_000);
    expect(groupValuesBytes(s)).toBeLessThanOrEqual(12 * 3_100_000);
    // group g holds the i with i·7 ≡ g (mod 1000): 2,500 values, their sum known
    const sumOf = (g: number): number => { let t = 0; for (let i = 0; i < n; i++) if ((i * 7) % groups === g) t += i; return t; };
    const want = [0, 1, 999].map(sumOf);
    const sums = (b: { offsets: Int32Array; values: Float64Array }, gs: number[]): number[] =>
      gs.map((g) => { let t = 0; for (let k = b.offsets[g]; k < b.offsets[g + 1]; k++) t += b.values[k]; return t; });
    const buckets = bucketByGroup(s, groups);
    expect(buckets.offsets[groups]).toBe(n);
    expect(sums(buckets, [0, 1, 999])).toEqual(want);
    // split by g % 2, renumbered g >> 1
    const parts = splitGroupValues(s, Int32Array.from({ length: groups }, (_, g) => g % 2), Int32Array.from({ length: groups }, (_, g) => g >> 1), 2);
    expect(parts.map((p) => p.len)).toEqual([n / 2, n / 2]);
    expect(sums(bucketByGroup(parts[0], 500), [0])).toEqual([want[0]]);
    expect(sums(bucketByGroup(parts[1], 500), [0, 499])).toEqual([want[1], want[2]]);
    // merged by reference into another list, groups reversed: the sealed chunks' maps become the reversal
    const m = createGroupValues();
    mergeLater(m, s, Int32Array.from({ length: groups }, (_, g) => groups - 1 - g), groups);
    expect(m.later).toHaveLength(3);
    expect(sums(bucketByGroup(m, groups), [999, 998, 0])).toEqual(want);
  });
});

