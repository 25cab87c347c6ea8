import { Random } from '../random.js';
import { describe, fitted, withDefaults, type Estimator, type OperatorInfo } from './operator.js';

type SvcParams = { C: number; epochs: number };

/**
 * A linear support vector classifier, one-vs-rest, trained by Pegasos (stochastic sub-gradient
 * descent on the hinge loss with λ = 1/(C·n)), seeded. Written here: the JS SVM packages are
 * unmaintained bindings. Scale the features first.
 */
export class LinearSVC implements Estimator {
  static readonly info: OperatorInfo = {
    name: 'LinearSVC',
    seeded: true,
    kind: 'classifier',
    space: { C: [0.001, 0.01, 0.1, 1, 10, 25], epochs: [5, 10, 20] },
    create: (p, seed) => new LinearSVC(p as SvcParams, seed),
  };
  readonly params: SvcParams;
  private model: { labels: number[]; w: Float64Array[]; b: number[] } | null = null;

  constructor(params: Partial<SvcParams> = {}, private readonly seed = 42) {
    this.params = withDefaults('LinearSVC', { C: 1, epochs: 10 }, params);
  }

  fit(X: number[][], y: number[]): this {
    const labels = [...new Set(y)].sort((a, b) => a - b);
    const n = X.length;
    const d = X[0].length;
    const lambda = 1 / (this.params.C * n);
    const w: Float64Array[] = [];
    const b: number[] = [];
    for (const label of labels) {
      // the bias is the weight of a constant feature 1 (regularized with the rest, as liblinear does)
      const random = new Random(this.seed);
      const wl = new Float64Array(d + 1);
      const radius = 1 / Math.sqrt(lambda);
      let t = 0;
      for (let e = 0; e < this.params.epochs; e++) {
        for (const i of random.shuffle(X.map((_, r) => r))) {
          t++;
          const eta = 1 / (lambda * t);
          const yi = y[i] === label ? 1 : -1;
          const row = X[i];
          let m = wl[d];
          for (let j = 0; j < d; j++) m += wl[j] * row[j];
          const shrink = 1 - eta * lambda;
          for (let j = 0; j <= d; j++) wl[j] *= shrink;
          if (yi * m < 1) {
            for (let j = 0; j < d; j++) wl[j] += eta * yi * row[j];
            wl[d] += eta * yi;
          }
          let norm = 0;
          for (let j = 0; j <= d; j++) norm += wl[j] * wl[j];
          norm = Math.sqrt(norm);
          if (norm > radius) for (let j = 0; j <= d; j++) wl[j] *= radius / norm;
        }
      }
      w.push(wl.subarray(0, d));
      b.push(wl[d]);
    }
    this.model = { labels, w, b };
    return this;
  }

  predict(X: number[][]): number[] {
    const { labels, w, b } = fitted(this.model, 'LinearSVC');
    return X.map((row) => {
      let best = 0;
      let bestM = -Infinity;
      for (let c = 0; c < labels.length; c++) {
        let m = b[c];
        for (let j = 0; j < row.length; j++) m += w[c][j] * row[j];
        if (m > bestM) [best, bestM] = [c, m];
      }
      return labels[best];
    });
  }

  toString(): string {
    return describe('LinearSVC', this.params);
  }
}
