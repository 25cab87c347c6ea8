import { describe, expect, it } from 'vitest';
import { appendMapped, bucketByGroup, createGroupValues, groupValuesBytes, reserve, type GroupValues } from './group-values.js';

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
});
