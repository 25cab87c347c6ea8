/** Gathers rows of a column by index; an index of -1 gives a null (the null side of an outer join). */
import { arrayFor, DictionaryUnion, type Column, type ColumnValues } from './column.js';
import { takeColumn } from './sort.js';

export function takeOrNull(c: Column, idx: Int32Array, n = idx.length): Column {
  // every index present (an exchange's rows, an inner join): the per-type gathers
  if (!anyMissing(idx, n)) return takeColumn(c, n === idx.length ? idx : idx.subarray(0, n));
  const values = (c.values instanceof BigInt64Array ? new BigInt64Array(n) : new (c.values.constructor as { new (n: number): ColumnValues })(n));
  const valid = new Uint8Array(n);
  gatherOrNull(c.values, c.valid, idx, n, values, valid);
  return { dtype: c.dtype, length: n, values, valid, dict: c.dict };
}

// takeOrNull's loops, functions of their own: nothing after them that V8's on-stack code would
// stop at (PROFILE.md, "code after a long loop")

/** Whether any of the first n indices is −1 (a null row of an outer join's side). */
export function anyMissing(idx: Int32Array, n = idx.length): boolean {
  for (let i = 0; i < n; i++) if (idx[i] < 0) return true;
  return false;
}

function gatherOrNull(src: ColumnValues, sv: Uint8Array | null, idx: Int32Array, n: number, values: ColumnValues, valid: Uint8Array): void {
  for (let i = 0; i < n; i++) {
    const j = idx[i];
    if (j < 0) continue;
    values[i] = src[j];
    valid[i] = sv ? sv[j] : 1;
  }
}

/** A column of n nulls. */
export function nullColumn(like: Column, n: number): Column {
  return { dtype: like.dtype, length: n, values: like.values instanceof BigInt64Array ? new BigInt64Array(n) : arrayFor(like.dtype, n), valid: new Uint8Array(n), dict: like.dtype === 'string' ? [] : undefined };
}

/**
 * Row `row[i]` of part `part[i]`, for each i: one column gathered from several parts without
 * concatenating them first (the merge of sorted reduce outputs). Strings get one dictionary
 * (`disjoint`: see DictionaryUnion).
 */
export function takeFromParts(parts: readonly Column[], part: Uint16Array, row: Int32Array, dtype: Column['dtype'], disjoint = false): Column {
  const n = row.length;
  const wide = parts.some((p) => p.values instanceof BigInt64Array);
  const values: ColumnValues = wide ? new BigInt64Array(n) : parts.length > 0 ? new (parts[0].values.constructor as { new (n: number): ColumnValues })(n) : arrayFor(dtype, n);
  const valid = parts.some((p) => p.valid !== null) ? new Uint8Array(n) : null;
  const src = parts.map((p) => p.values);
  const srcValid = parts.map((p) => p.valid);
  if (dtype === 'string') {
    const union = new DictionaryUnion(parts, disjoint);
    const remaps = parts.map((p) => union.remap(p.dict!));
    const out = values as Int32Array;
    for (let i = 0; i < n; i++) {
      const k = part[i];
      const j = row[i];
      const ok = srcValid[k] === null || srcValid[k]![j] === 1;
      if (valid) valid[i] = ok ? 1 : 0;
      if (!ok) continue;
      const code = (src[k] as Int32Array)[j];
      const m = remaps[k];
      out[i] = typeof m === 'number' ? code + m : m[code];
    }
    return { dtype, length: n, values: out, valid, dict: union.dict() };
  }
  for (let i = 0; i < n; i++) {
    const k = part[i];
    const j = row[i];
    const v = src[k][j];
    (values as unknown as (number | bigint)[])[i] = wide && typeof v === 'number' ? BigInt(v) : v;
    if (valid) { const sv = srcValid[k]; valid[i] = sv === null ? 1 : sv[j]; }
  }
  return { dtype, length: n, values, valid };
}

