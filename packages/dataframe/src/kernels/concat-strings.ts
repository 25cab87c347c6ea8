/**
 * `.str.concat(...)` / SQL's `||` over dictionary-encoded string columns: a row's output is found
 * by its tuple of input codes, so each distinct tuple is joined into a string once, never each
 * row — the tuple is one number (mixed radix) while the dictionaries' sizes multiply to under
 * 2^53, else the codes joined as text. The output dictionary has no duplicates ('a' + 'bc' and
 * 'ab' + 'c' share a code), because group keys and equality compare codes.
 */
import type { Column } from './column.js';
import { DictionaryBuilder } from './dictionary-builder.js';

export function concatStrings(parts: readonly Column[], n: number): Column {
  const valid = jointValidity(parts, n);
  const radix = parts.map((p) => Math.max(1, p.dict!.length));
  const numeric = radix.reduce((a, b) => a * b, 1) < Number.MAX_SAFE_INTEGER;
  const codes = parts.map((p) => p.values as Int32Array);
  const dicts = parts.map((p) => p.dict!);
  const built = new DictionaryBuilder();
  const byTuple = new Map<number | string, number>();
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    let key: number | string;
    if (numeric) {
      key = 0;
      for (let k = 0; k < codes.length; k++) key = key * radix[k] + codes[k][i];
    } else {
      key = '';
      for (let k = 0; k < codes.length; k++) key += `${codes[k][i]},`;
    }
    let code = byTuple.get(key);
    if (code === undefined) {
      let s = '';
      for (let k = 0; k < codes.length; k++) s += dicts[k][codes[k][i]];
      code = built.code(s);
      byTuple.set(key, code);
    }
    out[i] = code;
  }
  return { dtype: 'string', length: n, values: out, valid, dict: built.dict };
}

/** Valid where every part is (null: all valid). */
function jointValidity(parts: readonly Column[], n: number): Uint8Array | null {
  const masks = parts.map((p) => p.valid).filter((v): v is Uint8Array => v !== null);
  if (masks.length === 0) return null;
  if (masks.length === 1) return masks[0];
  const out = masks[0].slice(0, n);
  for (let k = 1; k < masks.length; k++) {
    const m = masks[k];
    for (let i = 0; i < n; i++) out[i] &= m[i];
  }
  return out;
}
