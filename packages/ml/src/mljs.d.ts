// The parts of the mljs packages that ship no type declarations which @floe/ml uses.
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';
  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    train(X: Matrix, y: Matrix): void;
    predict(X: Matrix): number[];
  }
}
