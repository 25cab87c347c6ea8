import { RandomForestClassifier as MlForestClassifier } from 'ml-random-forest';
import { LabelCodes } from './label-codes.js';
import { describe, fitted, withDefaults, type Estimator, type OperatorInfo } from './operator.js';

type ForestParams = { nEstimators: number; maxFeatures: number; maxDepth: number };
const space = { nEstimators: [10, 25, 50], maxFeatures: [0.1, 0.25, 0.5, 0.75], maxDepth: [6, 10, 16] };

function options(p: ForestParams, seed: number) {
  return { nEstimators: p.nEstimators, maxFeatures: p.maxFeatures, seed, replacement: true, useSampleBagging: true, noOOB: true, treeOptions: { maxDepth: p.maxDepth, minNumSamples: 2 } };
}

/** Bagged CART trees on random feature subsets, majority vote (ml-random-forest), seeded. */
export class RandomForestClassifier implements Estimator {
  static readonly info: OperatorInfo = { name: 'RandomForestClassifier', seeded: true, kind: 'classifier', space, create: (p, seed) => new RandomForestClassifier(p as ForestParams, seed) };
  readonly params: ForestParams;
  private model: MlForestClassifier | null = null;
  private labels: LabelCodes | null = null;

  constructor(params: Partial<ForestParams> = {}, private readonly seed = 42) {
    this.params = withDefaults('RandomForestClassifier', { nEstimators: 25, maxFeatures: 0.25, maxDepth: 10 }, params);
  }

  fit(X: number[][], y: number[]): this {
    this.model = new MlForestClassifier(options(this.params, this.seed) as never);
    this.labels = new LabelCodes(y);
    this.model.train(X, this.labels.encode(y));
    return this;
  }

  predict(X: number[][]): number[] {
    return fitted(this.labels, 'RandomForestClassifier').decode(fitted(this.model, 'RandomForestClassifier').predict(X));
  }

  toString(): string {
    return describe('RandomForestClassifier', this.params);
  }
}
