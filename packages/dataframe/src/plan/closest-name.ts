/**
 * The most similar name, for "did you mean" hints; null if nothing is close. A name equal after
 * trimming spaces, Unicode normalisation (NFC) and case is the answer (header names often carry
 * invisible spaces); else the nearest by edit distance.
 */
export function closestName(name: string, candidates: readonly string[]): string | null {
  const norm = (s: string): string => s.trim().normalize('NFC').toLowerCase();
  const same = candidates.find((c) => norm(c) === norm(name));
  if (same !== undefined) return same;
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(norm(name), norm(c));
    if (d < bestD) { bestD = d; best = c; }
  }
  return best !== null && bestD <= Math.max(1, Math.floor(name.length / 3)) ? best : null;
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
