import { DecisionTreeClassifier as CartClassifier } from 'ml-cart';
import { LabelCodes } from './label-codes.js';
import { describe, fitted, withDefaults, type Estimator, type OperatorInfo } from './operator.js';

type TreeParams = { maxDepth: number; minNumSamples: number };
const space = { maxDepth: [2, 4, 6, 8, 10], minNumSamples: [2, 5, 10, 20] };

/** A CART decision tree on Gini impurity (ml-cart). */
export class DecisionTreeClassifier implements Estimator {
  static readonly info: OperatorInfo = { name: 'DecisionTreeClassifier', kind: 'classifier', space, create: (p) => new DecisionTreeClassifier(p as TreeParams) };
  readonly params: TreeParams;
  private model: CartClassifier | null = null;
  private labels: LabelCodes | null = null;

  constructor(params: Partial<TreeParams> = {}) {
    this.params = withDefaults('DecisionTreeClassifier', { maxDepth: 8, minNumSamples: 2 }, params);
  }

  fit(X: number[][], y: number[]): this {
    this.model = new CartClassifier({ gainFunction: 'gini', ...this.params });
    this.labels = new LabelCodes(y);
    this.model.train(X, this.labels.encode(y));
    return this;
  }

  predict(X: number[][]): number[] {
    return fitted(this.labels, 'DecisionTreeClassifier').decode(fitted(this.model, 'DecisionTreeClassifier').predict(X));
  }

  toString(): string {
    return describe('DecisionTreeClassifier', this.params);
  }
}
