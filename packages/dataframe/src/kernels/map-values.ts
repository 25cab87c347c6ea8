/**
 * `Ctor.from(source, f)` at a loop's cost: a typed array's `from` with a mapping function walks
 * its source through the iterator protocol — 170–190 ns an element on Node 20, against ~13 for
 * this loop (a dictionary of a million strings mapped per batch, a peer group's last rows).
 */
export function mapValues<S, T extends Int32Array | Uint8Array | Float64Array>(Ctor: new (n: number) => T, source: ArrayLike<S>, f: (x: S, i: number) => number): T {
  const n = source.length;
  const out = new Ctor(n);
  for (let i = 0; i < n; i++) out[i] = f(source[i], i);
  return out;
}
