/**
 * Sorting of in-memory results: a stable permutation over several key columns (nulls last
 * unless asked otherwise), and `take` to reorder a column by it.
 */
import type { Column, ColumnValues } from './column.js';
import { radixSortPermutation } from './radix-sort.js';

/** A stable permutation sorting the rows by the keys (nulls last unless asked otherwise). */
export function sortPermutation(keys: readonly Column[], descending: readonly boolean[], nullsLast = true): Int32Array {
  return radixSortPermutation(keys, descending, nullsLast);
}

export function comparator(c: Column, desc: boolean, nullsLast: boolean): (a: number, b: number) => number {
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

/** A comparator of rows over several key columns (0 = equal keys). */
export function rowComparator(keys: readonly Column[], descending: readonly boolean[], nullsLast = true): (a: number, b: number) => number {
  const cmps = keys.map((c, k) => comparator(c, descending[k] ?? false, nullsLast));
  return (a, b) => {
    for (const cmp of cmps) {
      const r = cmp(a, b);
      if (r !== 0) return r;
    }
    return 0;
  };
}

/** A row's key values as plain JS values (null for null): boundaries and samples of a range exchange. */
export type KeyTuple = (number | bigint | string | null)[];

export function keyTuple(keys: readonly Column[], i: number): KeyTuple {
  return keys.map((c) => {
    if (c.valid !== null && c.valid[i] === 0) return null;
    return c.dtype === 'string' ? c.dict![(c.values as Int32Array)[i]] : (c.values[i] as number | bigint);
  });
}

export function compareTuples(a: KeyTuple, b: KeyTuple, descending: readonly boolean[], nullsLast = true): number {
  for (let k = 0; k < a.length; k++) {
    const x = a[k];
    const y = b[k];
    if (x === null || y === null) {
      if (x === y) continue;
      return (x === null ? 1 : -1) * (nullsLast ? 1 : -1);
    }
    if (x < y) return descending[k] ? 1 : -1;
    if (x > y) return descending[k] ? -1 : 1;
  }
  return 0;
}

/** Row i of `keys` against a tuple. */
export function compareRowToTuple(keys: readonly Column[], i: number, t: KeyTuple, descending: readonly boolean[], nullsLast = true): number {
  return compareTuples(keyTuple(keys, i), t, descending, nullsLast);
}

/** First row in [lo, hi) of sorted `keys` that is not before `t` (lower bound). */
export function lowerBound(keys: readonly Column[], lo: number, hi: number, t: KeyTuple, descending: readonly boolean[], nullsLast = true): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareRowToTuple(keys, mid, t, descending, nullsLast) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
