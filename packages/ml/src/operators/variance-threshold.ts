import { columnStats } from './column-stats.js';
import { describe, fitted, withDefaults, type OperatorInfo, type Transformer } from './operator.js';

/** Drops columns whose (population) variance on the training data is not above `threshold`. */
export class VarianceThreshold implements Transformer {
  static readonly info: OperatorInfo = {
    name: 'VarianceThreshold',
    kind: 'preprocessor',
    space: { threshold: [0, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.2] },
    create: (p) => new VarianceThreshold(p as { threshold: number }),
  };
  readonly params: { threshold: number };
  private keep: number[] | null = null;

  constructor(params: { threshold?: number } = {}) {
    this.params = withDefaults('VarianceThreshold', { threshold: 0 }, params);
  }

  fit(X: number[][]): this {
    const { variance } = columnStats(X);
    const keep = [...variance.keys()].filter((j) => variance[j] > this.params.threshold);
    if (keep.length === 0) throw new Error(`VarianceThreshold: no column has a variance above ${this.params.threshold}`);
    this.keep = keep;
    return this;
  }

  transform(X: number[][]): number[][] {
    const keep = fitted(this.keep, 'VarianceThreshold');
    return X.map((row) => keep.map((j) => row[j]));
  }

  toString(): string {
    return describe('VarianceThreshold', this.params);
  }
}
