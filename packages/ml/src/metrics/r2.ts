import { checkLengths } from './check-lengths.js';

/** The coefficient of determination 1 − SS_res / SS_tot (1 for a perfect fit; 0 if yTrue is constant and matched, as scikit-learn). */
export function r2(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkLengths('r2', yTrue, yPred);
  let mean = 0;
  for (let i = 0; i < yTrue.length; i++) mean += yTrue[i];
  mean /= yTrue.length;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < yTrue.length; i++) {
    res += (yTrue[i] - yPred[i]) ** 2;
    tot += (yTrue[i] - mean) ** 2;
  }
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
}

/** Mean squared error. */
export function meanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkLengths('meanSquaredError', yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (yTrue[i] - yPred[i]) ** 2;
  return s / yTrue.length;
}
