/** Checks a feature matrix and its target: rows of equal length, finite numbers only, one target per row. */
export function checkData(where: string, X: readonly (readonly number[])[], y?: readonly number[]): void {
  if (!Array.isArray(X) || X.length === 0) throw new Error(`${where}: X must be a non-empty array of rows (number[][])`);
  const d = Array.isArray(X[0]) ? X[0].length : -1;
  if (d <= 0) throw new Error(`${where}: X[0] must be a non-empty array of numbers`);
  for (let i = 0; i < X.length; i++) {
    const row = X[i];
    if (!Array.isArray(row) || row.length !== d) throw new Error(`${where}: row ${i} of X has ${Array.isArray(row) ? row.length : 'no'} values, expected ${d}`);
    // ±∞ too: a distance to it is ∞ (a neighbour search then found none and predicted undefined)
    for (let j = 0; j < d; j++) if (typeof row[j] !== 'number' || !Number.isFinite(row[j])) throw new Error(`${where}: X[${i}][${j}] is ${String(row[j])}, expected a finite number`);
  }
  if (y === undefined) return;
  if (!Array.isArray(y) || y.length !== X.length) throw new Error(`${where}: y has ${Array.isArray(y) ? y.length : 'no'} values but X has ${X.length} rows`);
  for (let i = 0; i < y.length; i++) if (typeof y[i] !== 'number' || !Number.isFinite(y[i])) throw new Error(`${where}: y[${i}] is ${String(y[i])}, expected a finite number`);
}
