import { checkLengths } from './check-lengths.js';

/** The fraction of predictions equal to the true label. */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkLengths('accuracy', yTrue, yPred);
  let hit = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hit++;
  return hit / yTrue.length;
}
