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

/**
 * Merges sorted runs (contiguous ranges [starts[r], starts[r + 1]) of one set of key columns)
 * into one sorted permutation; ties keep run order, so the merge is stable.
 */
export function mergeRunsPermutation(keys: readonly Column[], starts: readonly number[], descending: readonly boolean[], nullsLast = true): Int32Array {
  const runs = starts.length - 1;
  const total = starts[runs];
  const out = new Int32Array(total);
  if (runs <= 1 || keys.length === 0) { for (let i = 0; i < total; i++) out[i] = i; return out; }
  const cmp = rowComparator(keys, descending, nullsLast);
  const pos = starts.slice(0, runs);
  // binary heap of run ids, ordered by (current row key, run id)
  const heap: number[] = [];
  const less = (a: number, b: number): boolean => { const r = cmp(pos[a], pos[b]); return r < 0 || (r === 0 && a < b); };
  const up = (i: number): void => { while (i > 0) { const p = (i - 1) >> 1; if (!less(heap[i], heap[p])) break; [heap[i], heap[p]] = [heap[p], heap[i]]; i = p; } };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1; const r = l + 1; let m = i;
      if (l < heap.length && less(heap[l], heap[m])) m = l;
      if (r < heap.length && less(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]]; i = m;
    }
  };
  for (let r = 0; r < runs; r++) if (starts[r] < starts[r + 1]) { heap.push(r); up(heap.length - 1); }
  let k = 0;
  while (heap.length > 0) {
    const r = heap[0];
    out[k++] = pos[r]++;
    if (pos[r] < starts[r + 1]) down(0);
    else { heap[0] = heap[heap.length - 1]; heap.pop(); if (heap.length > 0) down(0); }
  }
  return out;
}
