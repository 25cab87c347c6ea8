import { describe, expect, it } from 'vitest';
import { appendMapped, bucketByGroup, createGroupValues, gatherRuns, groupRuns, groupValuesBytes, mergeLater, reserve, runLength, splitGroupValues, type GroupValues } from './group-values.js';

function listOf(pairs: [number, number][]): GroupValues {
  const s = createGroupValues();
  reserve(s, pairs.length);
  for (const [g, v] of pairs) { s.gid[s.len] = g; s.val[s.len++] = v; }
  return s;
}

/** Every pair of a list (its own, then those merged by reference through their maps), as [group, value]. */
function pairsOf(s: GroupValues): [number, number][] {
  const out: [number, number][] = [];
  for (const { list, map } of [{ list: s, map: null }, ...s.later]) {
    for (let i = 0; i < list.len; i++) {
      const g = map === null ? list.gid[i] : map[list.gid[i]];
      if (g >= 0) out.push([g, list.val[i]]);
    }
  }
  return out;
}

/** Each group's values (sorted) as groupRuns finds them. */
function runsOf(s: GroupValues, n: number): number[][] {
  const runs = groupRuns(s, n);
  const into = new Float64Array(runs.most);
  return Array.from({ length: n }, (_, g) => {
    expect(runLength(runs, g)).toBe(gatherRuns(runs, g, into));
    return Array.from(into.subarray(0, runLength(runs, g))).sort((x, y) => x - y);
  });
}

const sizesOf = (part: Int32Array, parts: number): Int32Array => {
  const sizes = new Int32Array(parts);
  for (const b of part) sizes[b]++;
  return sizes;
};

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

  it('a large partial split into parts by bucket: each part its own pairs, grouped by their group in the part (in order of arrival within one), in memory a clone to another thread shares', () => {
    const n = 100_000;
    const s = listOf(Array.from({ length: n }, (_, i): [number, number] => [i % 1000, i * 0.5]));
    // groups to 3 parts by g % 3, renumbered within their part
    const part = Int32Array.from({ length: 1000 }, (_, g) => g % 3);
    const local = Int32Array.from({ length: 1000 }, (_, g) => Math.floor(g / 3));
    const parts = splitGroupValues(s, part, local, sizesOf(part, 3));
    parts.forEach((p, b) => {
      const want = Array.from({ length: n }, (_, i) => i).filter((i) => (i % 1000) % 3 === b);
      // a stable sort by local group: what the part holds, in that order
      const sorted = want.map((i): [number, number] => [Math.floor((i % 1000) / 3), i * 0.5]).sort((x, y) => x[0] - y[0]);
      expect(pairsOf(p)).toEqual(sorted);
      expect(p.later.every((l) => l.list.grouped === true)).toBe(true);
      // what postMessage does to a task's arguments: the clone sees the same memory, nothing copied
      const clone = structuredClone(p);
      p.later[0].list.val[0] = -1;
      expect(clone.later[0].list.val[0]).toBe(-1);
    });
    // a small one stays in ordinary memory (a shared allocation each is not worth it)
    const small = splitGroupValues(listOf([[0, 1], [1, 2]]), Int32Array.of(0, 1), Int32Array.of(0, 0), Int32Array.of(1, 1));
    expect(small.map((p) => p.later.map((l) => l.list.val.buffer instanceof SharedArrayBuffer))).toEqual([[false], [false]]);
  });

  it('a split writes each sealed chunk into the arrays of the one before: one new chunk of memory, not a copy of every pair', () => {
    const n = 3_500_000;
    const groups = 5000;
    const s = createGroupValues();
    for (let lo = 0; lo < n; lo += 50_000) {
      reserve(s, 50_000);
      for (let i = lo; i < lo + 50_000; i++) { s.gid[s.len] = (i * 7919) % groups; s.val[s.len++] = i; }
    }
    const before = new Set<ArrayBufferLike>([s.val.buffer, ...s.later.map((l) => l.list.val.buffer)]);
    expect(before.size).toBe(4);
    const part = Int32Array.from({ length: groups }, (_, g) => g % 4);
    const local = Int32Array.from({ length: groups }, (_, g) => g >> 2);
    const parts = splitGroupValues(s, part, local, sizesOf(part, 4));
    const after = new Set(parts.flatMap((p) => p.later.map((l) => l.list.val.buffer)));
    expect([...after].filter((b) => !before.has(b))).toHaveLength(1);
    expect(parts.reduce((t, p) => t + groupValuesBytes(p), 0)).toBe(12 * n);
    // every value once, in its group: group g of the partial is local g >> 2 of part g % 4
    const runs = parts.map((p) => groupRuns(p, groups / 4));
    const into = new Float64Array(n);
    for (const g of [0, 1, 4999]) {
      const r = runs[g % 4];
      const got = Array.from(into.subarray(0, gatherRuns(r, g >> 2, into)));
      const want: number[] = [];
      for (let i = 0; i < n; i++) if ((i * 7919) % groups === g) want.push(i);
      expect(got.sort((x, y) => x - y)).toEqual(want);
    }
  });

  it('runs of grouped pieces merged by reference: each group\'s values where they are, as bucketing them gives', () => {
    const a = listOf(Array.from({ length: 20_000 }, (_, i): [number, number] => [i % 7, i]));
    const b = listOf(Array.from({ length: 30_000 }, (_, i): [number, number] => [(i * 3) % 5, -i]));
    const pa = Int32Array.from({ length: 7 }, (_, g) => g % 2);
    const pb = Int32Array.from({ length: 5 }, (_, g) => g % 2);
    const la = Int32Array.from({ length: 7 }, (_, g) => g >> 1);
    const lb = Int32Array.from({ length: 5 }, (_, g) => g >> 1);
    const wantA = bucketByGroup(a, 7);
    const wantB = bucketByGroup(b, 5);
    const [a0] = splitGroupValues(a, pa, la, sizesOf(pa, 2));
    const [b0] = splitGroupValues(b, pb, lb, sizesOf(pb, 2));
    // a reduce task: a's part-0 groups (0, 2, 4, 6 → local 0..3) and b's (0, 2, 4 → local 0..2) as groups 3 - local and local
    const r = createGroupValues();
    mergeLater(r, a0, Int32Array.of(3, 2, 1, 0), 4);
    mergeLater(r, b0, Int32Array.of(0, 1, 2), 3);
    const runs = groupRuns(r, 4);
    expect(runs.owned).toBe(false);
    expect(runs.lists.map((l) => l.buffer)).toEqual([...a0.later, ...b0.later].map((l) => l.list.val.buffer));
    const bucket = (w: { offsets: Int32Array; values: Float64Array }, g: number): number[] => Array.from(w.values.subarray(w.offsets[g], w.offsets[g + 1]));
    const want = [0, 1, 2, 3].map((g) => [...bucket(wantA, 2 * (3 - g)), ...(g < 3 ? bucket(wantB, 2 * g) : [])].sort((x, y) => x - y));
    expect(runsOf(r, 4)).toEqual(want);
    // an ungrouped list among them: bucketed into memory of its own (one run a group)
    mergeLater(r, listOf([[0, 0.5]]), Int32Array.of(1), 1);
    const mixed = groupRuns(r, 4);
    expect(mixed.owned).toBe(true);
    expect(runsOf(r, 4)).toEqual(want.map((v, g) => (g === 1 ? [...v, 0.5].sort((x, y) => x - y) : v)));
    expect(Array.from(mixed.start)).toEqual([0, 1, 2, 3, 4]);
  });

  it('a list marked grouped whose group comes in two runs is an internal error, not values dropped past the runs\' room', () => {
    const bad = createGroupValues();
    bad.later.push({ list: { ...listOf([[0, 1], [1, 2], [0, 3]]), grouped: true }, map: Int32Array.of(0, 1) });
    expect(() => groupRuns(bad, 2)).toThrow('internal: a grouped list holds a group in more than one run');
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
    // split through the maps: what bucketing the merged values gives, part by part; the lists
    // merged by reference are read, not reused (they are other states' values)
    const parts = splitGroupValues(top, Int32Array.of(0, 1, 0), Int32Array.of(0, 0, 1), Int32Array.of(2, 1));
    expect(bucketsOf(parts[0], 2)).toEqual([[1, 4, 30], [3, 20, 40]]);
    expect(bucketsOf(parts[1], 1)).toEqual([[2, 10]]);
    expect(runsOf(parts[0], 2)).toEqual([[1, 4, 30], [3, 20, 40]]);
    expect(Array.from(a.val.subarray(0, 4))).toEqual([1, 2, 3, 4]);
    expect(Array.from(b.val.subarray(0, 4))).toEqual([10, 20, 30, 40]);
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
    // merged by reference into another list, groups reversed: the sealed chunks' maps become the reversal
    const m = createGroupValues();
    mergeLater(m, s, Int32Array.from({ length: groups }, (_, g) => groups - 1 - g), groups);
    expect(m.later).toHaveLength(3);
    expect(sums(bucketByGroup(m, groups), [999, 998, 0])).toEqual(want);
    // split by g % 2, renumbered g >> 1 (s's arrays are reused: split last)
    const part = Int32Array.from({ length: groups }, (_, g) => g % 2);
    const parts = splitGroupValues(s, part, Int32Array.from({ length: groups }, (_, g) => g >> 1), sizesOf(part, 2));
    expect(parts.map((p) => groupValuesBytes(p) / 12)).toEqual([n / 2, n / 2]);
    expect(sums(bucketByGroup(parts[0], 500), [0])).toEqual([want[0]]);
    expect(sums(bucketByGroup(parts[1], 500), [0, 499])).toEqual([want[1], want[2]]);
  });
});

