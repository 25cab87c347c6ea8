/**
 * Rows of X with a constant 1 after them (an intercept as one more weight), row-major in one
 * Float64Array, as the linear estimators fit and predict from. Every row must have d − 1 values;
 * `where` names the call in the error (`LogisticRegression.fit`).
 */
export function withBias(X: readonly (readonly number[])[], d: number, where: string): Float64Array {
  const A = new Float64Array(X.length * d);
  X.forEach((r, i) => {
    if (r.length !== d - 1) throw new Error(`${where}: row ${i} has ${r.length} values, expected ${d - 1}${where.endsWith('.predict') ? ' (as the rows it was fitted on)' : ''}`);
    A.set(r, i * d);
    A[i * d + d - 1] = 1;
  });
  return A;
}
