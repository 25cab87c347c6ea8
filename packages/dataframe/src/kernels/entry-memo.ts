/**
 * What a function makes of each entry of a dictionary (a pattern's match, an IN list's hit, a
 * cast's number), worked out only for the entries a batch's rows use and kept for the thread's
 * later batches of the same dictionary: a scan's is shared by the batches of a partition and only
 * grows (entries are appended, never changed), so a batch of 64 k rows no longer works on all
 * 100 k ids it has seen so far (`id3 like '%12345%'` over 10 M rows tested ~15 M strings).
 */

/** Per dictionary, per function (a key naming it): what it made of the entries so far. */
const kept = new WeakMap<readonly string[], Map<string, unknown>>();

/** What `key` keeps for `dict` (made by `create` the first time). */
export function keptFor<T>(dict: readonly string[], key: string, create: () => T): T {
  let byKey = kept.get(dict);
  if (byKey === undefined) { byKey = new Map(); kept.set(dict, byKey); }
  let v = byKey.get(key) as T | undefined;
  if (v === undefined) { v = create(); byKey.set(key, v); }
  return v;
}

/** `a` with room for `n` entries at least (doubled, the new ones `fill`): itself if it has. */
export function grownTo<A extends Uint8Array | Int32Array>(a: A, n: number, fill: number): A {
  if (a.length >= n) return a;
  const grown = new (a.constructor as new (n: number) => A)(Math.max(n, 2 * a.length));
  if (fill !== 0) grown.fill(fill, a.length);
  grown.set(a);
  return grown;
}

/** Each row's answer (0/1) of `test` of its entry: rows whose valid byte is 0 get 0. */
export function testEntries(dict: readonly string[], codes: Int32Array, valid: Uint8Array | null, n: number, key: string, test: (s: string) => boolean): Uint8Array {
  // per entry: 0 not yet tested, 1 no, 2 yes
  const box = keptFor(dict, key, () => ({ flags: new Uint8Array(0) }));
  const flags = (box.flags = grownTo(box.flags, dict.length, 0));
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

/** The values `key` names kept for `dict`, a slot an entry (fill in `undefined` ones as the rows need them). */
export function keptValues<T>(dict: readonly string[], key: string): (T | undefined)[] {
  const values = keptFor<(T | undefined)[]>(dict, key, () => []);
  // pushed, not assigned far past the end: an array written at sparse indexes turns into a hash table
  for (let k = values.length; k < dict.length; k++) values.push(undefined);
  return values;
}
