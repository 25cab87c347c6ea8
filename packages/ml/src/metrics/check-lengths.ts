/** The shared argument check of every metric: two equally long, non-empty label/value lists. */
export function checkLengths(name: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  if (yTrue.length !== yPred.length) throw new Error(`${name}(yTrue, yPred): yTrue has ${yTrue.length} values but yPred has ${yPred.length}`);
  if (yTrue.length === 0) throw new Error(`${name}(yTrue, yPred): no values`);
}
