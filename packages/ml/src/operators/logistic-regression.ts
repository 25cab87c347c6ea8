import LogisticRegressionModel from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { LabelCodes } from './label-codes.js';
import { describe, fitted, withDefaults, type Estimator, type OperatorInfo } from './operator.js';

type LrParams = { numSteps: number; learningRate: number };

// ml-logistic-regression fits no intercept: a constant column 1 gives it one
function withBias(X: number[][]): Matrix {
  return new Matrix(X.map((r) => [...r, 1]));
}

/** One-vs-rest logistic regression fitted by gradient descent (ml-logistic-regression). Scale the features first. */
export class LogisticRegression implements Estimator {
  static readonly info: OperatorInfo = {
    name: 'LogisticRegression',
    kind: 'classifier',
    space: { numSteps: [100, 300, 1000], learningRate: [0.0005, 0.001, 0.005, 0.01, 0.05] },
    create: (p) => new LogisticRegression(p as LrParams),
  };
  readonly params: LrParams;
  private model: LogisticRegressionModel | null = null;
  private labels: LabelCodes | null = null;

  constructor(params: Partial<LrParams> = {}) {
    this.params = withDefaults('LogisticRegression', { numSteps: 300, learningRate: 0.005 }, params);
  }

  fit(X: number[][], y: number[]): this {
    this.labels = new LabelCodes(y);
    this.model = new LogisticRegressionModel(this.params);
    this.model.train(withBias(X), Matrix.columnVector(this.labels.encode(y)));
    return this;
  }

  predict(X: number[][]): number[] {
    return fitted(this.labels, 'LogisticRegression').decode(fitted(this.model, 'LogisticRegression').predict(withBias(X)));
  }

  toString(): string {
    return describe('LogisticRegression', this.params);
  }
}
