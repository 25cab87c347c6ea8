import { nearestNeighbors } from './nearest-neighbors.js';
import { describe, fitted, withDefaults, type Estimator, type OperatorInfo } from './operator.js';

/**
 * k-nearest-neighbour vote; `weights: 'distance'` weighs each neighbour by 1/distance (an exact
 * match wins outright). Written here rather than with ml-knn: ml-knn has no distance weighting,
 * and its k-d tree is slower than brute force in 64 dimensions. Vote ties go to the smaller label.
 */
export class KNeighborsClassifier implements Estimator {
  static readonly info: OperatorInfo = {
    name: 'KNeighborsClassifier',
    kind: 'classifier',
    space: { k: [1, 2, 3, 5, 7, 9, 15, 25], weights: ['uniform', 'distance'] },
    create: (p) => new KNeighborsClassifier(p as { k: number; weights: 'uniform' | 'distance' }),
  };
  readonly params: { k: number; weights: string };
  private data: { X: number[][]; y: number[] } | null = null;

  constructor(params: { k?: number; weights?: 'uniform' | 'distance' } = {}) {
    this.params = withDefaults('KNeighborsClassifier', { k: 5, weights: 'uniform' as string }, params);
  }

  fit(X: number[][], y: number[]): this {
    this.data = { X, y };
    return this;
  }

  predict(X: number[][]): number[] {
    const data = fitted(this.data, 'KNeighborsClassifier');
    return X.map((q) => {
      const { rows, dist } = nearestNeighbors(data.X, q, this.params.k);
      const votes = new Map<number, number>();
      const exact = this.params.weights === 'distance' && dist[0] === 0;
      for (let p = 0; p < rows.length; p++) {
        if (exact && dist[p] !== 0) break;
        const w = this.params.weights === 'distance' && !exact ? 1 / dist[p] : 1;
        const label = data.y[rows[p]];
        votes.set(label, (votes.get(label) ?? 0) + w);
      }
      let best = Infinity;
      let bestVotes = -1;
      for (const [label, v] of votes) if (v > bestVotes || (v === bestVotes && label < best)) [best, bestVotes] = [label, v];
      return best;
    });
  }

  toString(): string {
    return describe('KNeighborsClassifier', this.params);
  }
}
