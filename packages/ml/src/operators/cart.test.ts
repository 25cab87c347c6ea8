/** The CART tree (cart.ts) against answers worked out by hand, and the forest on the digits. */
import { describe, expect, it } from 'vitest';
import { loadDigits } from '../load-digits.js';
import { accuracy } from '../metrics/accuracy.js';
import { trainTestSplit } from '../split/train-test-split.js';
import { argmax, growTree, leafCounts, treeData } from './cart.js';
import { DecisionTreeClassifier } from './decision-tree.js';
import { RandomForestClassifier } from './random-forest.js';

const all = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

describe('CART tree', () => {
  it('splits at the midpoint between distinct values, on the feature that separates the classes', () => {
    // feature 0 is noise; feature 1 separates class 0 (≤ 3) from class 1 (≥ 5)
    const X = [[7, 1], [1, 3], [5, 5], [2, 9], [9, 2], [4, 6]];
    const y = Int32Array.of(0, 0, 1, 1, 0, 1);
    const t = growTree(treeData(X), y, 2, all(6), { maxDepth: 5, minNumSamples: 2 });
    expect([t.feature[0], t.threshold[0]]).toEqual([1, 4]);
    expect(t.feature.length).toBe(3); // the root and two pure leaves
    expect(X.map((x) => argmax(leafCounts(t, x)))).toEqual([...y]);
    expect([...leafCounts(t, [0, 4])]).toEqual([3, 0]); // ≤ the threshold goes left
  });

  it('stops at maxDepth, below minNumSamples rows and where every feature is constant', () => {
    const X = [[1], [2], [3], [4]];
    const y = Int32Array.of(0, 1, 0, 1); // needs three splits to be pure
    expect(growTree(treeData(X), y, 2, all(4), { maxDepth: 1, minNumSamples: 2 }).feature.length).toBe(3);
    expect(growTree(treeData(X), y, 2, all(4), { maxDepth: 9, minNumSamples: 5 }).feature.length).toBe(1);
    const same = growTree(treeData([[3], [3], [3]]), Int32Array.of(0, 1, 1), 2, all(3), { maxDepth: 9, minNumSamples: 2 });
    expect(same.feature.length).toBe(1);
    expect([...leafCounts(same, [3])]).toEqual([1, 2]);
  });

  it('a threshold between neighbouring floats or past the largest double still sends each side its way; NaN and no features are refused', () => {
    const cases: [number[], number[]][] = [
      [[1, 2, 3, Infinity, Infinity], [0, 0, 0, 1, 1]],
      [[0.3, 0.3, 0.30000000000000004, 0.30000000000000004], [0, 0, 1, 1]],
      [[1e308, 1.5e308, 1.7e308, 1.79e308], [0, 0, 1, 1]],
    ];
    for (const [x, y] of cases) {
      const X = x.map((v) => [v]);
      expect(new DecisionTreeClassifier().fit(X, y).predict(X)).toEqual(y);
    }
    expect(() => new DecisionTreeClassifier().fit([[1], [Number.NaN]], [0, 1])).toThrow('a tree cannot split on NaN: row 1, feature 0 of X');
    expect(() => new DecisionTreeClassifier().fit([[], []], [0, 1])).toThrow('a tree needs at least one feature');
  });

  it('counts a row drawn several times (a bootstrap sample) that many times', () => {
    const X = [[1], [2], [3]];
    const t = growTree(treeData(X), Int32Array.of(0, 1, 1), 2, Int32Array.of(0, 0, 0, 2), { maxDepth: 0, minNumSamples: 2 });
    expect([...leafCounts(t, [1])]).toEqual([3, 1]);
  });
});

describe('trees on the digits (test half of a seeded 50/50 split)', () => {
  const { data, target } = loadDigits();
  const [Xtr, Xte, ytr, yte] = trainTestSplit(data, target, { testSize: 0.5, seed: 42 });

  it('a tree and a forest predict well; a forest is the same for the same seed', () => {
    expect(accuracy(yte, new DecisionTreeClassifier().fit(Xtr, ytr).predict(Xte))).toBeGreaterThan(0.8);
    const a = new RandomForestClassifier({}, 7).fit(Xtr, ytr).predict(Xte);
    expect(accuracy(yte, a)).toBeGreaterThan(0.93);
    expect(new RandomForestClassifier({}, 7).fit(Xtr, ytr).predict(Xte)).toEqual(a);
    expect(new RandomForestClassifier({}, 8).fit(Xtr, ytr).predict(Xte)).not.toEqual(a);
  });
});
