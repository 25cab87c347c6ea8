/**
 * A rough, cheap estimate of the heap bytes a value holds, for spill thresholds: strings by
 * length, containers by their first elements extrapolated. Never walks a large value whole.
 */
const SAMPLE = 8;

export function estimateSize(v: unknown, depth = 0): number {
  switch (typeof v) {
    case 'string':
      return 16 + v.length * 2;
    case 'object': {
      if (v === null) return 8;
      if (depth > 3) return 64;
      if (Array.isArray(v)) {
        const n = v.length;
        let s = 0;
        const m = Math.min(n, SAMPLE);
        for (let i = 0; i < m; i++) s += estimateSize(v[i], depth + 1);
        return 32 + (m === 0 ? 0 : (s / m) * n) + 8 * n;
      }
      if (ArrayBuffer.isView(v)) return 64 + v.byteLength;
      let s = 32;
      let i = 0;
      for (const k in v) {
        if (i++ >= 32) break;
        s += 16 + k.length + estimateSize((v as Record<string, unknown>)[k], depth + 1);
      }
      return s;
    }
    default:
      return 16;
  }
}
