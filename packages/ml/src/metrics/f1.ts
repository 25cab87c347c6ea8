import { confusionMatrix } from './confusion-matrix.js';

/**
 * Macro-averaged F1: the unweighted mean over labels of 2·precision·recall / (precision + recall),
 * a label with no true and no predicted samples never occurring; an undefined F1 (0/0) counts 0,
 * as scikit-learn's `f1_score(average='macro')` does.
 */
export function f1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { matrix } = confusionMatrix(yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < matrix.length; i++) {
    const tp = matrix[i][i];
    let actual = 0;
    let predicted = 0;
    for (let j = 0; j < matrix.length; j++) {
      actual += matrix[i][j];
      predicted += matrix[j][i];
    }
    sum += actual + predicted === 0 ? 0 : (2 * tp) / (actual + predicted);
  }
  return sum / matrix.length;
}
