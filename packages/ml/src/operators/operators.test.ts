import { describe, expect, it } from 'vitest';
import { DecisionTreeClassifier } from './decision-tree.js';
import { GaussianNB } from './gaussian-nb.js';
import { KNeighborsClassifier } from './k-neighbors-classifier.js';
import { KNeighborsRegressor } from './k-neighbors-regressor.js';
import { LinearSVC } from './linear-svc.js';
import { LogisticRegression } from './logistic-regression.js';
import { MinMaxScaler } from './min-max-scaler.js';
import { PCA } from './pca.js';
import { PolynomialFeatures } from './polynomial-features.js';
import { Random } from '../random.js';
import { RandomForestClassifier } from './random-forest.js';
import { RidgeRegression } from './ridge.js';
import { RobustScaler } from './robust-scaler.js';
import { SelectKBest } from './select-k-best.js';
import { StandardScaler } from './standard-scaler.js';
import { VarianceThreshold } from './variance-threshold.js';

// two well-separated classes
const X = [[0, 0], [0, 1], [1, 0], [10, 10], [10, 11], [11, 10]];
const y = [0, 0, 0, 1, 1, 1];
const near = [[0.5, 0.5], [10.5, 10.5]];

describe('preprocessors (hand-computed)', () => {
  it('StandardScaler: column [1, 3] → [-1, 1]; a constant column → 0', () => {
    expect(new StandardScaler().fit([[1, 5], [3, 5]]).transform([[1, 5], [3, 5], [5, 5]])).toEqual([[-1, 0], [1, 0], [3, 0]]);
  });
  it('MinMaxScaler maps the training range to [0, 1]', () => {
    expect(new MinMaxScaler().fit([[2, 0], [6, 0]]).transform([[4, 0], [10, 0]])).toEqual([[0.5, 0], [2, 0]]);
  });
  it('RobustScaler: median 3, IQR 2 for [1, 2, 3, 4, 5]', () => {
    const s = new RobustScaler().fit([[1], [2], [3], [4], [5]]);
    expect(s.transform([[3], [7]])).toEqual([[0], [2]]);
  });
  it('VarianceThreshold drops a column whose variance is not above the threshold', () => {
    expect(new VarianceThreshold({ threshold: 0.5 }).fit([[1, 0, 9], [3, 1, 9]]).transform([[1, 0, 9]])).toEqual([[1]]);
    expect(() => new VarianceThreshold({ threshold: 100 }).fit([[1], [2]])).toThrow('no column has a variance above 100');
  });
  it('SelectKBest keeps the column that separates the classes (ANOVA F)', () => {
    const s = new SelectKBest({ k: 1 }).fit([[0, 5], [1, 4], [10, 5], [11, 4]], [0, 0, 1, 1]);
    // column 0: between SS 100 (df 1), within SS 1 (df 2) → F = 200; column 1: between 0 → F = 0
    expect(s.scores[0]).toBeCloseTo(200, 9);
    expect(s.scores[1]).toBe(0);
    expect(s.transform([[7, 8]])).toEqual([[7]]);
  });
  it('PolynomialFeatures degree 2: [a, b] → [a, b, a², ab, b²]; interactionOnly → [a, b, ab]', () => {
    expect(new PolynomialFeatures().fit().transform([[2, 3]])).toEqual([[2, 3, 4, 6, 9]]);
    expect(new PolynomialFeatures({ interactionOnly: true }).fit().transform([[2, 3]])).toEqual([[2, 3, 6]]);
  });
  it('PCA projects points on a line onto one component (distances kept)', () => {
    const out = new PCA({ nComponents: 1 }).fit([[1, 1], [2, 2], [3, 3]]).transform([[1, 1], [2, 2], [3, 3]]);
    expect(Math.abs(out[0][0] - out[1][0])).toBeCloseTo(Math.SQRT2, 9);
    expect(out[1][0]).toBeCloseTo(0, 9);
  });
});

describe('classifiers (separable data)', () => {
  for (const make of [
    () => new KNeighborsClassifier({ k: 3 }),
    () => new DecisionTreeClassifier({ maxDepth: 2, minNumSamples: 2 }),
    () => new RandomForestClassifier({ nEstimators: 5, maxFeatures: 1, maxDepth: 3 }, 1),
    () => new LogisticRegression({ numSteps: 500, learningRate: 0.05 }),
    () => new GaussianNB(),
    () => new LinearSVC({ C: 1, epochs: 20 }, 1),
  ]) {
    it(`${make().toString()} predicts the near class`, () => {
      expect(make().fit(X, y).predict(near)).toEqual([0, 1]);
    });
    it(`${make().toString()} predicts labels that are not 0 … k−1 (5 and 9; −1 and 2.5): the ones it was given`, () => {
      expect(make().fit(X, y.map((v) => (v === 0 ? 5 : 9))).predict(near)).toEqual([5, 9]);
      expect(make().fit(X, y.map((v) => (v === 0 ? -1 : 2.5))).predict(near)).toEqual([-1, 2.5]);
    });
  }
  it('kNN with distance weights: 1 close neighbour outvotes 2 far ones', () => {
    const knn = new KNeighborsClassifier({ k: 3, weights: 'distance' }).fit([[0], [3], [3.5]], [0, 1, 1]);
    // weights 1/1 for label 0, 1/2 + 1/2.5 = 0.9 for label 1
    expect(knn.predict([[1]])).toEqual([0]);
    expect(new KNeighborsClassifier({ k: 3 }).fit([[0], [3], [3.5]], [0, 1, 1]).predict([[1]])).toEqual([1]);
    expect(knn.toString()).toBe("KNeighborsClassifier(k=3, weights='distance')");
  });
  it('LinearSVC learns three classes whose features are in the hundreds, at any C (Pegasos, which it replaced, did not)', () => {
    const random = new Random(7);
    const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
    const make = (n: number): [number[][], number[]] => {
      const rows = Array.from({ length: n }, (_, i) => Array.from({ length: 6 }, (_, j) => 300 * (gauss() + (j === i % 3 ? 4 : 0))));
      return [rows, rows.map((_, i) => i % 3)];
    };
    const [train, labels] = make(300);
    const [test, truth] = make(150);
    for (const C of [0.01, 1, 25]) {
      const predicted = new LinearSVC({ C, epochs: 10 }, 1).fit(train, labels).predict(test);
      expect(predicted.filter((v, i) => v === truth[i]).length / truth.length, `C ${C}`).toBeGreaterThan(0.97);
    }
  });
  it('GaussianNB: a constant column does not break it (variance smoothing)', () => {
    expect(new GaussianNB().fit([[0, 7], [1, 7], [10, 7], [11, 7]], [0, 0, 1, 1]).predict([[2, 7], [9, 7]])).toEqual([0, 1]);
  });
  it('predict before fit and unknown parameters are named', () => {
    expect(() => new GaussianNB().predict(near)).toThrow('GaussianNB is not fitted');
    expect(() => new KNeighborsClassifier({ kk: 3 } as never)).toThrow("unknown parameter 'kk'");
  });
});

describe('regressors', () => {
  it('RidgeRegression with alpha 0 recovers y = 2x + 1', () => {
    const r = new RidgeRegression({ alpha: 0 }).fit([[0], [1], [2], [3]], [1, 3, 5, 7]);
    expect(r.coefficients.weights[0]).toBeCloseTo(2, 6);
    expect(r.coefficients.intercept).toBeCloseTo(1, 6);
  });
  it('KNeighborsRegressor averages the k nearest targets', () => {
    expect(new KNeighborsRegressor({ k: 2 }).fit([[0], [1], [10]], [2, 4, 100]).predict([[0.4]])).toEqual([3]);
  });
});
