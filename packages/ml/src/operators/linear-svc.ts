import { Random } from '../random.js';
import { describe, fitted, withDefaults, type Estimator, type OperatorInfo } from './operator.js';
import { withBias } from './with-bias.js';

type SvcParams = { C: number; epochs: number };

/**
 * A linear support vector classifier, one-vs-rest: per class, the L2-regularized hinge-loss SVM
 * (min ½‖w‖² + C Σ max(0, 1 − yᵢ w·xᵢ), the intercept a constant feature 1 regularized with the
 * rest, as liblinear has it) solved in its dual by coordinate descent (Hsieh et al. 2008,
 * liblinear's and so scikit-learn's LinearSVC solver): `epochs` passes over the rows in a seeded
 * order, each row's dual variable set to its best value in [0, C] given the others. Written here:
 * the JS SVM packages are unmaintained bindings.
 *
 * Pegasos (stochastic sub-gradient steps of 1/(λt)), which this replaced, converged at a rate set
 * by the largest ‖x‖²: on the digits' degree-2 polynomial features (2 144 columns up to 256, the
 * search's PolynomialFeatures → LinearSVC) it predicted one class (accuracy 0.11; 0.92 with the
 * same features divided by 256). Coordinate descent steps by each row's own ‖x‖², so the
 * features' scale matters far less — scaling them first is still wise.
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
    // rows with the constant 1 after them (the intercept's feature), and each row's squared norm
    const A = withBias(X, d + 1, 'LinearSVC.fit');
    const norms = Float64Array.from({ length: n }, (_, i) => squaredNorm(A, i * (d + 1), d + 1));
    const w: Float64Array[] = [];
    const b: number[] = [];
    const signs = new Float64Array(n);
    for (const label of labels) {
      for (let i = 0; i < n; i++) signs[i] = y[i] === label ? 1 : -1;
      const wl = dualCoordinateDescent(A, norms, signs, n, d + 1, this.params.C, this.params.epochs, new Random(this.seed));
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

function squaredNorm(A: Float64Array, at: number, m: number): number {
  let s = 0;
  for (let j = 0; j < m; j++) s += A[at + j] * A[at + j];
  return s;
}

/** w of one binary problem (signs ±1): `epochs` seeded passes of dual coordinate descent, α in [0, C]. */
function dualCoordinateDescent(A: Float64Array, norms: Float64Array, signs: Float64Array, n: number, m: number, C: number, epochs: number, random: Random): Float64Array {
  const w = new Float64Array(m);
  const alpha = new Float64Array(n);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let e = 0; e < epochs; e++) {
    for (const i of random.shuffle(order)) {
      if (norms[i] === 0) continue;
      const at = i * m;
      let margin = 0;
      for (let j = 0; j < m; j++) margin += w[j] * A[at + j];
      const g = signs[i] * margin - 1;
      const a = alpha[i];
      // the projected gradient: zero where α is at a bound the gradient pushes it past
      if ((a === 0 && g >= 0) || (a === C && g <= 0) || g === 0) continue;
      const next = Math.min(Math.max(a - g / norms[i], 0), C);
      const step = (next - a) * signs[i];
      alpha[i] = next;
      for (let j = 0; j < m; j++) w[j] += step * A[at + j];
    }
  }
  return w;
}
