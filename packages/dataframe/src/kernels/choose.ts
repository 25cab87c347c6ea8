/**
 * when(cond).then(a).otherwise(b), row by row: a where cond is true, b where it is false or
 * null. The output type is plan/resolve.ts's `whenType`: a branch that is the null literal
 * takes the other branch's type; different numeric types meet in float64.
 */
import type { DType } from '../types/dtype.js';
import { arrayFor, type Column } from './column.js';
import { mapValues } from './map-values.js';

export function choose(cond: Column, a: Column, b: Column, dtype: DType, n: number): Column {
  const take = new Uint8Array(n);
  const cv = cond.values as Uint8Array;
  for (let i = 0; i < n; i++) take[i] = cv[i] === 1 && (cond.valid === null || cond.valid[i] === 1) ? 1 : 0;
  let valid: Uint8Array | null = null;
  if (a.valid !== null || b.valid !== null) {
    valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const src = take[i] === 1 ? a : b;
      valid[i] = src.valid === null ? 1 : src.valid[i];
    }
  }
  if (dtype === 'string') return chooseStrings(take, a, b, valid, n);
  const av = a.values;
  const bv = b.values;
  // int64 beyond 2^53 (a branch of bigints) stays exact: the result is bigints too
  if (dtype === 'int64' && (av instanceof BigInt64Array || bv instanceof BigInt64Array)) {
    const wide = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      const src = take[i] === 1 ? a : b;
      if (src.valid !== null && src.valid[i] === 0) continue;
      const v = src.values[i];
      wide[i] = typeof v === 'bigint' ? v : BigInt(v);
    }
    return { dtype, length: n, values: wide, valid };
  }
  const out = arrayFor(dtype, n);
  for (let i = 0; i < n; i++) {
    const src = take[i] === 1 ? av : bv;
    const srcValid = take[i] === 1 ? a.valid : b.valid;
    if (srcValid !== null && srcValid[i] === 0) continue;
    out[i] = Number(src[i]);
  }
  return { dtype, length: n, values: out, valid };
}

/** Strings: the branches' dictionaries merged into one (a branch without a dictionary is all null). */
function chooseStrings(take: Uint8Array, a: Column, b: Column, valid: Uint8Array | null, n: number): Column {
  const dict: string[] = [];
  const codes = new Map<string, number>();
  const remap = (d: readonly string[] | undefined): Int32Array => mapValues(Int32Array, d ?? [], (s) => {
    let code = codes.get(s);
    if (code === undefined) { code = dict.length; dict.push(s); codes.set(s, code); }
    return code;
  });
  const ra = remap(a.dict);
  const rb = remap(b.dict);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    out[i] = take[i] === 1 ? ra[a.values[i] as number] : rb[b.values[i] as number];
  }
  return { dtype: 'string', length: n, values: out, valid, dict };
}
