import { columnStats } from './column-stats.js';
import { describe, fitted, type OperatorInfo, type Transformer } from './operator.js';

/** (x − mean) / std per column; a constant column becomes 0 (std taken as 1, like scikit-learn). */
export class StandardScaler implements Transformer {
  static readonly info: OperatorInfo = { name: 'StandardScaler', kind: 'preprocessor', space: {}, create: () => new StandardScaler() };
  private stats: { mean: Float64Array; scale: Float64Array } | null = null;

  fit(X: number[][]): this {
    const { mean, variance } = columnStats(X);
    this.stats = { mean, scale: variance.map((v) => (v > 0 ? Math.sqrt(v) : 1)) };
    return this;
  }

  transform(X: number[][]): number[][] {
    const { mean, scale } = fitted(this.stats, 'StandardScaler');
    return X.map((row) => row.map((v, j) => (v - mean[j]) / scale[j]));
  }

  toString(): string {
    return describe('StandardScaler', {});
  }
}
