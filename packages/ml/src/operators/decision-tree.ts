import { argmax, treeData, growTree, leafCounts, type Tree } from './cart.js';
import { LabelCodes } from './label-codes.js';
import { describe, fitted, withDefaults, type Estimator, type OperatorInfo } from './operator.js';

type TreeParams = { maxDepth: number; minNumSamples: number };
const space = { maxDepth: [2, 4, 6, 8, 10], minNumSamples: [2, 5, 10, 20] };

/** A CART decision tree on Gini impurity (cart.ts); a node of fewer than minNumSamples rows is a leaf. */
export class DecisionTreeClassifier implements Estimator {
  static readonly info: OperatorInfo = { name: 'DecisionTreeClassifier', kind: 'classifier', space, create: (p) => new DecisionTreeClassifier(p as TreeParams) };
  readonly params: TreeParams;
  private tree: Tree | null = null;
  private labels: LabelCodes | null = null;

  constructor(params: Partial<TreeParams> = {}) {
    this.params = withDefaults('DecisionTreeClassifier', { maxDepth: 8, minNumSamples: 2 }, params);
  }

  fit(X: number[][], y: number[]): this {
    this.labels = new LabelCodes(y);
    const codes = Int32Array.from(this.labels.encode(y));
    this.tree = growTree(treeData(X), codes, this.labels.classes.length, Int32Array.from({ length: X.length }, (_, i) => i), this.params);
    return this;
  }

  predict(X: number[][]): number[] {
    const tree = fitted(this.tree, 'DecisionTreeClassifier');
    return fitted(this.labels, 'DecisionTreeClassifier').decode(X.map((x) => argmax(leafCounts(tree, x))));
  }

  toString(): string {
    return describe('DecisionTreeClassifier', this.params);
  }
}
