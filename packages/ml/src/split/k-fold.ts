/**
 * Cross-validation folds as index lists. kFold cuts (optionally shuffled) rows into k nearly
 * equal consecutive parts; stratifiedKFold deals each class's (shuffled) rows round-robin over
 * the folds so every fold keeps the class proportions, like scikit-learn's StratifiedKFold.
 */
import { Random } from '../random.js';

export interface Fold {
  train: number[];
  test: number[];
}

export interface KFoldOptions {
  /** Shuffle the rows first (default true), with this seed (default 0). */
  shuffle?: boolean;
  seed?: number;
}

export function kFold(n: number, k: number, options: KFoldOptions = {}): Fold[] {
  checkK(n, k);
  const order = Array.from({ length: n }, (_, i) => i);
  const rows = options.shuffle === false ? order : new Random(options.seed ?? 0).shuffle(order);
  const folds: number[][] = Array.from({ length: k }, () => []);
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    folds[f] = rows.slice(start, start + size);
    start += size;
  }
  return toFolds(folds, n);
}

export function stratifiedKFold(y: readonly number[], k: number, options: KFoldOptions = {}): Fold[] {
  checkK(y.length, k);
  const random = new Random(options.seed ?? 0);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < y.length; i++) {
    let rows = byClass.get(y[i]);
    if (!rows) byClass.set(y[i], (rows = []));
    rows.push(i);
  }
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = options.shuffle === false ? byClass.get(label)! : random.shuffle(byClass.get(label)!);
    for (const r of rows) {
      folds[next].push(r);
      next = (next + 1) % k;
    }
  }
  return toFolds(folds, y.length);
}

function toFolds(folds: number[][], n: number): Fold[] {
  return folds.map((test) => {
    const inTest = new Uint8Array(n);
    for (const r of test) inTest[r] = 1;
    const train: number[] = [];
    for (let i = 0; i < n; i++) if (!inTest[i]) train.push(i);
    return { train, test: [...test].sort((a, b) => a - b) };
  });
}

function checkK(n: number, k: number): void {
  if (!Number.isInteger(k) || k < 2) throw new Error(`k-fold: k must be an integer ≥ 2, got ${k}`);
  if (k > n) throw new Error(`k-fold: cannot make ${k} folds of ${n} rows`);
}
