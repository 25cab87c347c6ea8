import { GaussianNB as MlGaussianNB } from 'ml-naivebayes';
import { describe, fitted, type Estimator, type OperatorInfo } from './operator.js';

/** Gaussian naive Bayes (ml-naivebayes). */
export class GaussianNB implements Estimator {
  static readonly info: OperatorInfo = { name: 'GaussianNB', kind: 'classifier', space: {}, create: () => new GaussianNB() };
  private model: MlGaussianNB | null = null;

  fit(X: number[][], y: number[]): this {
    this.model = new MlGaussianNB();
    this.model.train(X, y);
    return this;
  }

  predict(X: number[][]): number[] {
    return fitted(this.model, 'GaussianNB').predict(X);
  }

  toString(): string {
    return describe('GaussianNB', {});
  }
}
