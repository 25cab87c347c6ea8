/**
 * Splits rows into a shuffled train and test part, as scikit-learn's train_test_split:
 *   const [Xtrain, Xtest, ytrain, ytest] = trainTestSplit(X, y, { testSize: 0.25, seed: 42, stratify: true });
 * `stratify` keeps each class's proportion in both parts (classification targets).
 */
import { Random } from '../random.js';
import { checkData } from './check-data.js';
import { provenanceOf, setProvenance, type Provenance } from './provenance.js';

export interface TrainTestSplitOptions {
  /** Fraction of rows in the test part (default 0.25), or a row count when ≥ 1. */
  testSize?: number;
  seed?: number;
  /** Keep class proportions (y holds class labels). */
  stratify?: boolean;
}

export function trainTestSplit(X: number[][], y: number[], options: TrainTestSplitOptions = {}): [number[][], number[][], number[], number[]] {
  checkData('trainTestSplit', X, y);
  const n = X.length;
  const testSize = options.testSize ?? 0.25;
  if (!(testSize > 0) || (testSize >= 1 && !Number.isInteger(testSize)) || testSize >= n) {
    throw new Error(`trainTestSplit: testSize must be a fraction in (0, 1) or a row count below ${n}, got ${testSize}`);
  }
  const nTest = testSize < 1 ? Math.ceil(testSize * n) : testSize;
  const seed = options.seed ?? 0;
  const random = new Random(seed);
  let test: number[];
  if (options.stratify) {
    const byClass = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      let rows = byClass.get(y[i]);
      if (!rows) byClass.set(y[i], (rows = []));
      rows.push(i);
    }
    test = [];
    const labels = [...byClass.keys()].sort((a, b) => a - b);
    // largest-remainder allocation of nTest over classes
    const exact = labels.map((l) => (byClass.get(l)!.length * nTest) / n);
    const take = exact.map(Math.floor);
    const order = labels.map((_, i) => i).sort((a, b) => exact[b] - take[b] - (exact[a] - take[a]) || a - b);
    for (let i = 0, left = nTest - take.reduce((s, v) => s + v, 0); left > 0; i++, left--) take[order[i]]++;
    labels.forEach((l, i) => test.push(...random.shuffle(byClass.get(l)!).slice(0, take[i])));
    test = random.shuffle(test);
  } else {
    test = random.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, nTest);
  }
  const inTest = new Uint8Array(n);
  for (const r of test) inTest[r] = 1;
  const train = random.shuffle(Array.from({ length: n }, (_, i) => i).filter((i) => !inTest[i]));
  const out: [number[][], number[][], number[], number[]] = [train.map((i) => X[i]), test.map((i) => X[i]), train.map((i) => y[i]), test.map((i) => y[i])];
  const source = provenanceOf(X);
  if (source && provenanceOf(y)) {
    const opts = { testSize, seed, stratify: options.stratify === true };
    const parts = ['Xtrain', 'Xtest', 'ytrain', 'ytest'] as const;
    out.forEach((v, i) => setProvenance(v, { kind: 'split', part: parts[i], source, options: opts } satisfies Provenance));
  }
  return out;
}
