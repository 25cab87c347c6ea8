/**
 * A string column whose dictionary holds only the entries its rows use. Rows cut from a
 * partition (an exchange bucket, a sort segment) share the partition's whole dictionary;
 * sending that along with every piece would copy it once per piece.
 */
import type { Column } from './column.js';
import { isUniqueDictionary, markUnique } from './unique-dictionary.js';

export function compactDictionary(c: Column): Column {
  if (c.dtype !== 'string' || !c.dict || c.dict.length <= c.length) return c;
  const codes = c.values as Int32Array;
  const valid = c.valid;
  const remap = new Int32Array(c.dict.length).fill(-1);
  const dict: string[] = isUniqueDictionary(c.dict) ? markUnique([]) : [];
  const out = new Int32Array(c.length);
  for (let i = 0; i < c.length; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const code = codes[i];
    let r = remap[code];
    if (r < 0) { r = dict.length; remap[code] = r; dict.push(c.dict[code]); }
    out[i] = r;
  }
  return { ...c, values: out, dict };
}
