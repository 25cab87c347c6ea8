import { describe, expect, it } from 'vitest';
import { accuracy } from './accuracy.js';
import { confusionMatrix } from './confusion-matrix.js';
import { f1 } from './f1.js';
import { meanSquaredError, r2 } from './r2.js';

describe('metrics', () => {
  it('accuracy counts equal labels', () => {
    expect(accuracy([0, 1, 2, 2], [0, 2, 2, 2])).toBe(0.75);
  });
  it('confusionMatrix rows are true labels, columns predictions', () => {
    expect(confusionMatrix([0, 1, 2, 2], [0, 2, 2, 1])).toEqual({ labels: [0, 1, 2], matrix: [[1, 0, 0], [0, 0, 1], [0, 1, 1]] });
  });
  it('macro f1 averages per-label F1 (hand-computed: 1, 0, 0.5)', () => {
    expect(f1([0, 1, 2, 2], [0, 2, 2, 1])).toBeCloseTo((1 + 0 + 0.5) / 3, 12);
  });
  it('r2 and mse on a hand-computed case', () => {
    // mean 2, SS_tot = 2, SS_res = 0.25 + 0 + 0.25
    expect(r2([1, 2, 3], [1.5, 2, 2.5])).toBeCloseTo(1 - 0.5 / 2, 12);
    expect(meanSquaredError([1, 2, 3], [1.5, 2, 2.5])).toBeCloseTo(0.5 / 3, 12);
  });
  it('unequal lengths say which is which', () => {
    expect(() => accuracy([1, 2], [1])).toThrow('yTrue has 2 values but yPred has 1');
  });
});
