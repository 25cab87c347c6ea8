/**
 * A string column whose dictionary holds only the entries its rows use. Rows cut from a
 * partition (an exchange bucket, a sort segment) share the partition's whole dictionary;
 * sending that along with every piece would copy it once per piece. A partial of a key of 1 M
 * user ids split into 8 pieces takes only its own entries into each, through one remap array
 * per thread, reset where it was set.
 */
import { bytesOf, rowNumbers, takeBytes } from './byte-strings.js';
import type { Column } from './column.js';
import { isUniqueDictionary, markUnique } from './unique-dictionary.js';

export function compactDictionary(c: Column): Column {
  if (c.dtype !== 'string' || !c.dict || c.dict.length <= c.length) return c;
  // held as bytes (a column nothing compares): its rows' values copied, an entry a row
  const bytes = bytesOf(c.dict);
  if (bytes !== undefined) return takeBytes(c, bytes, rowNumbers(c.length));
  const codes = c.values as Int32Array;
  const valid = c.valid;
  const remap = remapFor(c.dict.length);
  const dict: string[] = isUniqueDictionary(c.dict) ? markUnique([]) : [];
  const out = new Int32Array(c.length);
  for (let i = 0; i < c.length; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const code = codes[i];
    let r = remap[code];
    if (r < 0) { r = dict.length; remap[code] = r; dict.push(c.dict[code]); }
    out[i] = r;
  }
  // only the entries set are reset: a piece of a 1 M-string dictionary does not fill 4 MB again
  for (let i = 0; i < c.length; i++) if (valid === null || valid[i] === 1) remap[codes[i]] = -1;
  return { ...c, values: out, dict };
}

/** Dictionary entries up to which the thread's remap array is kept between calls (16 MB). */
const KEPT_REMAP = 1 << 22;
/** All -1 between calls. */
let kept = new Int32Array(0);

/** An all -1 remap of at least n entries: the thread's own, or a new one past KEPT_REMAP. Its user sets it back to all -1. */
export function remapFor(n: number): Int32Array {
  if (n > KEPT_REMAP) return new Int32Array(n).fill(-1);
  if (kept.length < n) kept = new Int32Array(Math.min(KEPT_REMAP, Math.max(n, kept.length * 2))).fill(-1);
  return kept;
}
