import { Matrix, solve } from 'ml-matrix';
import { describe, fitted, withDefaults, type Estimator, type OperatorInfo } from './operator.js';

/** Least squares with an L2 penalty α‖w‖² on centred data (the intercept is not penalised), solved with ml-matrix. */
export class RidgeRegression implements Estimator {
  static readonly info: OperatorInfo = {
    name: 'RidgeRegression',
    kind: 'regressor',
    space: { alpha: [0, 0.001, 0.01, 0.1, 1, 10, 100] },
    create: (p) => new RidgeRegression(p as { alpha: number }),
  };
  readonly params: { alpha: number };
  private model: { w: number[]; b: number } | null = null;

  constructor(params: { alpha?: number } = {}) {
    this.params = withDefaults('RidgeRegression', { alpha: 1 }, params);
  }

  fit(X: number[][], y: number[]): this {
    const n = X.length;
    const d = X[0].length;
    const xMean = Array.from({ length: d }, (_, j) => X.reduce((s, r) => s + r[j], 0) / n);
    const yMean = y.reduce((s, v) => s + v, 0) / n;
    const Xc = new Matrix(X.map((r) => r.map((v, j) => v - xMean[j])));
    const A = Xc.transpose().mmul(Xc);
    // a tiny ridge keeps α = 0 solvable when columns are collinear
    for (let j = 0; j < d; j++) A.set(j, j, A.get(j, j) + Math.max(this.params.alpha, 1e-10));
    const rhs = Xc.transpose().mmul(Matrix.columnVector(y.map((v) => v - yMean)));
    const w = solve(A, rhs).getColumn(0);
    this.model = { w, b: yMean - w.reduce((s, wj, j) => s + wj * xMean[j], 0) };
    return this;
  }

  predict(X: number[][]): number[] {
    const { w, b } = fitted(this.model, 'RidgeRegression');
    return X.map((r) => r.reduce((s, v, j) => s + v * w[j], b));
  }

  get coefficients(): { weights: number[]; intercept: number } {
    const { w, b } = fitted(this.model, 'RidgeRegression');
    return { weights: [...w], intercept: b };
  }

  toString(): string {
    return describe('RidgeRegression', this.params);
  }
}
