import { describe, fitted, type OperatorInfo, type Transformer } from './operator.js';

/** (x − median) / IQR per column (quantiles interpolated linearly, as numpy); a zero IQR is taken as 1. */
export class RobustScaler implements Transformer {
  static readonly info: OperatorInfo = { name: 'RobustScaler', kind: 'preprocessor', space: {}, create: () => new RobustScaler() };
  private stats: { median: number[]; iqr: number[] } | null = null;

  fit(X: number[][]): this {
    const d = X[0].length;
    const median: number[] = [];
    const iqr: number[] = [];
    for (let j = 0; j < d; j++) {
      const col = X.map((r) => r[j]).sort((a, b) => a - b);
      median.push(quantile(col, 0.5));
      const r = quantile(col, 0.75) - quantile(col, 0.25);
      iqr.push(r > 0 ? r : 1);
    }
    this.stats = { median, iqr };
    return this;
  }

  transform(X: number[][]): number[][] {
    const { median, iqr } = fitted(this.stats, 'RobustScaler');
    return X.map((row) => row.map((v, j) => (v - median[j]) / iqr[j]));
  }

  toString(): string {
    return describe('RobustScaler', {});
  }
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
