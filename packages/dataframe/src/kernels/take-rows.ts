/**
 * Takes the same rows of several columns, again and again (the segments of a sorted run, each
 * through its slice of the sort permutation). The validity of up to eight nullable columns is
 * first packed into one byte a row, so a row taken reads one byte at a random place instead of
 * eight: db-benchmark q10's nine nullable columns spent more in their validity gathers (~1 s of
 * a worker) than in any one kind of value.
 */
import type { Column } from './column.js';
import { gatherU8, takeColumn, takeValues } from './sort.js';

export function rowTaker(cols: readonly Column[]): (rows: Int32Array) => Column[] {
  const nullable = cols.flatMap((c, k) => (c.valid !== null ? [k] : []));
  if (nullable.length < 2) return (rows) => cols.map((c) => takeColumn(c, rows));
  const n = cols[0].length;
  const masks: Uint8Array[] = [];
  for (let g = 0; g < nullable.length; g += 8) {
    const mask = new Uint8Array(n);
    for (let b = 0; b < 8 && g + b < nullable.length; b++) {
      const valid = cols[nullable[g + b]].valid!;
      const bit = 1 << b;
      for (let i = 0; i < n; i++) if (valid[i] !== 0) mask[i] |= bit;
    }
    masks.push(mask);
  }
  return (rows) => {
    const m = rows.length;
    const valid: (Uint8Array | null)[] = cols.map(() => null);
    masks.forEach((mask, g) => {
      const taken = gatherU8(mask, rows);
      for (let b = 0; b < 8 && g * 8 + b < nullable.length; b++) {
        const v = new Uint8Array(m);
        for (let i = 0; i < m; i++) v[i] = (taken[i] >> b) & 1;
        valid[nullable[g * 8 + b]] = v;
      }
    });
    return cols.map((c, k) => ({ ...takeValues(c, rows), valid: valid[k] }));
  };
}
