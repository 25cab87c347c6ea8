import { Random } from '../random.js';
import { argmax, treeData, growTree, leafCounts, type Tree } from './cart.js';
import { LabelCodes } from './label-codes.js';
import { describe, fitted, withDefaults, type Estimator, type OperatorInfo } from './operator.js';

type ForestParams = { nEstimators: number; maxFeatures: number; maxDepth: number };
const space = { nEstimators: [10, 25, 50], maxFeatures: [0.1, 0.25, 0.5, 0.75], maxDepth: [6, 10, 16] };

/**
 * Bagged CART trees (cart.ts), seeded: each tree grows on a bootstrap sample of the rows and
 * draws `maxFeatures` (a fraction of the features, at least one) candidate features at each node,
 * as scikit-learn's forest does; the prediction is the class of the highest mean leaf frequency.
 */
export class RandomForestClassifier implements Estimator {
  static readonly info: OperatorInfo = { name: 'RandomForestClassifier', seeded: true, kind: 'classifier', space, create: (p, seed) => new RandomForestClassifier(p as ForestParams, seed) };
  readonly params: ForestParams;
  private trees: Tree[] | null = null;
  private labels: LabelCodes | null = null;

  constructor(params: Partial<ForestParams> = {}, private readonly seed = 42) {
    this.params = withDefaults('RandomForestClassifier', { nEstimators: 25, maxFeatures: 0.25, maxDepth: 10 }, params);
  }

  fit(X: number[][], y: number[]): this {
    this.labels = new LabelCodes(y);
    const codes = Int32Array.from(this.labels.encode(y));
    const data = treeData(X);
    const rng = new Random(this.seed);
    const n = X.length;
    const maxFeatures = Math.max(1, Math.floor(this.params.maxFeatures * data.cols.length));
    this.trees = Array.from({ length: this.params.nEstimators }, () => {
      const rows = Int32Array.from({ length: n }, () => rng.int(n));
      return growTree(data, codes, this.labels!.classes.length, rows, { maxDepth: this.params.maxDepth, minNumSamples: 2, maxFeatures, rng });
    });
    return this;
  }

  predict(X: number[][]): number[] {
    const trees = fitted(this.trees, 'RandomForestClassifier');
    const k = fitted(this.labels, 'RandomForestClassifier').classes.length;
    const votes = new Float64Array(k);
    return this.labels!.decode(X.map((x) => {
      votes.fill(0);
      for (const t of trees) {
        const c = leafCounts(t, x);
        let size = 0;
        for (let j = 0; j < k; j++) size += c[j];
        for (let j = 0; j < k; j++) votes[j] += c[j] / size;
      }
      return argmax(votes);
    }));
  }

  toString(): string {
    return describe('RandomForestClassifier', this.params);
  }
}
