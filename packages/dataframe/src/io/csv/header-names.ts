/**
 * Column names from a header row, made usable the way pandas makes them: names are
 * NFC-normalised (so `é` typed on any keyboard matches), an empty name becomes `Unnamed: i`
 * (0-based position), and a repeated name gets `.1`, `.2`, … (`a`, `a.1`). Files without a
 * header get `column_1`, `column_2`, … unless names are given.
 */

/** NFC-normalised, unique, non-empty names for the given raw names. */
export function uniqueNames(raw: readonly string[]): string[] {
  const names = raw.map((n, i) => (n.trim() === '' ? `Unnamed: ${i}` : n.normalize('NFC')));
  const taken = new Set<string>();
  const counts = new Map<string, number>();
  return names.map((n) => {
    if (!taken.has(n)) {
      taken.add(n);
      return n;
    }
    let k = counts.get(n) ?? 0;
    let candidate: string;
    do candidate = `${n}.${++k}`; while (taken.has(candidate));
    counts.set(n, k);
    taken.add(candidate);
    return candidate;
  });
}

/** Names for a file without a header row. */
export function defaultNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `column_${i + 1}`);
}

/** The names as a user reads them in a message: quoted, so invisible spaces show. */
export function quotedNames(names: readonly string[]): string {
  return names.map((n) => JSON.stringify(n)).join(', ');
}
