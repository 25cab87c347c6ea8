/**
 * What a function makes of each entry of a dictionary (a pattern's match, an IN list's hit, a
 * cast's number), worked out only for the entries a batch's rows use and kept for the thread's
 * later batches of the same dictionary: a scan's is shared by the batches of a partition and only
 * grows (entries are appended, never changed), so a batch of 64 k rows no longer works on all
 * 100 k ids it has seen so far (`id3 like '%12345%'` over 10 M rows tested ~15 M strings).
 */

/** Per dictionary, per test: 0 not yet tested, 1 no, 2 yes. */
const kept = new WeakMap<readonly string[], Map<string, Uint8Array>>();

/** Each row's answer (0/1) of `test` of its entry: rows whose valid byte is 0 get 0. */
export function testEntries(dict: readonly string[], codes: Int32Array, valid: Uint8Array | null, n: number, key: string, test: (s: string) => boolean): Uint8Array {
  let byKey = kept.get(dict);
  if (byKey === undefined) { byKey = new Map(); kept.set(dict, byKey); }
  let flags = byKey.get(key);
  if (flags === undefined || flags.length < dict.length) {
    const grown = new Uint8Array(Math.max(dict.length, 2 * (flags?.length ?? 0)));
    if (flags !== undefined) grown.set(flags);
    flags = grown;
    byKey.set(key, flags);
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const c = codes[i];
    let f = flags[c];
    if (f === 0) { f = test(dict[c]) ? 2 : 1; flags[c] = f; }
    out[i] = f - 1;
  }
  return out;
}

/** Per dictionary, per function: its values so far (undefined: not yet worked out). */
const values = new WeakMap<readonly string[], Map<string, unknown[]>>();

/** The values `key` names kept for `dict`, a slot an entry (fill in `undefined` ones as the rows need them). */
export function keptValues<T>(dict: readonly string[], key: string): (T | undefined)[] {
  let byKey = values.get(dict);
  if (byKey === undefined) { byKey = new Map(); values.set(dict, byKey); }
  let kept = byKey.get(key);
  if (kept === undefined) { kept = []; byKey.set(key, kept); }
  // pushed, not assigned far past the end: an array written at sparse indexes turns into a hash table
  for (let k = kept.length; k < dict.length; k++) kept.push(undefined);
  return kept as (T | undefined)[];
}
