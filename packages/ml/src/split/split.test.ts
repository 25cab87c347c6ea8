import { describe, expect, it } from 'vitest';
import { kFold, stratifiedKFold } from './k-fold.js';
import { trainTestSplit } from './train-test-split.js';

describe('splits', () => {
  const X = Array.from({ length: 10 }, (_, i) => [i]);
  const y = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
  it('trainTestSplit keeps rows with their labels and is seeded', () => {
    const [a, b, ya, yb] = trainTestSplit(X, y, { testSize: 0.3, seed: 1 });
    expect(b.length).toBe(3);
    expect(a.length).toBe(7);
    for (const [rows, ys] of [[a, ya], [b, yb]] as const) rows.forEach((r, i) => expect(ys[i]).toBe(y[r[0]]));
    expect(trainTestSplit(X, y, { testSize: 0.3, seed: 1 })).toEqual([a, b, ya, yb]);
    expect([...a, ...b].map((r) => r[0]).sort((p, q) => p - q)).toEqual(X.map((r) => r[0]));
  });
  it('stratify keeps class proportions: 6/4 rows, half in test → 3 and 2', () => {
    const [, , , yb] = trainTestSplit(X, y, { testSize: 0.5, seed: 3, stratify: true });
    expect(yb.filter((v) => v === 0).length).toBe(3);
    expect(yb.filter((v) => v === 1).length).toBe(2);
  });
  it('bad testSize and ragged rows are named', () => {
    expect(() => trainTestSplit(X, y, { testSize: 1.5 })).toThrow('testSize');
    expect(() => trainTestSplit([[1, 2], [3]], [0, 1])).toThrow('row 1 of X has 1 values, expected 2');
    // ±∞ in X is refused with NaN (a neighbour search predicted undefined for it)
    expect(() => trainTestSplit([[1, 2], [Infinity, 1]], [0, 1])).toThrow('X[1][0] is Infinity, expected a finite number');
    // what they are, not "y has no values" / "y[0] is 0, expected a finite number"
    expect(() => trainTestSplit([[1], [2]], Int32Array.of(0, 1) as never)).toThrow('y is a Int32Array; give it as a plain array: Array.from(y)');
    expect(() => trainTestSplit([Float64Array.of(1), Float64Array.of(2)] as never, [0, 1])).toThrow('X[0] is a Float64Array; give each row as a plain array');
    expect(() => trainTestSplit([[1], [2]], ['0', '1'] as never)).toThrow('y[0] is "0", expected a finite number; class labels are numbers: map them to 0, 1, …');
  });
  it('kFold partitions rows into k nearly equal test folds', () => {
    const folds = kFold(10, 3, { shuffle: false });
    expect(folds.map((f) => f.test)).toEqual([[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(folds[1].train).toEqual([0, 1, 2, 3, 7, 8, 9]);
  });
  it('stratifiedKFold puts each class evenly in every fold', () => {
    for (const f of stratifiedKFold(y, 2, { seed: 5 })) {
      expect(f.test.filter((i) => y[i] === 0).length).toBe(3);
      expect(f.test.filter((i) => y[i] === 1).length).toBe(2);
    }
    expect(() => kFold(3, 5)).toThrow('cannot make 5 folds of 3 rows');
  });
});
