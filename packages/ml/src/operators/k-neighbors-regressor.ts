import { nearestNeighbors } from './nearest-neighbors.js';
import { describe, fitted, withDefaults, type Estimator, type OperatorInfo } from './operator.js';

/** Mean (or 1/distance-weighted mean) of the k nearest training targets. */
export class KNeighborsRegressor implements Estimator {
  static readonly info: OperatorInfo = {
    name: 'KNeighborsRegressor',
    kind: 'regressor',
    space: { k: [1, 2, 3, 5, 7, 9, 15, 25], weights: ['uniform', 'distance'] },
    create: (p) => new KNeighborsRegressor(p as { k: number; weights: 'uniform' | 'distance' }),
  };
  readonly params: { k: number; weights: string };
  private data: { X: number[][]; y: number[] } | null = null;

  constructor(params: { k?: number; weights?: 'uniform' | 'distance' } = {}) {
    this.params = withDefaults('KNeighborsRegressor', { k: 5, weights: 'uniform' as string }, params);
  }

  fit(X: number[][], y: number[]): this {
    this.data = { X, y };
    return this;
  }

  predict(X: number[][]): number[] {
    const data = fitted(this.data, 'KNeighborsRegressor');
    return X.map((q) => {
      const { rows, dist } = nearestNeighbors(data.X, q, this.params.k);
      const exact = this.params.weights === 'distance' && dist[0] === 0;
      let sum = 0;
      let wsum = 0;
      for (let p = 0; p < rows.length; p++) {
        if (exact && dist[p] !== 0) break;
        const w = this.params.weights === 'distance' && !exact ? 1 / dist[p] : 1;
        sum += w * data.y[rows[p]];
        wsum += w;
      }
      return sum / wsum;
    });
  }

  toString(): string {
    return describe('KNeighborsRegressor', this.params);
  }
}
