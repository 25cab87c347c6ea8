/** Checks a feature matrix and its target: rows of equal length, finite numbers only, one target per row. */
export function checkData(where: string, X: readonly (readonly number[])[], y?: readonly number[]): void {
  if (ArrayBuffer.isView(X)) throw new Error(`${where}: X is a ${X.constructor.name}; give its rows as arrays of numbers (number[][])`);
  if (!Array.isArray(X) || X.length === 0) throw new Error(`${where}: X must be a non-empty array of rows (number[][])${X !== null && typeof X === 'object' && typeof (X as { compute?: unknown }).compute === 'function' ? '; a lazy collection is computed first, then its rows taken (a DataFrame: (await df.compute()).toRows())' : ''}`);
  const d = Array.isArray(X[0]) ? X[0].length : -1;
  if (ArrayBuffer.isView(X[0])) throw new Error(`${where}: X[0] is a ${X[0].constructor.name}; give each row as a plain array: X.map((r) => Array.from(r))`);
  if (d <= 0) throw new Error(`${where}: X[0] must be a non-empty array of numbers`);
  for (let i = 0; i < X.length; i++) {
    const row = X[i];
    if (!Array.isArray(row) || row.length !== d) throw new Error(`${where}: row ${i} of X has ${Array.isArray(row) ? row.length : 'no'} values, expected ${d}`);
    // ±∞ too: a distance to it is ∞ (a neighbour search then found none and predicted undefined)
    for (let j = 0; j < d; j++) if (typeof row[j] !== 'number' || !Number.isFinite(row[j])) throw new Error(`${where}: X[${i}][${j}] is ${shown(row[j])}, expected a finite number`);
  }
  if (y === undefined) return;
  if (ArrayBuffer.isView(y)) throw new Error(`${where}: y is a ${y.constructor.name}; give it as a plain array: Array.from(y)`);
  if (!Array.isArray(y) || y.length !== X.length) throw new Error(`${where}: y has ${Array.isArray(y) ? y.length : 'no'} values but X has ${X.length} rows`);
  for (let i = 0; i < y.length; i++) {
    if (typeof y[i] === 'number' && Number.isFinite(y[i])) continue;
    throw new Error(`${where}: y[${i}] is ${shown(y[i])}, expected a finite number${typeof y[i] === 'string' ? '; class labels are numbers: map them to 0, 1, …' : ''}`);
  }
}

/** A value as a message quotes it: strings in quotes ('0' is not 0). */
function shown(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}
