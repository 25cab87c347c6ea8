/**
 * Sorting of in-memory results: a stable permutation over several key columns (nulls last
 * unless asked otherwise), and `take` to reorder a column by it.
 */
import type { Column, ColumnValues } from './column.js';

export function sortPermutation(keys: readonly Column[], descending: readonly boolean[], nullsLast = true): Int32Array {
  const n = keys.length > 0 ? keys[0].length : 0;
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  if (keys.length === 0) return perm;
  const cmps = keys.map((c, k) => comparator(c, descending[k] ?? false, nullsLast));
  const idx = Array.from(perm);
  idx.sort((a, b) => {
    for (const cmp of cmps) {
      const r = cmp(a, b);
      if (r !== 0) return r;
    }
    return a - b;
  });
  return Int32Array.from(idx);
}

function comparator(c: Column, desc: boolean, nullsLast: boolean): (a: number, b: number) => number {
  const valid = c.valid;
  const sign = desc ? -1 : 1;
  const nullSign = nullsLast ? 1 : -1;
  let value: (i: number) => number | bigint | string;
  if (c.dtype === 'string') {
    const dict = c.dict!;
    const codes = c.values as Int32Array;
    value = (i) => dict[codes[i]];
  } else {
    const v = c.values;
    value = (i) => v[i];
  }
  return (a, b) => {
    const na = valid !== null && valid[a] === 0;
    const nb = valid !== null && valid[b] === 0;
    if (na || nb) return na === nb ? 0 : na ? nullSign : -nullSign;
    const x = value(a);
    const y = value(b);
    return x < y ? -sign : x > y ? sign : 0;
  };
}

export function takeColumn(c: Column, perm: Int32Array): Column {
  const n = perm.length;
  const values = new (c.values.constructor as { new (n: number): ColumnValues })(n);
  const valid = c.valid ? new Uint8Array(n) : null;
  for (let i = 0; i < n; i++) {
    const j = perm[i];
    values[i] = c.values[j];
    if (valid) valid[i] = c.valid![j];
  }
  return { dtype: c.dtype, length: n, values, valid, dict: c.dict };
}
