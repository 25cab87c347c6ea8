/** LogisticRegression over typed arrays: the rows' widths checked (ml-matrix, used before, refused a mismatch). */
import { describe, expect, it } from 'vitest';
import { LogisticRegression } from './logistic-regression.js';

describe('LogisticRegression', () => {
  it('rows of another width than its weights are refused by name (they were answered, or failed as "offset is out of bounds")', () => {
    const m = new LogisticRegression().fit([[0, 1], [1, 0], [0, 2], [2, 0]], [0, 1, 0, 1]);
    expect(m.predict([[0, 3], [3, 0]])).toEqual([0, 1]);
    expect(() => m.predict([[1, 2, 3]])).toThrow('LogisticRegression.predict: row 0 has 3 values, expected 2 (as the rows it was fitted on)');
    expect(() => new LogisticRegression().fit([[1, 2], [3]], [0, 1])).toThrow('LogisticRegression.fit: row 1 has 1 values, expected 2');
  });
});
