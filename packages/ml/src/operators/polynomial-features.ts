import { describe, withDefaults, type OperatorInfo, type Transformer } from './operator.js';

/** Degree-2 polynomial features: [x1..xd, x1², x1·x2, …, xd²] (no bias column), or only the products with interactionOnly. */
export class PolynomialFeatures implements Transformer {
  static readonly info: OperatorInfo = {
    name: 'PolynomialFeatures',
    kind: 'preprocessor',
    space: { interactionOnly: [false, true] },
    create: (p) => new PolynomialFeatures(p as { interactionOnly: boolean }),
  };
  readonly params: { interactionOnly: boolean };

  constructor(params: { interactionOnly?: boolean } = {}) {
    this.params = withDefaults('PolynomialFeatures', { interactionOnly: false as boolean }, params);
  }

  fit(): this {
    return this;
  }

  transform(X: number[][]): number[][] {
    const skip = this.params.interactionOnly ? 1 : 0;
    return X.map((row) => {
      const out = [...row];
      for (let a = 0; a < row.length; a++) for (let b = a + skip; b < row.length; b++) out.push(row[a] * row[b]);
      return out;
    });
  }

  toString(): string {
    return describe('PolynomialFeatures', this.params);
  }
}
