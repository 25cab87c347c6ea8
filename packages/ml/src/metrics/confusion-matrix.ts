import { checkLengths } from './check-lengths.js';

export interface ConfusionMatrix {
  /** The labels, sorted: row i / column j of `matrix` is labels[i] / labels[j]. */
  labels: number[];
  /** matrix[i][j]: how many of true label i were predicted as label j. */
  matrix: number[][];
}

/** Counts of (true, predicted) label pairs over the labels that occur in either list. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): ConfusionMatrix {
  checkLengths('confusionMatrix', yTrue, yPred);
  const labels = [...new Set([...Array.from(yTrue), ...Array.from(yPred)])].sort((a, b) => a - b);
  const at = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  for (let i = 0; i < yTrue.length; i++) matrix[at.get(yTrue[i])!][at.get(yPred[i])!]++;
  return { labels, matrix };
}
