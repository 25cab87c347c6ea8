/** Gathers rows of a column by index; an index of -1 gives a null (the null side of an outer join). */
import { arrayFor, type Column, type ColumnValues } from './column.js';

export function takeOrNull(c: Column, idx: Int32Array, n = idx.length): Column {
  const values = (c.values instanceof BigInt64Array ? new BigInt64Array(n) : new (c.values.constructor as { new (n: number): ColumnValues })(n));
  let valid: Uint8Array | null = null;
  let anyMissing = false;
  for (let i = 0; i < n; i++) if (idx[i] < 0) { anyMissing = true; break; }
  if (anyMissing || c.valid) valid = new Uint8Array(n);
  const src = c.values;
  const sv = c.valid;
  for (let i = 0; i < n; i++) {
    const j = idx[i];
    if (j < 0) continue;
    values[i] = src[j];
    if (valid) valid[i] = sv ? sv[j] : 1;
  }
  return { dtype: c.dtype, length: n, values, valid, dict: c.dict };
}

/** A column of n nulls. */
export function nullColumn(like: Column, n: number): Column {
  return { dtype: like.dtype, length: n, values: like.values instanceof BigInt64Array ? new BigInt64Array(n) : arrayFor(like.dtype, n), valid: new Uint8Array(n), dict: like.dtype === 'string' ? [] : undefined };
}
