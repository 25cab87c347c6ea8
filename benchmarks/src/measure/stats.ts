/** Summary statistics of repeated runs: median, min and max. */

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function summarize(xs: readonly number[]): Summary | null {
  const ok = xs.filter((x) => Number.isFinite(x));
  if (ok.length === 0) return null;
  return { median: median(ok), min: Math.min(...ok), max: Math.max(...ok), n: ok.length };
}
