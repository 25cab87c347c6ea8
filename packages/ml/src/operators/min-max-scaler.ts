import { columnStats } from './column-stats.js';
import { describe, fitted, type OperatorInfo, type Transformer } from './operator.js';

/** (x − min) / (max − min) per column, into [0, 1] on the training data; a constant column becomes 0. */
export class MinMaxScaler implements Transformer {
  static readonly info: OperatorInfo = { name: 'MinMaxScaler', kind: 'preprocessor', space: {}, create: () => new MinMaxScaler() };
  private stats: { min: Float64Array; range: Float64Array } | null = null;

  fit(X: number[][]): this {
    const { min, max } = columnStats(X);
    this.stats = { min, range: max.map((v, j) => (v > min[j] ? v - min[j] : 1)) };
    return this;
  }

  transform(X: number[][]): number[][] {
    const { min, range } = fitted(this.stats, 'MinMaxScaler');
    return X.map((row) => row.map((v, j) => (v - min[j]) / range[j]));
  }

  toString(): string {
    return describe('MinMaxScaler', {});
  }
}
