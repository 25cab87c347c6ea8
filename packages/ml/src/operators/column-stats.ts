/** Per-column mean, population variance, min and max of a row-major matrix (one pass, Welford). */
export function columnStats(X: number[][]): { mean: Float64Array; variance: Float64Array; min: Float64Array; max: Float64Array } {
  const d = X[0].length;
  const mean = new Float64Array(d);
  const m2 = new Float64Array(d);
  const min = new Float64Array(d).fill(Infinity);
  const max = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < X.length; i++) {
    const row = X[i];
    for (let j = 0; j < d; j++) {
      const v = row[j];
      const delta = v - mean[j];
      mean[j] += delta / (i + 1);
      m2[j] += delta * (v - mean[j]);
      if (v < min[j]) min[j] = v;
      if (v > max[j]) max[j] = v;
    }
  }
  return { mean, variance: m2.map((s) => s / X.length), min, max };
}
