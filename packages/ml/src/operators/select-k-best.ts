import { describe, fitted, withDefaults, type OperatorInfo, type Transformer } from './operator.js';

/**
 * Keeps the k columns with the highest ANOVA F statistic between the classes (scikit-learn's
 * SelectKBest(f_classif)): F = (between-class variance / (c − 1)) / (within-class variance / (n − c)).
 * A column constant within every class scores +∞ when its means differ, 0 when they do not.
 */
export class SelectKBest implements Transformer {
  static readonly info: OperatorInfo = {
    name: 'SelectKBest',
    kind: 'preprocessor',
    space: { k: [5, 10, 20, 30, 40, 50] },
    create: (p) => new SelectKBest(p as { k: number }),
  };
  readonly params: { k: number };
  private keep: number[] | null = null;
  scores: number[] = [];

  constructor(params: { k?: number } = {}) {
    this.params = withDefaults('SelectKBest', { k: 10 }, params);
  }

  fit(X: number[][], y: number[]): this {
    this.scores = anovaF(X, y);
    const order = this.scores.map((_, j) => j).sort((a, b) => this.scores[b] - this.scores[a] || a - b);
    this.keep = order.slice(0, Math.min(this.params.k, order.length)).sort((a, b) => a - b);
    return this;
  }

  transform(X: number[][]): number[][] {
    const keep = fitted(this.keep, 'SelectKBest');
    return X.map((row) => keep.map((j) => row[j]));
  }

  toString(): string {
    return describe('SelectKBest', this.params);
  }
}

export function anovaF(X: number[][], y: number[]): number[] {
  const n = X.length;
  const d = X[0].length;
  const classes = [...new Set(y)];
  const c = classes.length;
  const at = new Map(classes.map((l, i) => [l, i]));
  const counts = new Float64Array(c);
  const sums = classes.map(() => new Float64Array(d));
  const total = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const g = at.get(y[i])!;
    counts[g]++;
    for (let j = 0; j < d; j++) {
      sums[g][j] += X[i][j];
      total[j] += X[i][j];
    }
  }
  const out: number[] = [];
  for (let j = 0; j < d; j++) {
    const mean = total[j] / n;
    let between = 0;
    for (let g = 0; g < c; g++) between += counts[g] * (sums[g][j] / counts[g] - mean) ** 2;
    let within = 0;
    for (let i = 0; i < n; i++) within += (X[i][j] - sums[at.get(y[i])!][j] / counts[at.get(y[i])!]) ** 2;
    const f = (between / (c - 1)) / (within / (n - c));
    out.push(Number.isNaN(f) ? 0 : f);
  }
  return out;
}
