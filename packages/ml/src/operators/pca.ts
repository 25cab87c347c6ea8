import { PCA as MlPca } from 'ml-pca';
import { describe, fitted, withDefaults, type OperatorInfo, type Transformer } from './operator.js';

/** Projects centred rows on the first nComponents principal axes (ml-pca, SVD). */
export class PCA implements Transformer {
  static readonly info: OperatorInfo = {
    name: 'PCA',
    kind: 'preprocessor',
    space: { nComponents: [2, 5, 10, 20, 30, 40] },
    create: (p) => new PCA(p as { nComponents: number }),
  };
  readonly params: { nComponents: number };
  private model: MlPca | null = null;

  constructor(params: { nComponents?: number } = {}) {
    this.params = withDefaults('PCA', { nComponents: 10 }, params);
  }

  fit(X: number[][]): this {
    this.model = new MlPca(X, { center: true, scale: false });
    return this;
  }

  transform(X: number[][]): number[][] {
    const model = fitted(this.model, 'PCA');
    const k = Math.min(this.params.nComponents, X[0].length);
    return model.predict(X, { nComponents: k }).to2DArray();
  }

  toString(): string {
    return describe('PCA', this.params);
  }
}
