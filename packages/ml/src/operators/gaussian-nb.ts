import { describe, fitted, type Estimator, type OperatorInfo } from './operator.js';

/**
 * Gaussian naive Bayes with scikit-learn's variance smoothing (1e-9 × the largest column variance
 * added to every variance). Written here: ml-naivebayes 4.0.0's GaussianNB divides by a zero
 * variance for a constant column (the digits' border pixels) and then scores 0 on the digits.
 */
export class GaussianNB implements Estimator {
  static readonly info: OperatorInfo = { name: 'GaussianNB', kind: 'classifier', space: {}, create: () => new GaussianNB() };
  private model: { labels: number[]; logPrior: number[]; mean: Float64Array[]; variance: Float64Array[] } | null = null;

  fit(X: number[][], y: number[]): this {
    const labels = [...new Set(y)].sort((a, b) => a - b);
    const d = X[0].length;
    const mean = labels.map(() => new Float64Array(d));
    const variance = labels.map(() => new Float64Array(d));
    const count = labels.map(() => 0);
    const at = new Map(labels.map((l, i) => [l, i]));
    X.forEach((row, i) => {
      const c = at.get(y[i])!;
      count[c]++;
      for (let j = 0; j < d; j++) mean[c][j] += row[j];
    });
    labels.forEach((_, c) => mean[c].forEach((s, j) => (mean[c][j] = s / count[c])));
    X.forEach((row, i) => {
      const c = at.get(y[i])!;
      for (let j = 0; j < d; j++) variance[c][j] += (row[j] - mean[c][j]) ** 2;
    });
    let maxVar = 0;
    const all = new Float64Array(d);
    const total = new Float64Array(d);
    for (const row of X) for (let j = 0; j < d; j++) total[j] += row[j] / X.length;
    for (const row of X) for (let j = 0; j < d; j++) all[j] += (row[j] - total[j]) ** 2 / X.length;
    for (let j = 0; j < d; j++) maxVar = Math.max(maxVar, all[j]);
    const eps = 1e-9 * maxVar || 1e-9;
    labels.forEach((_, c) => variance[c].forEach((s, j) => (variance[c][j] = s / count[c] + eps)));
    this.model = { labels, logPrior: count.map((n) => Math.log(n / X.length)), mean, variance };
    return this;
  }

  predict(X: number[][]): number[] {
    const { labels, logPrior, mean, variance } = fitted(this.model, 'GaussianNB');
    return X.map((row) => {
      let best = 0;
      let bestLl = -Infinity;
      for (let c = 0; c < labels.length; c++) {
        let ll = logPrior[c];
        for (let j = 0; j < row.length; j++) ll -= 0.5 * (Math.log(2 * Math.PI * variance[c][j]) + (row[j] - mean[c][j]) ** 2 / variance[c][j]);
        if (ll > bestLl) [best, bestLl] = [c, ll];
      }
      return labels[best];
    });
  }

  toString(): string {
    return describe('GaussianNB', {});
  }
}
